import { describe, it, expect, afterEach, beforeEach } from '@jest/globals';
import diagnosticsChannel from 'node:diagnostics_channel';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createTransport } from '../../lib/transport/transport.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import { CONNECT_CHANNEL, SEND_CHANNEL, type SmtpSendEvent } from '../../lib/transport/diagnostics/channels.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer, type ScriptServer } from '../helpers/script-server.js';
import { esmtp, CLOSE, DESTROY } from '../helpers/esmtp-script.js';
import { closedPort } from '../helpers/free-port.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';
import { recordChannels, type ChannelRecorder } from '../helpers/channel-recorder.js';
import { resolveOptions } from '../../lib/transport/options.js';
import { traceSend } from '../../lib/transport/diagnostics/send-trace.js';
import { traceConnect } from '../../lib/transport/diagnostics/connect-trace.js';
import type { SentMessageInfo } from '../../lib/transport/mail-transport.js';
import type { SmtpConnection } from '../../lib/smtp/connection.js';

const startServer = closedAfterEach(startSmtpServer);
const startScript = closedAfterEach(startScriptServer);

const MESSAGE = {
  from: 'sender@example.org',
  to: ['ann@Example.COM', 'bob@example.com', 'carl@other.test'],
  subject: 'traced',
  text: 'hello',
};

const SEND_EVENTS_OK = ['send:start', 'send:end', 'send:asyncStart', 'send:asyncEnd'];
const SEND_EVENTS_FAILED = ['send:start', 'send:end', 'send:error', 'send:asyncStart', 'send:asyncEnd'];

function sendNames(recorder: ChannelRecorder): string[] {
  return recorder.names().filter((name) => name.startsWith('send:'));
}

function scriptTransport(srv: ScriptServer, options: SmtpOptions = {}) {
  return createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS, ...options });
}

describe('diagnostics channels', () => {
  let recorder: ChannelRecorder;
  beforeEach(() => {
    recorder = recordChannels();
  });
  afterEach(() => recorder.stop());

  it('publishes a send and its connection with counts, domains, size and reply code when the server accepts', async () => {
    const server = await startServer({ rejectRecipients: ['bob@example.com'] });
    const transport = createTransport({ host: server.host, port: server.port });
    const info = await transport.sendMail(MESSAGE);
    await transport.close();

    expect(sendNames(recorder)).toEqual(SEND_EVENTS_OK);
    expect(recorder.last('send:start')).toEqual({ transport: 'smtp', host: '127.0.0.1', port: server.port, secure: false, pooled: false });
    expect(recorder.last('send:asyncEnd')).toEqual({
      transport: 'smtp',
      host: '127.0.0.1',
      port: server.port,
      secure: false,
      pooled: false,
      outcome: 'succeeded',
      messageId: info.messageId,
      recipientCount: 3,
      recipientDomains: ['example.com', 'other.test'],
      attempts: 1,
      bdat: false,
      size: info.messageSize,
      accepted: 2,
      rejected: 1,
      responseCode: 250,
    });
    // One payload object per send, filled in as it goes.
    const sendPayloads = new Set(recorder.events.filter((e) => e.name.startsWith('send:')).map((e) => e.payload));
    expect(sendPayloads.size).toBe(1);

    expect(recorder.names().filter((name) => !name.startsWith('send:'))).toEqual([
      'connect:start', 'connect:end', 'connect:asyncStart', 'connect:asyncEnd', 'close',
    ]);
    expect(recorder.last('connect:asyncEnd')).toEqual({
      transport: 'smtp', host: '127.0.0.1', port: server.port, secure: false, pooled: false, proxied: false,
      outcome: 'succeeded', tls: false, startTls: false,
    });
    // The close carries the opening's own payload, so that the two can be paired.
    const connectPayload = recorder.events.find((e) => e.name === 'connect:start')?.payload;
    expect(recorder.events.find((e) => e.name === 'close')?.payload).toBe(connectPayload);
  });

  it('reports STARTTLS on the connection and a pooled transport as pooled', async () => {
    const server = await startServer({ mode: 'starttls' });
    const transport = createTransport({ host: server.host, port: server.port, pool: true, tls: { ca: server.ca, servername: 'localhost' } });
    await transport.sendMail(MESSAGE);
    await transport.close();
    expect(recorder.last('connect:asyncEnd')).toMatchObject({ pooled: true, secure: false, tls: true, startTls: true, outcome: 'succeeded' });
    expect(recorder.last('send:asyncEnd')).toMatchObject({ pooled: true, outcome: 'succeeded', accepted: 3 });
    expect(recorder.names().at(-1)).toBe('close');
  });

  it('says bdat when the server offers CHUNKING', async () => {
    const srv = await startScript(esmtp({ extensions: ['PIPELINING', 'CHUNKING'] }));
    const transport = scriptTransport(srv);
    await transport.sendMail(MESSAGE);
    await transport.close();
    expect(recorder.last('send:asyncEnd')).toMatchObject({ outcome: 'succeeded', bdat: true, responseCode: 250, accepted: 3 });
  });

  it('counts a pooled retry on a fresh connection as a second attempt of the same send', async () => {
    // The first connection drops at MAIL; the pool tries the message once more on a new one, which accepts it.
    const srv = await startScript([esmtp({ overrides: { MAIL: DESTROY } }), esmtp()]);
    const transport = scriptTransport(srv, { pool: true });
    await transport.sendMail(MESSAGE);
    await transport.close();
    expect(sendNames(recorder)).toEqual(SEND_EVENTS_OK);
    expect(recorder.last('send:asyncEnd')).toMatchObject({ outcome: 'succeeded', attempts: 2, accepted: 3 });
    expect(recorder.names().filter((name) => name === 'connect:asyncEnd')).toHaveLength(2);
    expect(recorder.names().filter((name) => name === 'close')).toHaveLength(2);
  });

  it('fails at connect: ECONNECTION refused, on both channels, before any message field is known', async () => {
    const port = await closedPort();
    const transport = createTransport({ host: '127.0.0.1', port, ...FAST_TIMEOUTS });
    await expect(transport.sendMail(MESSAGE)).rejects.toMatchObject({ code: 'ECONNECTION' });
    expect(sendNames(recorder)).toEqual(SEND_EVENTS_FAILED);
    expect(recorder.last('connect:asyncEnd')).toMatchObject({ outcome: 'failed', code: 'ECONNECTION', phase: 'connect' });
    expect(recorder.last('send:asyncEnd')).toMatchObject({
      outcome: 'failed', code: 'ECONNECTION', phase: 'connect', delivery: 'not-sent', recipientCount: 3, attempts: 0,
    });
    expect(recorder.last('send:asyncEnd')).not.toHaveProperty('bdat');
    expect(recorder.names()).not.toContain('close');
  });

  it('fails at the greeting: 554 is ECONNECTION with the reply code', async () => {
    const srv = await startScript(esmtp({ greeting: ['554 5.7.1 go away', CLOSE] }));
    await expect(scriptTransport(srv).sendMail(MESSAGE)).rejects.toMatchObject({ code: 'ECONNECTION' });
    const failure = { outcome: 'failed', code: 'ECONNECTION', phase: 'greeting', responseCode: 554 };
    expect(recorder.last('connect:error')).toMatchObject(failure);
    expect(recorder.last('send:asyncEnd')).toMatchObject({ ...failure, delivery: 'not-sent' });
  });

  it('fails at AUTH: 535 is EAUTH in phase auth', async () => {
    const server = await startServer({ auth: { user: 'traced-user', pass: 'right-password' } });
    const transport = createTransport({ host: server.host, port: server.port, auth: { user: 'traced-user', pass: 'wrong-password' } });
    await expect(transport.sendMail(MESSAGE)).rejects.toMatchObject({ code: 'EAUTH' });
    expect(recorder.last('connect:asyncEnd')).toMatchObject({ outcome: 'failed', code: 'EAUTH', phase: 'auth', responseCode: 535 });
    expect(recorder.last('send:asyncEnd')).toMatchObject({ outcome: 'failed', code: 'EAUTH', phase: 'auth', responseCode: 535, delivery: 'not-sent' });
  });

  it('fails at MAIL: 550 is EENVELOPE in phase mail', async () => {
    const srv = await startScript(esmtp({ overrides: { MAIL: '550 5.7.1 sender refused' } }));
    const transport = scriptTransport(srv);
    await expect(transport.sendMail(MESSAGE)).rejects.toMatchObject({ code: 'EENVELOPE' });
    await transport.close();
    expect(recorder.last('send:asyncEnd')).toMatchObject({
      outcome: 'failed', code: 'EENVELOPE', phase: 'mail', responseCode: 550, delivery: 'not-sent', attempts: 1, bdat: false,
    });
    expect(recorder.last('connect:asyncEnd')).toMatchObject({ outcome: 'succeeded' });
  });

  it('fails at RCPT when every recipient is refused: EENVELOPE in phase rcpt', async () => {
    const server = await startServer({ rejectRecipients: () => 550 });
    const transport = createTransport({ host: server.host, port: server.port });
    await expect(transport.sendMail(MESSAGE)).rejects.toMatchObject({ code: 'EENVELOPE' });
    await transport.close();
    expect(recorder.last('send:asyncEnd')).toMatchObject({ outcome: 'failed', code: 'EENVELOPE', phase: 'rcpt', delivery: 'not-sent', recipientCount: 3 });
  });

  it('fails at DATA: 554 to the DATA command is EMESSAGE in phase data', async () => {
    const srv = await startScript(esmtp({ overrides: { DATA: '554 5.5.1 no valid recipients' } }));
    const transport = scriptTransport(srv);
    await expect(transport.sendMail(MESSAGE)).rejects.toMatchObject({ code: 'EMESSAGE' });
    await transport.close();
    expect(recorder.last('send:asyncEnd')).toMatchObject({ outcome: 'failed', code: 'EMESSAGE', phase: 'data', responseCode: 554, delivery: 'not-sent', bdat: false });
  });

  it('fails at the final dot: 554 is EMESSAGE in phase end, not sent', async () => {
    const srv = await startScript(esmtp({ overrides: { '.': '554 5.6.0 content refused' } }));
    const transport = scriptTransport(srv);
    await expect(transport.sendMail(MESSAGE)).rejects.toMatchObject({ code: 'EMESSAGE' });
    await transport.close();
    expect(recorder.last('send:asyncEnd')).toMatchObject({ outcome: 'failed', code: 'EMESSAGE', phase: 'end', responseCode: 554, delivery: 'not-sent' });
  });

  it('a connection dropped after the final dot leaves the send uncertain', async () => {
    const srv = await startScript(esmtp({ overrides: { '.': DESTROY } }));
    const transport = scriptTransport(srv);
    await expect(transport.sendMail(MESSAGE)).rejects.toMatchObject({ delivery: 'uncertain' });
    await transport.close();
    const end = recorder.last('send:asyncEnd');
    expect(end).toMatchObject({ outcome: 'failed', code: 'ESOCKET', phase: 'end', delivery: 'uncertain' });
    expect(end).not.toHaveProperty('responseCode');
    expect(recorder.names()).toContain('close');
  });

  it('verify() publishes its connection, unpooled, and no send', async () => {
    const server = await startServer();
    const transport = createTransport({ host: server.host, port: server.port, pool: true });
    await transport.verify();
    await transport.close();
    expect(recorder.names()).toEqual(['connect:start', 'connect:end', 'connect:asyncStart', 'connect:asyncEnd', 'close']);
    expect(recorder.last('connect:asyncEnd')).toMatchObject({ pooled: false, outcome: 'succeeded' });
  });

  it('publishes no address, local part, password or content, whatever the outcome', async () => {
    const localPart = 'zq-secret-localpart-7731';
    const password = 'pw-never-published-5519';
    const bodyText = 'body text never published 8842';
    const subject = 'subject never published 2213';
    const server = await startServer({ auth: { user: 'traced-user', pass: password }, rejectRecipients: [`${localPart}-refused@example.com`] });
    const message = {
      from: `${localPart}-from@example.org`,
      to: [`${localPart}@example.com`, `${localPart}-refused@example.com`],
      subject,
      text: bodyText,
    };
    const good = createTransport({ host: server.host, port: server.port, auth: { user: 'traced-user', pass: password } });
    await good.sendMail(message);
    await good.verify();
    await good.close();
    const allRefused = createTransport({ host: server.host, port: server.port, auth: { user: 'traced-user', pass: password } });
    await expect(allRefused.sendMail({ ...message, to: `${localPart}-refused@example.com` })).rejects.toMatchObject({ code: 'EENVELOPE' });
    await allRefused.close();
    const badLogin = createTransport({ host: server.host, port: server.port, auth: { user: `${localPart}-user`, pass: `${password}-wrong` } });
    await expect(badLogin.sendMail(message)).rejects.toMatchObject({ code: 'EAUTH' });

    const published = recorder.serialized();
    expect(recorder.events.length).toBeGreaterThanOrEqual(20);
    expect(published).toContain('example.com');
    for (const secret of [localPart, password, bodyText, subject, 'traced-user']) expect(published).not.toContain(secret);
  });

  it('runs the start event in the caller\'s async context, with stores bound to it', async () => {
    const server = await startServer();
    const transport = createTransport({ host: server.host, port: server.port });
    const callerStore = new AsyncLocalStorage<string>();
    const boundStore = new AsyncLocalStorage<SmtpSendEvent>();
    const seenAtStart: Array<string | undefined> = [];
    const start = diagnosticsChannel.channel(`tracing:${SEND_CHANNEL}:start`);
    const onStart = (): void => {
      seenAtStart.push(callerStore.getStore());
    };
    start.subscribe(onStart);
    const sendChannel = diagnosticsChannel.tracingChannel<unknown, SmtpSendEvent>(SEND_CHANNEL);
    sendChannel.start.bindStore(boundStore);
    let boundDuringSend: SmtpSendEvent | undefined;
    const connectStart = diagnosticsChannel.channel(`tracing:${CONNECT_CHANNEL}:start`);
    const onConnect = (): void => {
      boundDuringSend = boundStore.getStore();
    };
    connectStart.subscribe(onConnect);
    try {
      await Promise.all([
        callerStore.run('first caller', () => transport.sendMail(MESSAGE)),
        callerStore.run('second caller', () => transport.sendMail(MESSAGE)),
      ]);
    } finally {
      start.unsubscribe(onStart);
      connectStart.unsubscribe(onConnect);
      sendChannel.start.unbindStore(boundStore);
      await transport.close();
    }
    expect(seenAtStart).toEqual(['first caller', 'second caller']);
    // A connection opened for a send runs inside the store bound at its start.
    expect(boundDuringSend).toMatchObject({ transport: 'smtp', port: server.port });
  });

  it('builds no payload and adds no promise when nobody subscribes', async () => {
    recorder.stop();
    expect(diagnosticsChannel.tracingChannel(SEND_CHANNEL).hasSubscribers).toBe(false);
    expect(diagnosticsChannel.tracingChannel(CONNECT_CHANNEL).hasSubscribers).toBe(false);
    const options = resolveOptions({ host: '127.0.0.1', port: 2525 });
    const sent = Promise.resolve({} as SentMessageInfo);
    const payloads: unknown[] = [];
    // The send runs as it is: its own promise comes back, and it is handed no payload to fill in.
    expect(traceSend(options, (payload) => (payloads.push(payload), sent))).toBe(sent);
    expect(payloads).toEqual([undefined]);
    const opened = Promise.resolve({} as SmtpConnection);
    expect(traceConnect(options, false, () => opened)).toBe(opened);

    const server = await startServer();
    const transport = createTransport({ host: server.host, port: server.port });
    await expect(transport.sendMail(MESSAGE)).resolves.toMatchObject({ accepted: MESSAGE.to });
    await transport.close();
    expect(recorder.events).toEqual([]);
  });
});
