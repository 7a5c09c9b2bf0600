/** The `nestjs-smtp/templates` entry: template adapters (functions, Handlebars), each loading its engine on first use. */
export { functionTemplates } from './templates/functions.js';
export type { TemplateFunction, FunctionContexts } from './templates/functions.js';
export { handlebarsTemplates } from './templates/handlebars.js';
export type { HandlebarsTemplatesOptions, HandlebarsHelper } from './templates/handlebars.js';
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
