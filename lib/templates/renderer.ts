/** A TemplateRenderer built from an adapter's compile step: compiled once, its output through the shared steps. */
import type { RenderedTemplate, TemplateRenderer } from '../transport/template-renderer.js';
import { loadOutputStep, type TemplateOutputOptions } from './output.js';

/** Renders one template of a compiled set. */
export type RenderTemplate = (name: string, context: unknown, options: { locale?: string }) => Promise<RenderedTemplate>;

/**
 * A renderer whose `compile()` runs `compileTemplates` and loads the output steps once (later calls, and
 * `render` before `compile`, wait for the same run), and whose `render` passes each result through those steps.
 * @throws SmtpError ECONFIG (from `compile()`) for whatever `compileTemplates` or a missing output package throws.
 */
export function compiledRenderer<Contexts extends object>(
  compileTemplates: () => Promise<RenderTemplate>,
  output: TemplateOutputOptions,
): TemplateRenderer<Contexts> {
  let compiled: Promise<{ render: RenderTemplate; finish: (rendered: RenderedTemplate) => RenderedTemplate }> | undefined;
  const load = () =>
    (compiled ??= Promise.all([compileTemplates(), loadOutputStep(output)]).then(([render, finish]) => ({ render, finish })));
  return {
    async compile() {
      await load();
    },
    async render(name, context, options) {
      const { render, finish } = await load();
      return finish(await render(name, context, options));
    },
  };
}
