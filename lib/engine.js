/** The engine-only entry (`nestjs-smtp/engine`): the SMTP client and MIME composer, Node built-ins only. */
export { createTransport, SmtpTransport } from './transport/transport.js';
export { SmtpError } from './core/errors.js';
export { resolveOptions } from './transport/options.js';
export { composeMessage } from './mime/compose.js';
//# sourceMappingURL=engine.js.map