/** Handlebars templates from a folder: parts, partials, layouts, helpers, locales; validated at compile time. */
import type { TemplateRenderer } from '../transport/template-renderer.js';
import { compileHandlebarsFolder, type HandlebarsFolderOptions } from './handlebars-folder.js';
import type { TemplateOutputOptions } from './output.js';
import { compiledRenderer } from './renderer.js';

export type { HandlebarsHelper } from './handlebars-folder.js';

/** Options of {@link handlebarsTemplates}. */
export interface HandlebarsTemplatesOptions<Contexts extends object = Record<string, unknown>>
  extends HandlebarsFolderOptions<Contexts>, TemplateOutputOptions {}

/**
 * Handlebars templates from a folder, compiled once at startup:
 * ```
 * templates/
 *   welcome.subject.hbs  welcome.html.hbs (or welcome.hbs)  welcome.text.hbs
 *   fr/welcome.html.hbs          (a locale's version; fr-CA falls back to fr, then to the default)
 *   partials/footer.hbs          ({{> footer}})
 *   layouts/main.hbs             ({{{body}}} receives the html part)
 * ```
 * The html part is HTML-escaped (`{{value}}`); subject and text parts are plain text, not escaped (the composer
 * encodes the subject, so no value can add a header line). `{{{value}}}` writes raw HTML: never use it for
 * user input. A template with html and no text part gets one derived from the html (`deriveText`). Needs the
 * `handlebars` package, and `html-to-text` unless `deriveText` is false.
 * @throws SmtpError ECONFIG (from `compile()`) for a missing package, folder, template, partial or layout, or a
 *   syntax error, naming the file and line.
 * @example
 * const templates = handlebarsTemplates<{ welcome: { name: string } }>({ dir: join(import.meta.dirname, 'templates') });
 */
export function handlebarsTemplates<Contexts extends object = Record<string, unknown>>(
  options: HandlebarsTemplatesOptions<Contexts>,
): TemplateRenderer<Contexts> {
  return compiledRenderer(() => compileHandlebarsFolder(options as HandlebarsFolderOptions<object>), options);
}
