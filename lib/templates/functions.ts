/** Templates as plain TypeScript functions: no dependency, type-safe by construction. */
import type { RenderedTemplate, TemplateRenderer } from '../transport/template-renderer.js';

/** One template: the context in, the subject, html and text out. `locale` is the one asked for. */
export type TemplateFunction<Context> = (
  context: Context,
  options: { locale?: string },
) => RenderedTemplate | Promise<RenderedTemplate>;

/** The context type of each function of a map. */
export type FunctionContexts<Map> = {
  [Name in keyof Map]: Map[Name] extends TemplateFunction<infer Context> ? Context : never;
};

/**
 * A renderer over a map of functions. The map's keys are the template names and each function's first
 * parameter is that template's context, so `template: 'welcom'` or a wrong context does not compile.
 * @example
 * const templates = functionTemplates({
 *   welcome: (ctx: { name: string }) => ({ subject: `Welcome, ${ctx.name}`, text: `Hello ${ctx.name}` }),
 * });
 */
export function functionTemplates<Map extends Record<string, TemplateFunction<never>>>(
  templates: Map,
): TemplateRenderer<FunctionContexts<Map>> {
  const known = new Map<string, TemplateFunction<unknown>>(Object.entries(templates) as Array<[string, TemplateFunction<unknown>]>);
  return {
    compile: async () => undefined,
    render(name, context, options) {
      const render = known.get(name);
      if (!render) throw new Error(`no template named "${name}" (known: ${[...known.keys()].join(', ') || 'none'})`);
      return render(context, options);
    },
  };
}
