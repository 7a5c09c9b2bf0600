/** MJML templates: Handlebars fills the `.mjml` html part, then MJML turns it into HTML that email clients render. */
import { join } from 'node:path';
import { SmtpError } from '../core/errors.js';
import type { TemplateRenderer } from '../transport/template-renderer.js';
import { compileHandlebarsFolder, type HandlebarsFolderOptions, type HtmlEngine } from './handlebars-folder.js';
import { loadOptionalPeer } from './optional-peer.js';
import type { TemplateOutputOptions } from './output.js';
import { compiledRenderer } from './renderer.js';
import type { TemplateFile } from './template-files.js';

/** Options given to MJML as they are (`fonts`, `keepComments`, ...); `validationLevel` is the adapter's own. */
export interface MjmlOptions {
  /** Web fonts MJML may link when a template uses them, by family name. */
  fonts?: Record<string, string>;
  /** @defaultValue true (MJML's) */
  keepComments?: boolean;
  /** `mj-include` is off unless set to false: templates share markup through Handlebars partials. @defaultValue true */
  ignoreIncludes?: boolean;
  [option: string]: unknown;
}

/** Options of {@link mjmlTemplates}. */
export interface MjmlTemplatesOptions<Contexts extends object = Record<string, unknown>>
  extends HandlebarsFolderOptions<Contexts>, TemplateOutputOptions {
  /** Passed to `mjml2html`. */
  mjml?: MjmlOptions;
}

/** The part of MJML this adapter uses; declared here so that our types never require the package. */
type Mjml2Html = (source: string, options: object) => MjmlResult | Promise<MjmlResult>;
interface MjmlResult {
  html: string;
  errors: MjmlError[];
}
interface MjmlError {
  line?: number;
  tagName?: string;
  message: string;
}

/**
 * MJML templates from a folder, compiled and checked once at startup. The layout is the Handlebars one, with
 * `.mjml` html parts:
 * ```
 * templates/
 *   welcome.subject.hbs  welcome.mjml  welcome.text.hbs   (subject and text stay Handlebars)
 *   fr/welcome.mjml              (a locale's version; fr-CA falls back to fr, then to the default)
 *   partials/button.mjml         ({{> button}})
 *   layouts/main.mjml            (<mjml><mj-body>{{{body}}}</mj-body></mjml>)
 * ```
 * Handlebars fills the `.mjml` part first (HTML-escaped; `{{{value}}}` writes raw markup: never use it for user
 * input), the layout wraps it, then MJML renders it. At `compile()` each part is filled from an empty context and
 * given to MJML, so that an unknown tag or attribute stops the startup; at render, an MJML error fails the send
 * with ETEMPLATE. Needs the `mjml` (5) and `handlebars` packages, and `html-to-text` unless `deriveText` is false.
 * @throws SmtpError ECONFIG (from `compile()`) for a missing package, folder, template, partial or layout, a
 *   Handlebars syntax error or an MJML error, naming the file and line.
 * @example
 * const templates = mjmlTemplates<{ welcome: { name: string } }>({ dir: join(import.meta.dirname, 'templates') });
 */
export function mjmlTemplates<Contexts extends object = Record<string, unknown>>(
  options: MjmlTemplatesOptions<Contexts>,
): TemplateRenderer<Contexts> {
  return compiledRenderer(async () => {
    const mjml2html = await loadOptionalPeer<Mjml2Html>('mjml', 'MJML templates');
    return compileHandlebarsFolder(options as HandlebarsFolderOptions<object>, mjmlEngine(mjml2html, options as MjmlTemplatesOptions<object>));
  }, options);
}

function mjmlEngine(mjml2html: Mjml2Html, options: MjmlTemplatesOptions<object>): HtmlEngine {
  // MJML's 'soft' level renders and lists errors; the adapter decides what they mean (ECONFIG or ETEMPLATE).
  const run = async (source: string, file: TemplateFile): Promise<MjmlResult> =>
    mjml2html(source, { ignoreIncludes: true, ...options.mjml, filePath: join(options.dir, file.path), validationLevel: 'soft' });
  return {
    feature: 'MJML templates',
    htmlExtension: '.mjml',
    async render(source, file) {
      const result = await run(source, file);
      if (result.errors.length > 0) throw new Error(`MJML ${file.path}: ${describeErrors(result.errors)}`);
      return result.html;
    },
    async check(source, file) {
      let result: MjmlResult;
      try {
        result = await run(source, file);
      } catch (err) {
        throw new SmtpError('ECONFIG', `template ${file.path}: ${(err as Error).message}`, { cause: err });
      }
      if (result.errors.length > 0) throw new SmtpError('ECONFIG', `template ${file.path}: ${describeErrors(result.errors)}`);
    },
  };
}

/** `line 4 <mj-text>: Attribute foo is illegal`: the line counts in the MJML as Handlebars and the layout filled it. */
function describeErrors(errors: MjmlError[]): string {
  return errors
    .map((error) => `${error.line ? `line ${error.line} ` : ''}${error.tagName ? `<${error.tagName}>` : ''}: ${error.message}`)
    .join('; ');
}
