/** The inbox's preview routes: the list of examples, each one rendered, as pages and as JSON. */
import { SmtpError } from '../../core/errors.js';
import { BODY_CSP, sendError, sendHtml, sendJson } from './inbox-http.js';
import { listPreviews, renderPreview, type InboxPreviewOptions, type RenderedPreview } from './inbox-previews.js';
import type { Route, RouteContext } from './inbox-router.js';
import { renderPreviewError, renderPreviewList, renderPreviewPage } from './previews-page.js';

/** The pages carry no script; the frame they hold is the body route's, under its own policy. */
const PREVIEW_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The routes of `<base>/previews` and `<base>/api/previews`. Without previews configured the list page says how
 * to add some, and every example is 404.
 */
export function previewRoutes(base: string, previews: InboxPreviewOptions | undefined): Route[] {
  /** Renders the example the route names, or answers 404 (unknown) or 500 (the template failed) itself. */
  const render = async ({ res, params }: RouteContext, asPage: boolean): Promise<RenderedPreview | undefined> => {
    const { template, locale } = params;
    try {
      const preview = previews && (await renderPreview(previews, base, template, locale));
      if (!preview) sendError(res, 404, `no preview ${template}/${locale}`);
      return preview;
    } catch (err) {
      if (!(err instanceof SmtpError)) throw err;
      if (asPage) sendHtml(res, 500, renderPreviewError(base, template, locale, err.message), PREVIEW_PAGE_CSP);
      else sendJson(res, 500, { statusCode: 500, code: err.code, message: err.message });
      return undefined;
    }
  };

  return [
    {
      method: 'GET',
      pattern: 'previews',
      handle: ({ res }) => sendHtml(res, 200, renderPreviewList(base, previews && listPreviews(previews, base)), PREVIEW_PAGE_CSP),
    },
    {
      method: 'GET',
      pattern: 'previews/:template/:locale',
      handle: async (context) => {
        const preview = await render(context, true);
        if (preview) sendHtml(context.res, 200, renderPreviewPage(base, preview), PREVIEW_PAGE_CSP);
      },
    },
    {
      method: 'GET',
      pattern: 'previews/:template/:locale/html',
      handle: async (context) => {
        const preview = await render(context, false);
        if (!preview) return;
        if (preview.html === undefined) return sendError(context.res, 404, `preview ${preview.template}/${preview.locale} has no HTML`);
        sendHtml(context.res, 200, preview.html, BODY_CSP);
      },
    },
    { method: 'GET', pattern: 'api/previews', handle: ({ res }) => sendJson(res, 200, previews ? listPreviews(previews, base) : []) },
    {
      method: 'GET',
      pattern: 'api/previews/:template/:locale',
      handle: async (context) => {
        const preview = await render(context, false);
        if (preview) sendJson(context.res, 200, preview);
      },
    },
  ];
}
