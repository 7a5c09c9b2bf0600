/** AUTH PLAIN (RFC 4616), with the initial response on the AUTH line (RFC 4954 §4). */
import { base64, expectSuccess } from './mechanism.js';
export async function authenticatePlain(exchange, user, pass) {
    const reply = await exchange.send(`AUTH PLAIN ${base64(`\u0000${user}\u0000${pass}`)}`, { secret: true });
    expectSuccess(reply, 'PLAIN');
}
//# sourceMappingURL=plain.js.map