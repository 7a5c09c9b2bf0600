/** The `nestjs-smtp/templates` entry: template adapters (functions, Handlebars, MJML, React Email), each loading its engine on first use. */
export { functionTemplates } from './templates/functions.js';
export type { TemplateFunction, FunctionContexts } from './templates/functions.js';
export { handlebarsTemplates } from './templates/handlebars.js';
export type { HandlebarsTemplatesOptions } from './templates/handlebars.js';
export type { HandlebarsHelper, HandlebarsFolderOptions } from './templates/handlebars-folder.js';
export { mjmlTemplates } from './templates/mjml.js';
export type { MjmlTemplatesOptions, MjmlOptions } from './templates/mjml.js';
export { reactEmailTemplates } from './templates/react-email.js';
export type { ReactEmailTemplate, ReactEmailComponent, ReactEmailProps, ReactEmailContexts, ReactEmailTemplatesOptions } from './templates/react-email.js';
export type { TemplateOutputOptions } from './templates/output.js';
export { localeChain } from './templates/locale.js';
export type {
  TemplateRenderer,
  RenderedTemplate,
  TemplateRequest,
  TemplateContexts,
  TypedMessage,
  MessageFor,
  TemplateUse,
} from './transport/template-renderer.js';
