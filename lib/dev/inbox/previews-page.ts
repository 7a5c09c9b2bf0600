/** The template preview pages: the list of examples, and one example rendered (HTML in a sandboxed frame). */
import { escapeHtml } from './html.js';
import { document, pageHeader } from './inbox-page.js';
import type { PreviewEntry, RenderedPreview } from './inbox-previews.js';

/** `<basePath>/previews`: every example, grouped by template. */
export function renderPreviewList(base: string, entries: PreviewEntry[] | undefined): string {
  let content: string;
  if (entries === undefined) {
    content = '<p class="empty">No previews configured. Give the inbox example contexts: '
      + '<code>MailerDevInboxModule.forRoot({ previews: { welcome: { default: { name: \'Ann\' }, de: { name: \'Anna\' } } } })</code>, '
      + 'with templates on the mailer.</p>';
  } else {
    const byTemplate = new Map<string, PreviewEntry[]>();
    for (const entry of entries) byTemplate.set(entry.template, [...(byTemplate.get(entry.template) ?? []), entry]);
    content = `<ul id="previews">${[...byTemplate].map(([template, locales]) =>
      `<li><strong>${escapeHtml(template)}</strong>: ${locales.map((entry) => `<a href="${escapeHtml(entry.url)}">${escapeHtml(entry.locale)}</a>`).join(' · ')}</li>`).join('')}</ul>`;
  }
  const body = pageHeader(base, { hasPreviews: true }) + `<main class="single"><section><h2>Template previews</h2>${content}</section></main>`;
  return document('Template previews · nestjs-smtp', body);
}

/** `<basePath>/previews/<template>/<locale>`: the rendered subject, HTML and text. */
export function renderPreviewPage(base: string, preview: RenderedPreview): string {
  const locale = preview.renderedLocale ?? '(default templates)';
  const body = pageHeader(base, { hasPreviews: true })
    + `<main class="single"><section id="preview"><h2>${escapeHtml(preview.template)} · ${escapeHtml(preview.locale)}</h2>`
    + `<dl><dt>Subject</dt><dd id="subject">${escapeHtml(preview.subject ?? '(none)')}</dd><dt>Rendered locale</dt><dd>${escapeHtml(locale)}</dd></dl>`
    + (preview.htmlUrl ? `<h3>HTML</h3><iframe id="html" sandbox="" referrerpolicy="no-referrer" title="HTML preview" src="${escapeHtml(preview.htmlUrl)}"></iframe>` : '')
    + (preview.text !== undefined ? `<h3>Text</h3><pre id="text">${escapeHtml(preview.text)}</pre>` : '')
    + '</section></main>';
  return document(`${preview.template} · Template previews`, body);
}

/** The page of an example that failed to render: the template's error, escaped. */
export function renderPreviewError(base: string, template: string, locale: string, message: string): string {
  const body = pageHeader(base, { hasPreviews: true })
    + `<main class="single"><section><h2>${escapeHtml(template)} · ${escapeHtml(locale)}</h2><pre class="error" id="error">${escapeHtml(message)}</pre></section></main>`;
  return document(`${template} · Template previews`, body);
}
