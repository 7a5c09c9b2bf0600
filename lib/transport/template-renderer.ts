/** The template contract the transport renders through, and how a rendered template fills a message. */
import { SmtpError } from '../core/errors.js';
import type { MailMessage } from '../mime/message.interface.js';

/** What a template renders to: each part optional; the message's own fields win over these. */
export interface RenderedTemplate {
  /** The subject line (plain text; the composer encodes it). */
  subject?: string;
  /** The HTML part. */
  html?: string;
  /** The plain-text part. */
  text?: string;
  /** The locale whose template was used, after falling back (`fr` for `fr-CA`); none for the default. */
  locale?: string;
}

/** How a template is asked for: which one, with what data, in which language. */
export interface TemplateRequest {
  /** The name of a template the renderer knows. */
  template?: string;
  /** The values the template reads. */
  context?: unknown;
  /** A BCP 47 tag such as `fr-CA`; the renderer falls back to `fr`, then to its default. */
  locale?: string;
}

/**
 * A set of named templates, compiled once. Adapters for Handlebars, MJML, React Email and plain functions
 * live in `nestjs-smtp/templates`; any object of this shape works.
 *
 * `Contexts` maps each template name to the type of its context. It exists for the type checker only, so
 * that `template: 'welcom'` or a wrong context is a compile error in the caller's code.
 */
export interface TemplateRenderer<Contexts extends object = object> {
  /** @internal Carries the name-to-context map for the type checker; never set at run time. */
  readonly contexts?: Contexts;
  /**
   * Compiles every template (and partial) once. Called before the first render; the Nest module calls it
   * at startup so that a missing file or a syntax error stops the application from starting.
   * @throws SmtpError ECONFIG naming the file (and line, where the engine gives one).
   */
  compile(): Promise<void>;
  /**
   * Renders one template.
   * @throws anything: the transport reports it as ETEMPLATE naming the template.
   */
  render(name: string, context: unknown, options: { locale?: string }): Promise<RenderedTemplate> | RenderedTemplate;
}

/** A message that may name a template; what `sendMail` accepts. */
export type SendableMessage = MailMessage & TemplateRequest;

/**
 * A message asked for by template, typed by the renderer's map: the template name must be one of its keys and
 * the context must have that template's type. The context may be left out only where the template's context
 * type accepts `undefined` (a function template without a parameter, say).
 */
export type TypedTemplateRequest<Contexts extends object> =
  | { [Name in keyof Contexts & string]: TemplateRequestFor<Name, Contexts[Name]> }[keyof Contexts & string]
  | NoTemplate;

/** A message asked for by the template `Name`, whose context has the type `Context`. */
export interface NamedTemplateRequest<Name extends string, Context> {
  /** One of the renderer's template names. */
  template: Name;
  /** That template's context. */
  context: Context;
  /** A BCP 47 tag such as `fr-CA`. */
  locale?: string;
}

/** A message that names no template: its subject, html and text are its own. */
export interface NoTemplate {
  /** No template. */
  template?: undefined;
  /** No context without a template. */
  context?: undefined;
  /** No locale without a template. */
  locale?: undefined;
}

/** One template's request: its name, its context (optional when the context type accepts `undefined`), a locale. */
export type TemplateRequestFor<Name extends string, Context> = undefined extends Context
  ? Omit<NamedTemplateRequest<Name, Context>, 'context'> & {
      /** That template's context; it may be left out, as its type accepts undefined. */
      context?: Context;
    }
  : NamedTemplateRequest<Name, Context>;

/** What `sendMail` accepts for a renderer with a known template map. */
export type TypedMessage<Contexts extends object> = MailMessage & TypedTemplateRequest<Contexts>;

/**
 * What `sendMail` accepts given a template map: {@link TypedMessage} when the map names its templates, any
 * {@link SendableMessage} when there is no map (`undefined`) or it names none (`object`, a renderer of unknown type).
 */
export type MessageFor<Templates extends object | undefined> = Templates extends object
  ? keyof Templates extends never
    ? SendableMessage
    : TypedMessage<Templates>
  : SendableMessage;

/** What was rendered for a message: recorded by the testing store. */
export interface TemplateUse {
  /** The template's name. */
  template: string;
  /** The context it was rendered with. */
  context: unknown;
  /** The locale asked for. */
  locale?: string;
  /** The locale whose template was used, after falling back; undefined for the default. */
  renderedLocale?: string;
}

/** The names and context types of a renderer, for `MailerService<TemplateContexts<typeof templates>>`. */
export type TemplateContexts<Renderer> = Renderer extends TemplateRenderer<infer Contexts> ? Contexts : never;

/** A message ready to compose, and the template it came from. */
export interface RenderedMessage {
  message: MailMessage;
  use?: TemplateUse;
}

/**
 * Renders the message's template, if it names one, and returns the message to compose: the rendered subject,
 * html and text fill only what the message does not set itself. Runs before any connection opens.
 * @throws SmtpError ETEMPLATE when no renderer is configured or the template fails to render.
 */
export async function applyTemplate(message: SendableMessage, renderer: TemplateRenderer<object> | undefined): Promise<RenderedMessage> {
  const { template, context, locale, ...rest } = message;
  if (template === undefined) return { message: rest };
  if (typeof template !== 'string' || template === '') {
    throw new SmtpError('ETEMPLATE', 'template must be the name of a template (a non-empty string)');
  }
  if (!renderer) {
    throw new SmtpError('ETEMPLATE', `template "${template}" asked for, but the transport has no templates configured (set the templates option)`);
  }
  let rendered: RenderedTemplate;
  try {
    await renderer.compile();
    rendered = await renderer.render(template, context ?? {}, { locale });
  } catch (err) {
    if (err instanceof SmtpError && err.code === 'ETEMPLATE') throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new SmtpError('ETEMPLATE', `template "${template}" failed to render: ${reason}`, { cause: err });
  }
  return {
    message: {
      ...rest,
      subject: rest.subject ?? rendered.subject,
      html: rest.html ?? rendered.html,
      text: rest.text ?? rendered.text,
    },
    use: { template, context, locale, renderedLocale: rendered.locale },
  };
}
