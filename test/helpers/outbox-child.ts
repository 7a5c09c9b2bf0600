/**
 * Child process for the outbox crash tests: one outbox worker in its own process, so a test can SIGKILL it at
 * an exact point of a send. Prints one JSON line per outbox event (`{ "event": "completed", "jobId": ... }`)
 * `{ "event": "loaded" }` once its modules are loaded, then waits for a line on stdin before it starts its worker
 * (so a test can start it ahead of time without it taking jobs), then `{ "event": "ready" }`. SIGTERM closes it
 * gracefully.
 *
 * Usage: `node --import register-ts.mjs outbox-child.ts <redis url> <queue name> <smtp port>`
 */
import { createTransport } from '../../lib/transport/transport.js';
import { MailOutbox } from '../../lib/queue/mail-outbox.js';
import type { OutboxJobRef } from '../../lib/queue/outbox-events.js';
import { FAST_QUEUE } from './outbox.js';

const [redisUrl, queueName, smtpPort] = process.argv.slice(2);

function say(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  say({ event: 'loaded' });
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  const transport = createTransport({ host: '127.0.0.1', port: Number(smtpPort), connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 3000 });
  const outbox = await MailOutbox.create({ transport, connection: redisUrl, name: queueName, ...FAST_QUEUE });
  for (const event of ['completed', 'retried', 'failed', 'parked'] as const) {
    outbox.on(event, (job: OutboxJobRef) => say({ event, jobId: job.jobId, attempt: job.attempt }));
  }
  process.once('SIGTERM', () => {
    void outbox.close().then(() => transport.close()).then(() => process.exit(0));
  });
  say({ event: 'ready' });
}

main().catch((err: unknown) => {
  process.stderr.write(String((err as Error)?.stack ?? err));
  process.exit(1);
});
