/** Settings common to both: plain loopback SMTP, a fixed EHLO name so no host name lookup is made. */
function baseOptions(settings) {
    return {
        host: '127.0.0.1',
        port: settings.port,
        secure: false,
        ignoreTLS: true,
        name: 'client.bench',
        pool: settings.pool,
        ...(settings.maxConnections !== undefined ? { maxConnections: settings.maxConnections } : {}),
        ...(settings.maxMessages !== undefined ? { maxMessages: settings.maxMessages } : {}),
    };
}
async function createOurs(settings) {
    const { createTransport } = await import('../lib/transport/transport.js');
    const transport = createTransport({
        ...baseOptions(settings),
        ...(settings.maxTransactionsInFlight !== undefined ? { maxTransactionsInFlight: settings.maxTransactionsInFlight } : {}),
    });
    return {
        async send(message) {
            await transport.sendMail(message);
        },
        close: () => transport.close(),
    };
}
async function createNodemailer(settings) {
    const nodemailer = await import('nodemailer');
    const transport = nodemailer.createTransport(baseOptions(settings));
    return {
        async send(message) {
            // The message shapes are the same (our API follows nodemailer's); only the declared types differ.
            await transport.sendMail(message);
        },
        async close() {
            transport.close();
        },
    };
}
/** Loads one side's library and creates its transport. */
export async function createClient(side, settings) {
    if (side === 'floor')
        return (await import('./floor-client.js')).createFloorClient(settings);
    return side === 'ours' ? createOurs(settings) : createNodemailer(settings);
}
//# sourceMappingURL=clients.js.map