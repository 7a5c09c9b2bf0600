/** Runs a user's `customAuth` handler with a sendCommand that refuses line breaks. */
import { SmtpError, toSmtpError } from '../../core/errors.js';
import { replyText } from '../reply-parser.js';
export async function authenticateCustom(exchange, handler, auth, extensions, mechanism) {
    try {
        await handler({
            auth,
            extensions,
            sendCommand: async (line) => {
                if (typeof line !== 'string' || /[\r\n]/.test(line)) {
                    throw new SmtpError('EAUTH', `customAuth ${mechanism}: a command may not contain CR or LF`, { phase: 'auth' });
                }
                // Handler lines may carry credentials in any form, so all of them are treated as secret.
                const reply = await exchange.send(line, { secret: true });
                return { code: reply.code, enhancedStatus: reply.enhancedStatus, text: replyText(reply) };
            },
        });
    }
    catch (err) {
        throw toSmtpError(err, 'EAUTH', { phase: 'auth' });
    }
}
//# sourceMappingURL=custom.js.map