/**
 * Scenario run by test/helpers/netns.ts inside a private network namespace: starts a real smtp-server on
 * 192.0.2.10 (unless told not to), sends one message with the given transport options, and reports what
 * the client saw and what the server received, as JSON.
 */
import { performance } from 'node:perf_hooks';
import type { LookupAddress } from 'node:dns';
import { createTransport } from '../../../lib/transport/transport.js';
import { SmtpError } from '../../../lib/core/errors.js';
import type { SmtpOptions } from '../../../lib/transport/options.js';
import { startSmtpServer, type TestSmtpServer, type TestSmtpServerOptions } from '../../helpers/smtp-server.js';
import { NETNS_ADDRESS } from '../../helpers/netns.js';

export interface SendScenarioInput {
  /** Options for the server on 192.0.2.10; omit with `noServer`. */
  server?: TestSmtpServerOptions;
  noServer?: boolean;
  /** Transport options (JSON); host defaults to 192.0.2.10 and port to the server's. */
  transport: SmtpOptions;
  /** Makes a `lookup` option answering these addresses, in order, for any name. */
  lookupAddresses?: string[];
  /** `verify()` instead of `sendMail`. */
  verifyOnly?: boolean;
}

export interface SendScenarioResult {
  ok: boolean;
  ms: number;
  code?: string;
  message?: string;
  phase?: string;
  delivery?: string;
  accepted?: string[];
  serverCommands: string[];
  authAttempts: number;
  messages: number;
  wire: string;
  secure?: boolean;
  remoteAddress?: string;
}

export default async function run(input: SendScenarioInput): Promise<SendScenarioResult> {
  const server: TestSmtpServer | undefined = input.noServer ? undefined : await startSmtpServer({ ...input.server, host: NETNS_ADDRESS });
  try {
    const options: SmtpOptions = { host: NETNS_ADDRESS, port: server?.port ?? 25, ...input.transport };
    if (input.lookupAddresses) options.lookup = fixedLookup(input.lookupAddresses);
    const transport = createTransport(options);
    const started = performance.now();
    const outcome = await (input.verifyOnly
      ? transport.verify().then(() => ({ accepted: [] as string[] }))
      : transport.sendMail({ from: 'a@x.test', to: 'b@x.test', subject: 'netns', text: 'hello from a namespace' })
    ).then(
      (info) => ({ ok: true, accepted: info.accepted }),
      (err: unknown) => {
        if (!(err instanceof SmtpError)) throw err;
        return { ok: false, code: err.code, message: err.message, phase: err.phase, delivery: err.delivery };
      },
    );
    const ms = performance.now() - started;
    return {
      ...outcome,
      ms,
      serverCommands: server?.commands.map((c) => c.line) ?? [],
      authAttempts: server?.authAttempts.length ?? 0,
      messages: server?.messages.length ?? 0,
      wire: server?.wireText() ?? '',
      secure: server?.messages[0]?.secure,
      remoteAddress: server?.messages[0]?.remoteAddress,
    };
  } finally {
    await server?.close();
  }
}

function fixedLookup(addresses: string[]): NonNullable<SmtpOptions['lookup']> {
  const answer: LookupAddress[] = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  return (_hostname, _options, callback) => callback(null, answer);
}
