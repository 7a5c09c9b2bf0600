/** Template previews: example contexts rendered through the transport's own template step, never sent. */
import { SmtpError } from '../../core/errors.js';
import { applyTemplate, type TemplateRenderer } from '../../transport/template-renderer.js';
import { segment } from './html.js';

/** The locale key of an example rendered without a locale (the renderer's default templates). */
export const DEFAULT_PREVIEW_LOCALE = 'default';

/**
 * Example contexts by template name, then by locale (a BCP 47 tag such as `de` or `fr-CA`, or `default` for no
 * locale): `{ welcome: { default: { name: 'Ann' }, de: { name: 'Anna' } } }`.
 */
export type PreviewExamples = Record<string, Record<string, unknown>>;

/** What the inbox needs for its previews page. */
export interface InboxPreviewOptions {
  /** The mailer's templates (`transport.options.templates`). */
  templates: TemplateRenderer<object>;
  /** The contexts to render them with. */
  examples: PreviewExamples;
}

/** One example, as listed. */
export interface PreviewEntry {
  /** The template's name. */
  template: string;
  /** The locale key (`default` for none). */
  locale: string;
  /** The page that shows it rendered. */
  url: string;
}

/** One example, rendered. */
export interface RenderedPreview extends PreviewEntry {
  /** The locale whose template was used, after falling back (`de` for `de-AT`); none for the default. */
  renderedLocale?: string;
  /** The rendered subject. */
  subject?: string;
  /** The rendered HTML part. */
  html?: string;
  /** The rendered text part. */
  text?: string;
  /** Where the HTML is served for a sandboxed frame, when there is HTML. */
  htmlUrl?: string;
}

/**
 * Checks the examples' shape once, when the inbox is created.
 * @throws SmtpError ECONFIG naming the template whose entry is not an object of contexts by locale.
 */
export function checkPreviewOptions(previews: InboxPreviewOptions): InboxPreviewOptions {
  if (typeof previews.templates?.render !== 'function') {
    throw new SmtpError('ECONFIG', 'invalid option previews.templates: expected a template renderer (the mailer\'s templates option)');
  }
  const { examples } = previews;
  if (typeof examples !== 'object' || examples === null || Array.isArray(examples)) {
    throw new SmtpError('ECONFIG', 'invalid option previews: expected { <template>: { <locale or "default">: <context> } }');
  }
  for (const [template, byLocale] of Object.entries(examples)) {
    if (typeof byLocale !== 'object' || byLocale === null || Array.isArray(byLocale) || Object.keys(byLocale).length === 0) {
      throw new SmtpError('ECONFIG', `invalid option previews.${template}: expected contexts by locale, e.g. { default: { ... }, de: { ... } }`);
    }
  }
  return previews;
}

/** Every example, in the order given. */
export function listPreviews(previews: InboxPreviewOptions, base: string): PreviewEntry[] {
  return Object.entries(previews.examples).flatMap(([template, byLocale]) =>
    Object.keys(byLocale).map((locale) => ({ template, locale, url: previewUrl(base, template, locale) })));
}

/** The page of one example. */
export function previewUrl(base: string, template: string, locale: string, rest = ''): string {
  return `${base}/previews/${segment(template)}/${segment(locale)}${rest}`;
}

/**
 * Renders one example through `applyTemplate`, the step `sendMail` runs, so a preview shows exactly what would be
 * sent. Nothing is composed or sent. Undefined when no such example is registered.
 * @throws SmtpError ETEMPLATE when the template fails to render.
 */
export async function renderPreview(previews: InboxPreviewOptions, base: string, template: string, locale: string): Promise<RenderedPreview | undefined> {
  const byLocale = Object.hasOwn(previews.examples, template) ? previews.examples[template] : undefined;
  if (!byLocale || !Object.hasOwn(byLocale, locale)) return undefined;
  const { message, use } = await applyTemplate(
    { template, context: byLocale[locale], locale: locale === DEFAULT_PREVIEW_LOCALE ? undefined : locale },
    previews.templates,
  );
  const rendered: RenderedPreview = { template, locale, url: previewUrl(base, template, locale) };
  if (use?.renderedLocale !== undefined) rendered.renderedLocale = use.renderedLocale;
  if (typeof message.subject === 'string') rendered.subject = message.subject;
  if (typeof message.text === 'string') rendered.text = message.text;
  if (typeof message.html === 'string') {
    rendered.html = message.html;
    rendered.htmlUrl = previewUrl(base, template, locale, '/html');
  }
  return rendered;
}
