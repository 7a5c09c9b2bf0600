/** The steps every adapter's output may go through: CSS inlined into the html part, a text part derived from it. */
import type { RenderedTemplate } from '../transport/template-renderer.js';
import { loadOptionalPeer } from './optional-peer.js';

/** Options of the html part's after-steps, shared by the folder adapters. */
export interface TemplateOutputOptions {
  /**
   * When a template renders html but no text, derive the text part from the html with `html-to-text`, so that
   * clients that show plain text (and spam filters that compare the two) get the same words. Images are left
   * out and a link keeps its address. With `true`, `compile()` fails if `html-to-text` is not installed.
   * @defaultValue true
   */
  deriveText?: boolean;
  /**
   * Move the rules of the html part's `<style>` blocks into `style` attributes with `juice`, for clients that
   * ignore `<style>`. Media queries stay in a `<style>` block. Needs the `juice` package.
   * @defaultValue false
   */
  inlineCss?: boolean;
}

/** Turns one rendered template into the one sent. */
export type OutputStep = (rendered: RenderedTemplate) => RenderedTemplate;

/** The part of html-to-text used here; declared so that our types never require the package. */
interface HtmlToText {
  compile(options: object): (html: string) => string;
}
/** juice's default export: HTML with `<style>` blocks in, HTML with `style` attributes out. */
type Juice = (html: string, options?: object) => string;

/** What the derived text keeps: the words and link addresses, not images or the layout's tables. */
const TEXT_OPTIONS = {
  // RFC 5322 §2.1.1: lines of at most 78 characters read well in any client.
  wordwrap: 78,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: '[data-skip-in-text=true]', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    // Headings keep their case: upper-casing changes words in some languages (ß becomes SS).
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    // Email layouts are tables: each cell is a block of text, set apart like a paragraph, not a grid to draw.
    ...['table', 'tr', 'td', 'th'].map((selector) => ({ selector, format: 'block' })),
  ],
};

/**
 * Loads the packages the options need and returns the step that applies them: CSS inlined first, so that the
 * text is derived from the html as sent.
 * @throws SmtpError ECONFIG naming `html-to-text` or `juice` when one is needed and not installed.
 */
export async function loadOutputStep(options: TemplateOutputOptions): Promise<OutputStep> {
  const [htmlToText, juice] = await Promise.all([
    (options.deriveText ?? true)
      ? loadOptionalPeer<HtmlToText>('html-to-text', 'deriving the text part from html', 'set deriveText: false')
      : undefined,
    options.inlineCss ? loadOptionalPeer<Juice>('juice', 'inlineCss') : undefined,
  ]);
  const toText = htmlToText?.compile(TEXT_OPTIONS);
  return (rendered) => {
    if (rendered.html === undefined) return rendered;
    const html = juice ? juice(rendered.html) : rendered.html;
    const text = rendered.text ?? toText?.(html);
    return { ...rendered, html, ...(text === undefined ? {} : { text }) };
  };
}
