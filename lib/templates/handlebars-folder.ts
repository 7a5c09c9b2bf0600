/** A folder of Handlebars templates compiled once: what the Handlebars and MJML adapters share. */
import { SmtpError } from '../core/errors.js';
import type { RenderedTemplate } from '../transport/template-renderer.js';
import { pickLocale } from './locale.js';
import { loadOptionalPeer } from './optional-peer.js';
import type { RenderTemplate } from './renderer.js';
import { readTemplateFolder, type TemplateFile, type TemplateFolder, type TemplatePart } from './template-files.js';

/** A Handlebars helper, as `Handlebars.registerHelper` takes it. */
// Helpers receive whatever the template passes (values, then Handlebars' options object): their arguments are untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HandlebarsHelper = (...args: any[]) => unknown;

/** Where the templates are and how Handlebars reads them: options shared by the Handlebars and MJML adapters. */
export interface HandlebarsFolderOptions<Contexts extends object = Record<string, unknown>> {
  /**
   * The template folder, as an absolute path: `join(import.meta.dirname, 'templates')` in ESM,
   * `join(__dirname, 'templates')` in CommonJS. Copy it next to the compiled code (`assets` in nest-cli.json).
   */
  dir: string;
  /** Templates that must exist; a missing one stops the startup. Defaults to the names found in the folder. */
  names?: ReadonlyArray<keyof Contexts & string>;
  /** Helpers available to every template. */
  helpers?: Record<string, HandlebarsHelper>;
  /**
   * The layout from `layouts/` the html part is rendered into (as `{{{body}}}`); `false` for none.
   * @defaultValue 'main' when a `layouts/main` file exists
   */
  layout?: string | false;
  /** Throw on a missing variable instead of rendering nothing (Handlebars' `strict`). @defaultValue false */
  strict?: boolean;
  /** The extension of Handlebars files. @defaultValue '.hbs' */
  extension?: string;
}

/** What an engine does to the html part once Handlebars has filled it and its layout has wrapped it. */
export interface HtmlEngine {
  /** Names the feature in the message when Handlebars is not installed: `MJML templates`. */
  feature: string;
  /** The html part's own extension (`.mjml`); subject and text parts stay Handlebars files. */
  htmlExtension: string;
  /** Turns the filled html part of `file` into the HTML sent. Throws at render: the transport reports ETEMPLATE. */
  render(source: string, file: TemplateFile): Promise<string>;
  /**
   * Checks the html part of `file` once at compile time, filled from an empty context.
   * @throws SmtpError ECONFIG naming the file and line.
   */
  check(source: string, file: TemplateFile): Promise<void>;
}

/** The part of Handlebars this adapter uses; declared here so that our types never require the package. */
interface HandlebarsEnvironment {
  create(): HandlebarsEnvironment;
  parse(source: string): HandlebarsNode;
  precompile(source: string, options?: object): unknown;
  compile(source: string, options?: object): (context: unknown) => string;
  registerPartial(name: string, source: string): void;
  registerHelper(name: string, helper: HandlebarsHelper): void;
}
interface HandlebarsNode {
  type: string;
  name?: { original?: unknown };
  [key: string]: unknown;
}

/** A compiled file: `fill` obeys the `strict` option; `fillLenient` never throws on a missing value (for checks). */
interface CompiledFile {
  file: TemplateFile;
  fill: (context: unknown) => string;
  fillLenient: (context: unknown) => string;
}

type CompiledParts = Map<TemplatePart, CompiledFile>;

/**
 * Reads and compiles every template, partial and layout of `options.dir`, and returns the function that renders
 * one: parts filled, the html part put in its layout and then given to `engine`, the subject trimmed.
 * @throws SmtpError ECONFIG for a missing package, folder, template, partial or layout, or a syntax error,
 *   naming the file and line.
 */
export async function compileHandlebarsFolder(options: HandlebarsFolderOptions<object>, engine?: HtmlEngine): Promise<RenderTemplate> {
  const handlebars = await loadOptionalPeer<HandlebarsEnvironment>('handlebars', engine?.feature ?? 'Handlebars templates');
  const extension = options.extension ?? '.hbs';
  const folder = await readTemplateFolder(options.dir, { extension, htmlExtension: engine?.htmlExtension });
  const env = handlebars.create();
  for (const [name, helper] of Object.entries(options.helpers ?? {})) env.registerHelper(name, helper);
  for (const [name, file] of folder.partials) {
    validate(env, file);
    env.registerPartial(name, file.source);
  }
  const strict = options.strict ?? false;
  const compileFile = (file: TemplateFile, escapeHtml: boolean): CompiledFile => {
    const compileOptions = { strict, noEscape: !escapeHtml };
    checkPartials(validate(env, file, compileOptions), folder, file);
    const fill = env.compile(file.source, compileOptions);
    return { file, fill, fillLenient: strict ? env.compile(file.source, { ...compileOptions, strict: false }) : fill };
  };
  const templates = new Map<string, Map<string, CompiledParts>>();
  const localesOf = new Map<string, Set<string>>();
  for (const [locale, names] of folder.templates) {
    const compiledNames = new Map<string, CompiledParts>();
    for (const [name, parts] of names) {
      const compiledParts: CompiledParts = new Map();
      // Only the html part is HTML: the subject and the text are written as they are (the composer encodes them).
      for (const [part, file] of parts) compiledParts.set(part, compileFile(file, part === 'html'));
      compiledNames.set(name, compiledParts);
      let locales = localesOf.get(name);
      if (!locales) localesOf.set(name, (locales = new Set()));
      locales.add(locale);
    }
    templates.set(locale, compiledNames);
  }
  for (const name of options.names ?? []) {
    if (!templates.get('')?.has(name)) {
      const htmlFile = engine ? `${name}${engine.htmlExtension}` : `${name}.html${extension}`;
      throw new SmtpError('ECONFIG', `template "${name}" not found in ${options.dir} (expected ${htmlFile} or another part)`);
    }
  }
  const layout = compileLayout(options, folder, compileFile);
  if (engine) await checkHtmlParts(templates, layout, engine);

  return async (name, context, { locale }) => {
    const usedLocale = pickLocale(locale, localesOf.get(name) ?? new Set());
    const parts = templates.get(usedLocale)?.get(name);
    if (!parts) throw new Error(`no template named "${name}"`);
    const rendered: RenderedTemplate = usedLocale ? { locale: usedLocale } : {};
    for (const [part, { fill }] of parts) rendered[part] = fill(context);
    const html = parts.get('html');
    if (html && rendered.html !== undefined) {
      if (layout) rendered.html = layout.fill({ ...(context as object), body: rendered.html });
      if (engine) rendered.html = await engine.render(rendered.html, html.file);
    }
    if (rendered.subject !== undefined) rendered.subject = rendered.subject.trim();
    return rendered;
  };
}

/**
 * Gives the engine each html part filled from an empty context, so that a broken tag stops the startup. A part
 * whose helpers throw without data cannot be filled that way: it is checked when it renders (ETEMPLATE).
 */
async function checkHtmlParts(templates: Map<string, Map<string, CompiledParts>>, layout: CompiledFile | undefined, engine: HtmlEngine): Promise<void> {
  for (const names of templates.values()) {
    for (const parts of names.values()) {
      const html = parts.get('html');
      if (!html) continue;
      let source: string;
      try {
        source = html.fillLenient({});
        if (layout) source = layout.fillLenient({ body: source });
      } catch {
        continue;
      }
      await engine.check(source, html.file);
    }
  }
}

function compileLayout(
  options: HandlebarsFolderOptions<object>,
  folder: TemplateFolder,
  compileFile: (file: TemplateFile, escapeHtml: boolean) => CompiledFile,
): CompiledFile | undefined {
  if (options.layout === false) return undefined;
  const name = options.layout ?? 'main';
  const file = folder.layouts.get(name);
  if (!file) {
    if (options.layout === undefined) return undefined;
    throw new SmtpError('ECONFIG', `layout "${name}" not found in ${options.dir}/layouts`);
  }
  return compileFile(file, true);
}

/** Parses and precompiles now, so that a syntax error stops the startup with the file and line. */
function validate(env: HandlebarsEnvironment, file: TemplateFile, compileOptions: object = {}): HandlebarsNode {
  try {
    const ast = env.parse(file.source);
    env.precompile(file.source, compileOptions);
    return ast;
  } catch (err) {
    throw new SmtpError('ECONFIG', `template ${file.path}: ${(err as Error).message}`, { cause: err });
  }
}

/** A `{{> name}}` naming no partial would only fail at the first send: refuse it at startup. */
function checkPartials(ast: HandlebarsNode, folder: TemplateFolder, file: TemplateFile): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const typed = node as HandlebarsNode;
    if ((typed.type === 'PartialStatement' || typed.type === 'PartialBlockStatement') && typeof typed.name?.original === 'string') {
      const name = typed.name.original;
      if (!folder.partials.has(name) && typed.type === 'PartialStatement') {
        const line = (typed.loc as { start?: { line?: number } } | undefined)?.start?.line;
        throw new SmtpError('ECONFIG', `template ${file.path}${line ? ` line ${line}` : ''}: partial "${name}" not found in partials/`);
      }
    }
    for (const [key, value] of Object.entries(typed)) if (key !== 'loc' && key !== 'strip') visit(value);
  };
  visit(ast);
}
