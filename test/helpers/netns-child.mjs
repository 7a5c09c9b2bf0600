/**
 * Runs one scenario module in this process (started by netns.ts inside a private network namespace) and
 * prints its JSON result on the last line of stdout. Usage: node netns-child.mjs <scenario.ts> [json input]
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./netns-hooks.mjs', import.meta.url);

const [modulePath, input = 'null'] = process.argv.slice(2);
const RESULT_MARK = '@@netns-result@@';
const BATCH = '@@batch@@';

async function runBatch(run, inputs) {
  const results = {};
  for (const [name, value] of Object.entries(inputs)) {
    try {
      results[name] = { ok: true, result: await run(value) };
    } catch (err) {
      results[name] = { ok: false, error: { message: err instanceof Error ? err.message : String(err), stack: err?.stack } };
    }
  }
  return results;
}

try {
  const scenario = await import(pathToFileURL(modulePath).href);
  const parsed = JSON.parse(input);
  // A batch runs the scenario once per named input, one after the other, in this same process.
  const result = parsed && typeof parsed === 'object' && BATCH in parsed ? await runBatch(scenario.default, parsed[BATCH]) : await scenario.default(parsed);
  process.stdout.write(`\n${RESULT_MARK}${JSON.stringify({ ok: true, result })}\n`);
} catch (err) {
  const error = err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) };
  process.stdout.write(`\n${RESULT_MARK}${JSON.stringify({ ok: false, error })}\n`);
}
process.exit(0);
