/** AUTH CRAM-MD5 (RFC 2195): the password never crosses the wire, only an HMAC of the server's challenge. */
import { createHmac } from 'node:crypto';
import { base64, expectChallenge, expectSuccess } from './mechanism.js';
export async function authenticateCramMd5(exchange, user, pass) {
    const challengeReply = await exchange.send('AUTH CRAM-MD5');
    expectChallenge(challengeReply, 'CRAM-MD5');
    const challenge = Buffer.from(challengeReply.lines[0] ?? '', 'base64');
    const digest = createHmac('md5', pass).update(challenge).digest('hex');
    expectSuccess(await exchange.send(base64(`${user} ${digest}`), { secret: true }), 'CRAM-MD5');
}
//# sourceMappingURL=cram-md5.js.map