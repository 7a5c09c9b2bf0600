/** AUTH LOGIN: user name and password, each answering a 334 challenge. */
import { base64, expectChallenge, expectSuccess } from './mechanism.js';
export async function authenticateLogin(exchange, user, pass) {
    expectChallenge(await exchange.send('AUTH LOGIN'), 'LOGIN');
    expectChallenge(await exchange.send(base64(user), { secret: true }), 'LOGIN');
    expectSuccess(await exchange.send(base64(pass), { secret: true }), 'LOGIN');
}
//# sourceMappingURL=login.js.map