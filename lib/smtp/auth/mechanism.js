/** What an AUTH mechanism sees: a way to send lines and read replies, and how it reports failure. */
import { SmtpError } from '../../core/errors.js';
import { replyText } from '../reply-parser.js';
/** RFC 4954 §4: 235 means authenticated, 334 asks for the next step. */
export const AUTH_SUCCESS = 235;
export const AUTH_CONTINUE = 334;
/** An AUTH failure carrying the server's reply. */
export function authFailure(reply, mechanism) {
    return new SmtpError('EAUTH', `authentication with ${mechanism} failed: ${reply.code} ${replyText(reply)}`, {
        responseCode: reply.code,
        enhancedStatus: reply.enhancedStatus,
        response: reply.raw,
        command: `AUTH ${mechanism}`,
        phase: 'auth',
    });
}
/** Resolves when the reply is 235, throws EAUTH otherwise. */
export function expectSuccess(reply, mechanism) {
    if (reply.code !== AUTH_SUCCESS)
        throw authFailure(reply, mechanism);
}
/** Resolves when the reply is a 334 challenge, throws EAUTH otherwise. */
export function expectChallenge(reply, mechanism) {
    if (reply.code !== AUTH_CONTINUE)
        throw authFailure(reply, mechanism);
}
export function base64(value) {
    return Buffer.from(value, 'utf8').toString('base64');
}
//# sourceMappingURL=mechanism.js.map