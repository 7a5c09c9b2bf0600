/**
 * Scenario run by test/helpers/netns.ts inside a private network namespace: starts a real smtp-server on
 * 192.0.2.10 (unless told not to), sends one message with the given transport options, and reports what
 * the client saw and what the server received, as JSON.
 */
import { performance } from 'node:perf_hooks';
import { createTransport } from '../../../lib/transport/transport.js';
import { SmtpError } from '../../../lib/core/errors.js';
import { startSmtpServer } from '../../helpers/smtp-server.js';
import { NETNS_ADDRESS } from '../../helpers/netns.js';
export default async function run(input) {
    const server = input.noServer ? undefined : await startSmtpServer({ ...input.server, host: NETNS_ADDRESS });
    try {
        const options = { host: NETNS_ADDRESS, port: server?.port ?? 25, ...input.transport };
        if (input.lookupAddresses)
            options.lookup = fixedLookup(input.lookupAddresses);
        const transport = createTransport(options);
        const started = performance.now();
        const outcome = await (input.verifyOnly
            ? transport.verify().then(() => ({ accepted: [] }))
            : transport.sendMail({ from: 'a@x.test', to: 'b@x.test', subject: 'netns', text: 'hello from a namespace' })).then((info) => ({ ok: true, accepted: info.accepted }), (err) => {
            if (!(err instanceof SmtpError))
                throw err;
            return { ok: false, code: err.code, message: err.message, phase: err.phase, delivery: err.delivery };
        });
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
    }
    finally {
        await server?.close();
    }
}
function fixedLookup(addresses) {
    const answer = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    return (_hostname, _options, callback) => callback(null, answer);
}
//# sourceMappingURL=send.scenario.js.map