/** AUTH XOAUTH2 (Google's and Microsoft's SASL profile for OAuth 2.0 bearer tokens). */
import { AUTH_CONTINUE, authFailure, base64, expectSuccess } from './mechanism.js';
/**
 * Sends the bearer token. A refusal comes as a 334 with a base64 JSON error; the client answers with an
 * empty line and the server then sends the final 5xx, which is what the thrown EAUTH carries.
 */
export async function authenticateXoauth2(exchange, user, accessToken) {
    const payload = base64(`user=${user}\u0001auth=Bearer ${accessToken}\u0001\u0001`);
    const reply = await exchange.send(`AUTH XOAUTH2 ${payload}`, { secret: true });
    if (reply.code === AUTH_CONTINUE) {
        throw authFailure(await exchange.send(''), 'XOAUTH2');
    }
    expectSuccess(reply, 'XOAUTH2');
}
//# sourceMappingURL=xoauth2.js.map