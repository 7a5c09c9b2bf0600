/** React Email templates: components passed as values, rendered to html and to their own plain text. */
import { SmtpError } from '../core/errors.js';
import type { RenderedTemplate, TemplateRenderer } from '../transport/template-renderer.js';
import { loadOptionalPeer } from './optional-peer.js';
import { compiledRenderer, type RenderTemplate } from './renderer.js';

/** A React Email function component; it receives the message's `context` as its props. */
export type ReactEmailComponent<Props> = (props: Props) => unknown;

/** One React Email template: the component, and the subject (an email component renders the body only). */
export interface ReactEmailTemplate<Component extends ReactEmailComponent<never>> {
  /** The email component; its props are the template's context. */
  component: Component;
  /** The subject, or a function of the context and the locale asked for. */
  subject?: string | ((props: ReactEmailProps<Component>, options: { locale?: string }) => string);
  /** Render a text part with React Email's plain-text mode. @defaultValue true */
  text?: boolean;
}

/** A component's props: the context of its template. */
export type ReactEmailProps<Component> = Component extends (props: infer Props) => unknown ? Props : never;

/** The context type of each template of a map given to {@link reactEmailTemplates}. */
export type ReactEmailContexts<Components> = { [Name in keyof Components]: ReactEmailProps<Components[Name]> };

/** Options of {@link reactEmailTemplates}. */
export interface ReactEmailTemplatesOptions {
  /** Move `<style>` rules into `style` attributes with `juice` (React Email's components mostly write inline styles already). @defaultValue false */
  inlineCss?: boolean;
  /** Indent the html (React Email's `pretty`); costs time at every render. @defaultValue false */
  pretty?: boolean;
}

/** An entry as the adapter sees it at run time, whatever its props. */
type AnyTemplate = ReactEmailTemplate<ReactEmailComponent<object>>;

/** The parts of `@react-email/render` and `react` used here; declared so that our types never require them. */
interface ReactEmailRender {
  render(node: unknown, options?: { plainText?: boolean; pretty?: boolean }): Promise<string> | string;
}
interface ReactModule {
  createElement(type: unknown, props: object): unknown;
}

/**
 * A renderer over React Email components. The map's keys are the template names and each component's props
 * are that template's context, so `template: 'welcom'` or wrong props do not compile. The components are
 * values in your code: there is no folder to copy next to the compiled app.
 *
 * The html comes from `render(element)` and the text from `render(element, { plainText: true })`. To
 * translate, put what the component needs in its props; `subject` also receives the locale asked for.
 * Needs the `@react-email/render`, `react` and `react-dom` packages.
 * @throws SmtpError ECONFIG (from `compile()`) for a missing package or an entry without a component.
 * @example
 * const templates = reactEmailTemplates({
 *   welcome: { component: WelcomeEmail, subject: ({ name }) => `Welcome, ${name}` },
 * });
 */
export function reactEmailTemplates<Components extends Record<string, ReactEmailComponent<never>>>(
  templates: { [Name in keyof Components]: ReactEmailTemplate<Components[Name]> },
  options: ReactEmailTemplatesOptions = {},
): TemplateRenderer<ReactEmailContexts<Components>> {
  // React Email writes the text part itself, with selectors made for its components: no derived text.
  return compiledRenderer(() => compileReactEmail(templates as unknown as Record<string, AnyTemplate>, options), {
    deriveText: false,
    inlineCss: options.inlineCss,
  });
}

async function compileReactEmail(templates: Record<string, AnyTemplate>, options: ReactEmailTemplatesOptions): Promise<RenderTemplate> {
  const { render } = await loadOptionalPeer<ReactEmailRender>('@react-email/render', 'React Email templates');
  const react = await loadOptionalPeer<ReactModule>('react', 'React Email templates');
  for (const [name, entry] of Object.entries(templates)) checkEntry(name, entry);
  const pretty = options.pretty ?? false;
  return async (name, context, { locale }) => {
    const entry = Object.hasOwn(templates, name) ? templates[name] : undefined;
    if (!entry) throw new Error(`no template named "${name}" (known: ${Object.keys(templates).join(', ') || 'none'})`);
    if (typeof context !== 'object' || context === null) throw new Error('the context of a React Email template is its props: an object');
    const element = react.createElement(entry.component, context);
    const rendered: RenderedTemplate = { html: await render(element, { pretty }) };
    if (entry.text !== false) rendered.text = await render(element, { plainText: true });
    const subject = typeof entry.subject === 'function' ? entry.subject(context, { locale }) : entry.subject;
    if (subject !== undefined) rendered.subject = subject;
    return rendered;
  };
}

/** An entry whose component is undefined (a wrong import) would only fail at the first send: refuse it now. */
function checkEntry(name: string, entry: AnyTemplate | undefined): void {
  const component = entry?.component as unknown;
  // memo() and forwardRef() components are objects React knows by their $$typeof.
  const isComponent = typeof component === 'function' || (typeof component === 'object' && component !== null && '$$typeof' in component);
  if (!isComponent) {
    throw new SmtpError('ECONFIG', `React Email template "${name}" has no component (got ${component === null ? 'null' : typeof component}); check its import`);
  }
  const subject = entry?.subject as unknown;
  if (subject !== undefined && typeof subject !== 'string' && typeof subject !== 'function') {
    throw new SmtpError('ECONFIG', `React Email template "${name}": subject must be a string or a function of the context`);
  }
}
