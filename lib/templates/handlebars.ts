/** Handlebars templates from a folder: parts, partials, layouts, helpers, locales; validated at compile time. */
import { SmtpError } from '../core/errors.js';
import type { RenderedTemplate, TemplateRenderer } from '../transport/template-renderer.js';
import { pickLocale } from './locale.js';
import { loadOptionalPeer } from './optional-peer.js';
import { readTemplateFolder, type TemplateFile, type TemplateFolder, type TemplatePart } from './template-files.js';

/** A Handlebars helper, as `Handlebars.registerHelper` takes it. */
// Helpers receive whatever the template passes (values, then Handlebars' options object): their arguments are untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HandlebarsHelper = (...args: any[]) => unknown;

/** Options of {@link handlebarsTemplates}. */
export interface HandlebarsTemplatesOptions<Contexts extends object = Record<string, unknown>> {
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
   * @defaultValue 'main' when `layouts/main.hbs` exists
   */
  layout?: string | false;
  /** Throw on a missing variable instead of rendering nothing (Handlebars' `strict`). @defaultValue false */
  strict?: boolean;
  /** @defaultValue '.hbs' */
  extension?: string;
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

type CompiledParts = Map<TemplatePart, (context: unknown) => string>;

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
 * user input. Needs the `handlebars` package.
 * @throws SmtpError ECONFIG (from `compile()`) for a missing folder, template, partial or layout, or a syntax
 *   error, naming the file and line.
 */
export function handlebarsTemplates<Contexts extends object = Record<string, unknown>>(
  options: HandlebarsTemplatesOptions<Contexts>,
): TemplateRenderer<Contexts> {
  let compiled: Promise<CompiledFolder> | undefined;
  const load = (): Promise<CompiledFolder> => (compiled ??= compileFolder(options as HandlebarsTemplatesOptions<object>));
  return {
    async compile() {
      await load();
    },
    async render(name, context, { locale }) {
      const folder = await load();
      const usedLocale = pickLocale(locale, folder.localesOf.get(name) ?? new Set());
      const parts = folder.templates.get(usedLocale)?.get(name);
      if (!parts) throw new Error(`no template named "${name}"`);
      const rendered: RenderedTemplate = usedLocale ? { locale: usedLocale } : {};
      for (const [part, template] of parts) rendered[part] = template(context);
      if (rendered.html !== undefined && folder.layout) rendered.html = folder.layout({ ...(context as object), body: rendered.html });
      if (rendered.subject !== undefined) rendered.subject = rendered.subject.trim();
      return rendered;
    },
  };
}

interface CompiledFolder {
  /** locale -> name -> compiled parts */
  templates: Map<string, Map<string, CompiledParts>>;
  /** name -> the locales that have it */
  localesOf: Map<string, Set<string>>;
  layout?: (context: unknown) => string;
}

async function compileFolder(options: HandlebarsTemplatesOptions<object>): Promise<CompiledFolder> {
  const handlebars = await loadOptionalPeer<HandlebarsEnvironment>('handlebars', 'Handlebars templates');
  const folder = await readTemplateFolder(options.dir, options.extension ?? '.hbs');
  const env = handlebars.create();
  for (const [name, helper] of Object.entries(options.helpers ?? {})) env.registerHelper(name, helper);
  for (const [name, file] of folder.partials) {
    validate(env, file);
    env.registerPartial(name, file.source);
  }
  const strict = options.strict ?? false;
  const compileFile = (file: TemplateFile, escapeHtml: boolean): ((context: unknown) => string) => {
    const ast = validate(env, file, { strict, noEscape: !escapeHtml });
    checkPartials(ast, folder, file);
    return env.compile(file.source, { strict, noEscape: !escapeHtml });
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
      throw new SmtpError('ECONFIG', `template "${name}" not found in ${options.dir} (expected ${name}.html${options.extension ?? '.hbs'} or another part)`);
    }
  }
  return { templates, localesOf, layout: compileLayout(options, folder, compileFile) };
}

function compileLayout(
  options: HandlebarsTemplatesOptions<object>,
  folder: TemplateFolder,
  compileFile: (file: TemplateFile, escapeHtml: boolean) => (context: unknown) => string,
): ((context: unknown) => string) | undefined {
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
