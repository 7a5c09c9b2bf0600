/** Scenario 5: one message to 5,000 recipients over a 5 ms link. */
import { performance } from 'node:perf_hooks';
import { FULL_EXTENSIONS } from '../sink-server.js';
import { createClient } from '../clients.js';
import { manyRecipientsMessage } from '../messages.js';
import { cpuMsSince } from '../probes.js';
import { boundRow, infoRow, ratioRow } from '../scenario.js';
const RECIPIENTS = 5000;
function recipientsGroup() {
    const self = {
        id: '5',
        title: `one message, ${RECIPIENTS} recipients, 5 ms`,
        sink: { latencyMs: 5, extensions: FULL_EXTENSIONS },
        contenders: [
            { name: 'ours', side: 'ours', settings: { pool: false } },
            { name: 'nodemailer', side: 'nodemailer', settings: { pool: false } },
        ],
        runs: 5,
        params: { recipients: RECIPIENTS },
        check: (results) => [
            ratioRow(self, results, { metric: 'wallMs', label: 'time ms', ours: 'ours', bound: 1, direction: 'at-most' }),
            boundRow(self, results, { metric: 'missingRecipients', label: 'recipients missing', ours: 'ours', bound: 0 }),
            infoRow(self, results, { metric: 'cpuMs', label: 'CPU ms', ours: 'ours' }),
        ],
    };
    return self;
}
async function measureRecipients(task) {
    const count = Number(task.params.recipients);
    const client = await createClient(task.contender.side, { port: task.port, ...task.contender.settings });
    const message = manyRecipientsMessage(count);
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    await client.send(message);
    const wallMs = performance.now() - started;
    const cpuMs = cpuMsSince(cpuStart);
    await client.close();
    return { messages: 1, recipients: count, wallMs, cpuMs };
}
export const recipientsScenario = {
    id: '5',
    name: 'recipients',
    async prepare() {
        return { groups: [recipientsGroup()], cleanup: async () => undefined };
    },
    measure: measureRecipients,
};
//# sourceMappingURL=recipients.js.map