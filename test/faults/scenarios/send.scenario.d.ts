import type { SmtpOptions } from '../../../lib/transport/options.js';
import { type TestSmtpServerOptions } from '../../helpers/smtp-server.js';
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
export default function run(input: SendScenarioInput): Promise<SendScenarioResult>;
