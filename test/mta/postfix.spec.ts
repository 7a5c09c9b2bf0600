import { it, expect, beforeAll, afterAll } from '@jest/globals';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport, SmtpError } from '../../lib/engine.js';
import type { MailMessage, SmtpOptions, SmtpTransport } from '../../lib/engine.js';
import { parseMail, lf } from '../helpers/parse-mail.js';
import {
  postfixGate, startPostfix, splitTraceHeaders, SASL_PASS, SASL_USER, SMALL_SIZE_LIMIT, TEST_DOMAIN,
  type PostfixMta, type SmtpdSession,
} from '../helpers/postfix.js';

const MAILBOXES = ['auth-plain', 'auth-login', 'auth-cram-md5', 'bytes', 'jörg', 'dsn-sender', 'dsn-rcpt', 'partial', 'pool', 'smtps', 'size', 'declared'];
const POOL_MESSAGES = 500;

const gate = postfixGate('test/mta/postfix.spec.ts');

/** A message as a client would write it: CRLF, dot-led lines, 8-bit UTF-8, and every header Postfix would otherwise add (Date, Message-ID). */
function rawMessage(id: string, to: string, bodyLines: number): string {
  const lines = [
    `From: Sender <sender@${TEST_DOMAIN}>`,
    `To: ${to}`,
    `Subject: bytes ${id}`,
    `Message-ID: <${id}@${TEST_DOMAIN}>`,
    'Date: Mon, 07 Dec 2026 06:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    '.',
    '..',
    '.leading dot',
    '...three',
    'ünïcödé 8-bit text: Grüße, 你好, Привет, 🎉',
    ' .space then dot',
  ];
  for (let index = 0; index < bodyLines; index += 1) {
    lines.push(index % 7 === 0 ? `.${index} dot-led line ${'é'.repeat(index % 50)}` : `line ${index} ${'x'.repeat(index % 200)} ü`);
  }
  lines.push('.', 'the end');
  return `${lines.join('\r\n')}\r\n`;
}

function mailParams(session: SmtpdSession): string {
  const mail = session.commands.find((command) => /^MAIL FROM:/i.test(command));
  if (!mail) throw new Error(`no MAIL FROM in ${session.transcript.join(' | ')}`);
  return mail;
}

gate.describe('a real Postfix with Dovecot SASL', () => {
  let mta: PostfixMta;
  const transports: SmtpTransport[] = [];
  const login = { user: SASL_USER, pass: SASL_PASS };

  beforeAll(async () => {
    mta = await startPostfix({ mailboxes: MAILBOXES });
  }, 40_000);

  afterAll(async () => {
    await Promise.all(transports.map((transport) => transport.close()));
    await mta?.stop();
  }, 30_000);

  function transport(port: number, options: SmtpOptions = {}): SmtpTransport {
    const created = createTransport({ host: '127.0.0.1', port, tls: { ca: mta.ca }, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, ...options });
    transports.push(created);
    return created;
  }

  it.each([
    ['PLAIN', 'auth-plain'],
    ['LOGIN', 'auth-login'],
    ['CRAM-MD5', 'auth-cram-md5'],
  ])('authenticates with AUTH %s after STARTTLS and the message is delivered', async (method, mailbox) => {
    const mark = mta.logMark();
    const info = await transport(mta.ports.submission, { auth: login, authMethod: method }).sendMail({
      from: `sender@${TEST_DOMAIN}`, to: mta.address(mailbox), subject: `auth ${method}`, text: `sent after AUTH ${method}`,
    });
    expect(info.accepted).toEqual([mta.address(mailbox)]);

    const [session] = await mta.sessions('submission', mark);
    const starttls = session!.transcript.indexOf('C: STARTTLS');
    const auth = session!.transcript.findIndex((line) => line.startsWith(`C: AUTH ${method}`));
    expect(starttls).toBeGreaterThan(-1);
    expect(auth).toBeGreaterThan(starttls);
    expect(session!.replies).toContain('235 2.7.0 Authentication successful');

    const [delivered] = await mta.waitForMessages(mailbox, 1);
    const { trace } = splitTraceHeaders(delivered!.raw);
    expect(trace).toContain(`(Authenticated sender: ${SASL_USER})`);
    expect(trace).toMatch(/using TLSv1\.[23]/);
    const parsed = await parseMail(delivered!.raw);
    expect(parsed.subject).toBe(`auth ${method}`);
    expect(parsed.messageId).toBe(info.messageId);
  });

  it('refuses a wrong password with EAUTH and the 535 reply, and sends no MAIL', async () => {
    const mark = mta.logMark();
    // From another loopback address: Dovecot slows down every later AUTH from the address of a failed one.
    const error = await transport(mta.ports.submission, { auth: { user: SASL_USER, pass: 'wrong' }, authMethod: 'PLAIN', localAddress: '127.0.0.2' })
      .sendMail({ from: `sender@${TEST_DOMAIN}`, to: mta.address('auth-plain'), text: 'never' })
      .then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SmtpError);
    expect(error).toMatchObject({ code: 'EAUTH', responseCode: 535 });
    const [session] = await mta.sessions('submission', mark);
    expect(session!.commands.some((command) => command.startsWith('MAIL FROM'))).toBe(false);
  });

  it.each([
    ['BDAT in one chunk', 'submission', 40],
    ['BDAT in several chunks', 'submission', 6000],
    ['DATA', 'nochunking', 40],
    ['DATA, streamed', 'nochunking', 6000],
  ] as const)('delivers the exact bytes sent with %s (dot-led lines, 8-bit UTF-8)', async (label, listener, bodyLines) => {
    const id = `bytes-${label.replace(/\W+/g, '-')}`;
    const raw = rawMessage(id, mta.address('bytes'), bodyLines);
    const before = (await mta.messages('bytes')).length;
    const mark = mta.logMark();
    const port = listener === 'submission' ? mta.ports.submission : mta.ports.noChunking;
    const info = await transport(port, { auth: login }).sendMail({
      envelope: { from: `sender@${TEST_DOMAIN}`, to: [mta.address('bytes')] }, raw,
    });
    // BDAT sends the bytes as they are; DATA adds a dot to each dot-led line.
    if (listener === 'submission') expect(info.messageSize).toBe(Buffer.byteLength(raw));
    else expect(info.messageSize).toBeGreaterThan(Buffer.byteLength(raw));

    const [session] = await mta.sessions(listener, mark);
    expect(mailParams(session!)).toMatch(/ BODY=8BITMIME\b/);
    const bdat = session!.commands.filter((command) => command.startsWith('BDAT '));
    if (listener === 'submission') {
      expect(session!.commands).not.toContain('DATA');
      expect(bdat.at(-1)).toMatch(/^BDAT \d+ LAST$/);
      const declared = bdat.reduce((sum, command) => sum + Number(command.split(' ')[1]), 0);
      expect(declared).toBe(Buffer.byteLength(raw));
      if (bodyLines > 1000) expect(bdat.length).toBeGreaterThan(1);
    } else {
      expect(session!.commands).toContain('DATA');
      expect(bdat).toEqual([]);
    }

    const delivered = await mta.waitForMessages('bytes', before + 1);
    const mine = delivered.find((message) => message.raw.includes(`<${id}@${TEST_DOMAIN}>`));
    expect(mine).toBeDefined();
    // Maildir stores LF line ends; everything else must be the client's bytes, unstuffed, untouched.
    expect(splitTraceHeaders(mine!.raw).message.equals(Buffer.from(raw.replace(/\r\n/g, '\n')))).toBe(true);
    const parsed = await parseMail(mine!.raw);
    expect(parsed.text!.startsWith('.\n..\n.leading dot\n...three\nünïcödé 8-bit text: Grüße, 你好, Привет, 🎉\n')).toBe(true);
  });

  it('delivers to a UTF-8 address with SMTPUTF8', async () => {
    const mark = mta.logMark();
    const rcpt = mta.address('jörg');
    const info = await transport(mta.ports.submission, { auth: login }).sendMail({
      from: { name: 'Jörg Sender', address: `jörg@${TEST_DOMAIN}` }, to: { name: 'Jörg', address: rcpt },
      subject: 'Grüße an Jörg', text: 'UTF-8 all the way',
    });
    expect(info.accepted).toEqual([rcpt]);

    const [session] = await mta.sessions('submission', mark);
    const mail = mailParams(session!);
    expect(mail.startsWith(`MAIL FROM:<jörg@${TEST_DOMAIN}> `)).toBe(true);
    expect(mail.split(' ')).toContain('SMTPUTF8');
    expect(session!.commands).toContain(`RCPT TO:<${rcpt}>`);

    const [delivered] = await mta.waitForMessages('jörg', 1);
    const { trace } = splitTraceHeaders(delivered!.raw);
    expect(Buffer.from(trace, 'latin1').toString('utf8')).toContain(`Delivered-To: ${rcpt}`);
    expect(trace).toMatch(/with UTF8SMTPSA/);
    const parsed = await parseMail(delivered!.raw);
    expect(parsed.subject).toBe('Grüße an Jörg');
    expect(parsed.from?.value[0]).toEqual({ name: 'Jörg Sender', address: `jörg@${TEST_DOMAIN}` });
  });

  it('sends DSN parameters on the wire, and Postfix honours them in its delivery report', async () => {
    const mark = mta.logMark();
    const sender = mta.address('dsn-sender');
    const original = `original-rcpt@${TEST_DOMAIN}`;
    await transport(mta.ports.submission, { auth: login }).sendMail({
      from: sender, to: mta.address('dsn-rcpt'), subject: 'dsn please', text: 'BODY-MARKER-not-returned',
      dsn: { id: 'pfx-envid-1', return: 'headers', notify: ['success', 'failure'], recipient: original },
    });

    const [session] = await mta.sessions('submission', mark);
    expect(mailParams(session!)).toMatch(/ RET=HDRS\b/);
    expect(mailParams(session!)).toMatch(/ ENVID=pfx-envid-1\b/);
    expect(session!.commands).toContain(`RCPT TO:<${mta.address('dsn-rcpt')}> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;${original}`);

    await mta.waitForMessages('dsn-rcpt', 1);
    // NOTIFY=SUCCESS: Postfix mails a delivery report back to the envelope sender.
    const [report] = await mta.waitForMessages('dsn-sender', 1);
    const text = report!.raw.toString('utf8');
    expect(text).toContain('Content-Type: multipart/report; report-type=delivery-status');
    expect(text).toContain('Original-Envelope-Id: pfx-envid-1');
    expect(text).toContain(`Original-Recipient: rfc822;${original}`);
    expect(text).toContain('Action: delivered');
    // RET=HDRS: the report quotes the headers only.
    expect(text).toContain('Subject: dsn please');
    expect(text).not.toContain('BODY-MARKER-not-returned');
  });

  it('reports a refused recipient (550 5.1.1) in rejected and delivers to the other', async () => {
    const unknown = `no-such-user@${TEST_DOMAIN}`;
    const info = await transport(mta.ports.submission, { auth: login }).sendMail({
      from: `sender@${TEST_DOMAIN}`, to: [unknown, mta.address('partial')], subject: 'partial', text: 'one of two',
    });
    expect(info.accepted).toEqual([mta.address('partial')]);
    expect(info.rejected).toEqual([unknown]);
    expect(info.rejectedErrors).toHaveLength(1);
    expect(info.rejectedErrors![0]).toMatchObject({ code: 'EENVELOPE', responseCode: 550, enhancedStatus: '5.1.1' });
    expect(info.rejectedErrors![0]!.response).toContain('User unknown');
    const delivered = await mta.waitForMessages('partial', 1);
    expect(delivered).toHaveLength(1);
    expect((await parseMail(delivered[0]!.raw)).messageId).toBe(info.messageId);
  });

  it('F40 every recipient refused under BDAT: Postfix answers the NOOP and DATA that check the refusal with 250 and 503, so it stays not-sent', async () => {
    const mark = mta.logMark();
    const unknown = `no-such-user@${TEST_DOMAIN}`;
    const sending = transport(mta.ports.submission, { auth: login }).sendMail({ from: `sender@${TEST_DOMAIN}`, to: unknown, subject: 'refused', text: 'to nobody' });
    await expect(sending).rejects.toMatchObject({ code: 'EENVELOPE', responseCode: 550, delivery: 'not-sent' });
    const [session] = await mta.sessions('submission', mark);
    const noop = session!.transcript.indexOf('C: NOOP');
    expect(noop).toBeGreaterThan(session!.transcript.findIndex((line) => line.startsWith('C: BDAT')));
    expect(session!.transcript.slice(noop)).toEqual(expect.arrayContaining(['C: DATA', expect.stringMatching(/^S: 250 /), expect.stringMatching(/^S: 503 /)]));
  });

  it('delivers over implicit TLS (smtps) with AUTH', async () => {
    const info = await transport(mta.ports.smtps, { secure: true, auth: login }).sendMail({
      from: `sender@${TEST_DOMAIN}`, to: mta.address('smtps'), subject: 'implicit TLS', text: 'over smtps',
    });
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: (?:\d+ bytes )?queued as /);
    const [delivered] = await mta.waitForMessages('smtps', 1);
    const { trace } = splitTraceHeaders(delivered!.raw);
    expect(trace).toMatch(/using TLSv1\.[23]/);
    expect(trace).toContain(`(Authenticated sender: ${SASL_USER})`);
    expect(trace).toMatch(/with ESMTPSA/);
    expect(lf((await parseMail(delivered!.raw)).text ?? '')).toBe('over smtps\n');
  });

  it(`delivers ${POOL_MESSAGES} messages exactly once each through a pool of 4 with 8 transactions in flight`, async () => {
    const mark = mta.logMark();
    const pool = transport(mta.ports.smtps, { secure: true, auth: login, pool: true, maxConnections: 4, maxTransactionsInFlight: 8 });
    const ids = Array.from({ length: POOL_MESSAGES }, (_, index) => `<pool-${index}@${TEST_DOMAIN}>`);
    const infos = await Promise.all(ids.map((messageId, index) => pool.sendMail({
      from: `sender@${TEST_DOMAIN}`, to: mta.address('pool'), subject: `pool ${index}`, text: `message ${index}`, messageId,
    })));
    expect(infos.map((info) => info.messageId)).toEqual(ids);
    expect(infos.every((info) => info.accepted.length === 1)).toBe(true);

    await mta.waitForMessages('pool', POOL_MESSAGES, 60_000);
    // Anything delivered twice would show up as a surplus file shortly after the last one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const delivered = await mta.messages('pool');
    const seen = delivered.map((message) => /^Message-ID: (<[^>]+>)$/im.exec(message.raw.toString('latin1'))?.[1]);
    expect(delivered).toHaveLength(POOL_MESSAGES);
    expect(new Set(seen)).toEqual(new Set(ids));

    await pool.close();
    // Postfix counts the MAIL commands of each session; together they are the messages, none sent twice.
    const mailsOf = (session: SmtpdSession) => Number(/\bmail=(\d+)/.exec(session.summary!)?.[1] ?? 0);
    const total = (sessions: SmtpdSession[]) => sessions.reduce((sum, session) => sum + mailsOf(session), 0);
    const sessions = await mta.sessions('smtps', mark, (ended) => total(ended) >= POOL_MESSAGES);
    expect(total(sessions)).toBe(POOL_MESSAGES);
    // maxMessages (100 by default) per connection.
    expect(sessions.length).toBeGreaterThanOrEqual(POOL_MESSAGES / 100);
    expect(Math.max(...sessions.map(mailsOf))).toBeLessThanOrEqual(100);
  }, 90_000);

  it.each([
    ['BDAT', 'submission'],
    ['DATA', 'nochunking'],
  ] as const)('declares with %s the exact SIZE of what Postfix receives: text, Buffer and file attachments, DKIM', async (_, listener) => {
    const dir = await mkdtemp(join(tmpdir(), 'pfx-size-'));
    try {
      const file = join(dir, 'report.pdf');
      await writeFile(file, randomBytes(600_001));
      const dkim = { domainName: TEST_DOMAIN, keySelector: 'k1', privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
      const port = listener === 'submission' ? mta.ports.submission : mta.ports.noChunking;
      const base = { from: `sender@${TEST_DOMAIN}`, to: mta.address('declared') };
      const shapes: Array<[string, MailMessage, SmtpOptions]> = [
        ['qp', { ...base, subject: 'qp', text: `.Grüße = ${'ü'.repeat(700)}\n`.repeat(400) }, {}],
        ['buffer', { ...base, subject: 'buffer', text: 'attached', attachments: [{ filename: 'a.bin', content: randomBytes(900_000) }] }, {}],
        ['file-dkim', { ...base, subject: 'file', html: '<p>report</p>', attachments: [{ path: file }] }, { dkim }],
      ];
      for (const [name, message, options] of shapes) {
        const id = `<declared-${listener}-${name}@${TEST_DOMAIN}>`;
        const before = (await mta.messages('declared')).length;
        const mark = mta.logMark();
        await transport(port, { auth: login, ...options }).sendMail({ ...message, messageId: id });
        const [session] = await mta.sessions(listener, mark);
        const declared = Number(/ SIZE=(\d+)/.exec(mailParams(session!))?.[1]);
        const delivered = (await mta.waitForMessages('declared', before + 1)).find((entry) => entry.raw.includes(id));
        // Maildir keeps LF line ends: each was a CRLF on the wire.
        const { message: received } = splitTraceHeaders(delivered!.raw);
        const lineBreaks = received.toString('latin1').split('\n').length - 1;
        expect([name, declared]).toEqual([name, received.length + lineBreaks]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('F37 a message over the advertised SIZE is refused before MAIL, and no body bytes reach the server', async () => {
    const mark = mta.logMark();
    const attachment = randomBytes(SMALL_SIZE_LIMIT + 512 * 1024);
    const error = await transport(mta.ports.smallSize, { auth: login }).sendMail({
      from: `sender@${TEST_DOMAIN}`, to: mta.address('size'), subject: 'too big',
      text: 'see attachment', attachments: [{ filename: 'big.bin', content: attachment }],
    }).then(() => undefined, (thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(SmtpError);
    expect((error as SmtpError).code).toBe('EMESSAGE');
    const [session] = await mta.sessions('smallsize', mark);
    expect(session!.replies).toContain(`250-SIZE ${SMALL_SIZE_LIMIT}`);
    expect(session!.commands.filter((command) => /^(MAIL FROM|BDAT|DATA)/i.test(command))).toEqual([]);
    expect(await mta.messages('size')).toEqual([]);
  });
});
