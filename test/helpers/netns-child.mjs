/**
 * Runs one scenario module in this process (started by netns.ts inside a private network namespace) and
 * prints its JSON result on the last line of stdout. Usage: node netns-child.mjs <scenario.ts> [json input]
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./netns-hooks.mjs', import.meta.url);

const [modulePath, input = 'null'] = process.argv.slice(2);
const RESULT_MARK = '@@netns-result@@';

try {
  const scenario = await import(pathToFileURL(modulePath).href);
  const result = await scenario.default(JSON.parse(input));
  process.stdout.write(`\n${RESULT_MARK}${JSON.stringify({ ok: true, result })}\n`);
} catch (err) {
  const error = err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) };
  process.stdout.write(`\n${RESULT_MARK}${JSON.stringify({ ok: false, error })}\n`);
}
process.exit(0);
