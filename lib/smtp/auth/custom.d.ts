import type { SmtpAuth } from '../session-options.js';
import type { AuthExchange } from './mechanism.js';
import type { CustomAuthHandler } from '../session-options.js';
export declare function authenticateCustom(exchange: AuthExchange, handler: CustomAuthHandler, auth: SmtpAuth, extensions: string[], mechanism: string): Promise<void>;
