/** Reads a template folder: every template file by locale, name and part, plus partials and layouts. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { SmtpError } from '../core/errors.js';

/** The parts a template may have, each in its own file: `welcome.subject.hbs`, `welcome.html.hbs` (or `welcome.hbs`), `welcome.text.hbs`. */
export type TemplatePart = 'subject' | 'html' | 'text';

/** One template file, read. */
export interface TemplateFile {
  /** The path relative to the folder, for messages. */
  path: string;
  source: string;
}

/** A folder's templates: locale ('' for the default) -> name -> part -> file. */
export interface TemplateFolder {
  templates: Map<string, Map<string, Map<TemplatePart, TemplateFile>>>;
  partials: Map<string, TemplateFile>;
  layouts: Map<string, TemplateFile>;
}

const PARTIALS_DIR = 'partials';
const LAYOUTS_DIR = 'layouts';

/** Which files of a folder are templates: every part in `extension` files, or the html part in its own. */
export interface TemplateExtensions {
  /** The extension of every part (`.hbs`). */
  extension: string;
  /** The html part's extension when it differs (`.mjml`): then `extension` files hold only subject and text parts. */
  htmlExtension?: string;
}

/**
 * Reads every template file under `dir`. Files at the top are the default locale; a sub-folder named like
 * a locale (`fr`, `fr-CA`) holds that locale's versions; `partials/` and `layouts/` are registered by their path
 * without the extension (`partials/email/footer.hbs` is `email/footer`).
 * @throws SmtpError ECONFIG when `dir` is not absolute, does not exist or holds no template, or when two files
 *   give the same part, partial or layout.
 */
export async function readTemplateFolder(dir: string, extensions: TemplateExtensions): Promise<TemplateFolder> {
  if (!isAbsolute(dir)) {
    throw new SmtpError('ECONFIG', `templates dir must be an absolute path (resolve it from import.meta.dirname or __dirname): ${dir}`);
  }
  const isFolder = await stat(dir).then((entry) => entry.isDirectory(), () => false);
  if (!isFolder) throw new SmtpError('ECONFIG', `templates dir not found: ${dir}`);
  const { extension, htmlExtension = extension } = extensions;
  const folder: TemplateFolder = { templates: new Map(), partials: new Map(), layouts: new Map() };
  for (const path of await listFiles(dir)) {
    const fileExtension = [htmlExtension, extension].find((candidate) => path.endsWith(candidate));
    if (fileExtension === undefined) continue;
    const file = { path, source: await readFile(join(dir, path), 'utf8') };
    const segments = path.slice(0, -fileExtension.length).split(sep);
    if (segments[0] === PARTIALS_DIR) addNamed(folder.partials, 'partial', segments.slice(1).join('/'), file);
    else if (segments[0] === LAYOUTS_DIR) addNamed(folder.layouts, 'layout', segments.slice(1).join('/'), file);
    else if (segments.length <= 2) {
      const part = addTemplate(folder, segments.length === 2 ? segments[0] : '', segments[segments.length - 1], file);
      if (htmlExtension !== extension) checkPartExtension(part, fileExtension === htmlExtension, file, extensions);
    }
  }
  if (folder.templates.size === 0) {
    const wanted = htmlExtension === extension ? `*${extension}` : `*${htmlExtension} or *${extension}`;
    throw new SmtpError('ECONFIG', `no ${wanted} template in ${dir}`);
  }
  return folder;
}

function addTemplate(folder: TemplateFolder, locale: string, fileName: string, file: TemplateFile): TemplatePart {
  const match = /^(.+?)(?:\.(subject|html|text))?$/.exec(fileName) as RegExpExecArray;
  const name = match[1];
  const part = (match[2] ?? 'html') as TemplatePart;
  let names = folder.templates.get(locale);
  if (!names) folder.templates.set(locale, (names = new Map()));
  let parts = names.get(name);
  if (!parts) names.set(name, (parts = new Map()));
  if (parts.has(part)) throw new SmtpError('ECONFIG', `template ${name} has two ${part} files: ${parts.get(part)?.path} and ${file.path}`);
  parts.set(part, file);
  return part;
}

/** With a separate html extension, the html part must be in it and only there: anything else would skip the engine. */
function checkPartExtension(part: TemplatePart, isHtmlFile: boolean, file: TemplateFile, extensions: TemplateExtensions): void {
  if (isHtmlFile && part !== 'html') {
    throw new SmtpError('ECONFIG', `template ${file.path}: only the html part is a ${extensions.htmlExtension} file; write the ${part} part as a ${extensions.extension} file`);
  }
  if (!isHtmlFile && part === 'html') {
    throw new SmtpError('ECONFIG', `template ${file.path}: the html part must be a ${extensions.htmlExtension} file`);
  }
}

function addNamed(files: Map<string, TemplateFile>, kind: string, name: string, file: TemplateFile): void {
  const existing = files.get(name);
  if (existing) throw new SmtpError('ECONFIG', `${kind} "${name}" has two files: ${existing.path} and ${file.path}`);
  files.set(name, file);
}

async function listFiles(root: string, dir = root): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(root, path)));
    else if (entry.isFile()) found.push(relative(root, path));
  }
  return found.sort();
}
