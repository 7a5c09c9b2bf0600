import { describe, it, expect } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { createTransport } from '../../lib/transport/transport.js';
import { handlebarsTemplates } from '../../lib/templates/handlebars.js';
import { SmtpError } from '../../lib/core/errors.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { rejectionOf } from '../helpers/settle.js';

const FAST = { connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 2000 };
const fixtures = (name: string): string => fileURLToPath(new URL(`../fixtures/templates/${name}`, import.meta.url));
const start = closedAfterEach(startSmtpServer);

type MailTemplates = {
  welcome: { name: string; note: string; company: string };
  reset: { code: string };
  shout: { code: string };
};

const templates = (extra: Partial<Parameters<typeof handlebarsTemplates<MailTemplates>>[0]> = {}) =>
  handlebarsTemplates<MailTemplates>({
    dir: fixtures('mail'),
    helpers: { shout: (value: string) => String(value).toUpperCase() },
    ...extra,
  });

describe('handlebarsTemplates', () => {
  it('renders subject, html in its layout with a partial, and text, which mailparser reads back', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST, templates: templates() });
    const logo = Buffer.from('89504e470d0a1a0a', 'hex');
    await transport.sendMail({
      from: 'app@example.test',
      to: 'ann@example.test',
      template: 'welcome',
      context: { name: 'Ann', note: '<script>alert(1)</script>', company: 'Example & Co' },
      attachments: [{ filename: 'logo.png', content: logo, cid: 'logo@example.test' }],
    });
    const parsed = await srv.parse(0);
    expect(parsed.subject).toBe('Welcome, Ann!');
    expect(parsed.html).toContain('<h1>Hello Ann</h1>');
    // HTML escaping is on for the html part: a context value cannot add markup.
    expect(parsed.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(parsed.html).not.toContain('<script>');
    expect(parsed.html).toMatch(/^<!doctype html>\n<html><body>/);
    expect(parsed.html).toContain('<p class="footer">Example &amp; Co</p>');
    // The text part is plain text: not HTML-escaped.
    expect(parsed.text?.trim()).toBe('Hello Ann\n<script>alert(1)</script>');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0].contentId).toBe('<logo@example.test>');
    expect(parsed.attachments[0].content.equals(logo)).toBe(true);
    await transport.close();
  });

  it('lets the message override what the template renders and keeps defaults for the rest', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST, templates: templates() }, { from: 'app@example.test', replyTo: 'help@example.test' });
    await transport.sendMail({ to: 'ann@example.test', subject: 'Your code', template: 'reset', context: { code: '12-34' } });
    const parsed = await srv.parse(0);
    expect(parsed.subject).toBe('Your code');
    expect(parsed.text?.trim()).toBe('Use this code: 12-34');
    expect(parsed.html).toBe(false);
    expect(parsed.replyTo?.text).toBe('help@example.test');
    await transport.close();
  });

  it('falls back from fr-CA to fr, and from an unknown locale to the default', async () => {
    const renderer = templates();
    await renderer.compile();
    const context = { name: 'Ann', note: '', company: 'X' };
    const fr = await renderer.render('welcome', context, { locale: 'fr-CA' });
    expect(fr).toMatchObject({ locale: 'fr', subject: 'Bienvenue, Ann !' });
    expect(fr.html).toContain('<h1>Bonjour Ann</h1>');
    // A locale's folder holds what it translates; the default's other parts are not mixed in: the text part is
    // derived from the French html, not taken from the default's welcome.text.hbs.
    expect(fr.text).toBe('Bonjour Ann\n\nX');
    const de = await renderer.render('welcome', context, { locale: 'de-AT' });
    expect(de.locale).toBeUndefined();
    expect(de.subject).toBe('Welcome, Ann!');
  });

  it('uses registered helpers', async () => {
    const renderer = templates();
    expect((await renderer.render('shout', { code: 'abc' }, {})).text?.trim()).toBe('Code ABC');
  });

  it('a subject rendered from a value with CR/LF stays one Subject header', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST, templates: templates() });
    await transport.sendMail({
      from: 'app@example.test',
      to: 'ann@example.test',
      template: 'welcome',
      context: { name: 'Ann\r\nBcc: evil@example.test', note: '', company: 'X' },
    });
    const raw = srv.messages[0].raw.toString('latin1');
    const headerBlock = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(headerBlock).not.toMatch(/^Bcc:/im);
    expect(headerBlock.match(/^Subject:/gim)).toHaveLength(1);
    expect(srv.messages[0].envelope.to).toEqual(['ann@example.test']);
    await transport.close();
  });

  it('fails a send whose template throws with ETEMPLATE before any connection opens', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST, templates: templates({ strict: true }) });
    const err = await rejectionOf(transport.sendMail({ from: 'a@example.test', to: 'b@example.test', template: 'reset', context: {} as { code: string } }));
    expect(err).toBeInstanceOf(SmtpError);
    expect(err.code).toBe('ETEMPLATE');
    expect(err.message).toContain('"reset"');
    expect(err.message).toContain('code');
    const unknown = await rejectionOf(transport.sendMail({ from: 'a@example.test', to: 'b@example.test', template: 'nope' as 'reset', context: { code: '1' } }));
    expect(unknown.code).toBe('ETEMPLATE');
    expect(unknown.message).toContain('no template named "nope"');
    expect(srv.connectionCount()).toBe(0);
    await transport.close();
  });

  it('a template asked of a transport without templates is ETEMPLATE, nothing sent', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST });
    const err = await rejectionOf(transport.sendMail({ from: 'a@example.test', to: 'b@example.test', template: 'welcome' }));
    expect(err.code).toBe('ETEMPLATE');
    expect(err.message).toContain('no templates configured');
    expect(srv.connectionCount()).toBe(0);
  });

  describe('compile() fails at startup with ECONFIG naming the cause', () => {
    const compileError = async (renderer: { compile(): Promise<void> }): Promise<SmtpError> => rejectionOf(renderer.compile()) as Promise<SmtpError>;

    it('for a missing folder', async () => {
      const err = await compileError(handlebarsTemplates({ dir: fixtures('no-such-folder') }));
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toContain('templates dir not found');
      expect(err.message).toContain('no-such-folder');
    });

    it('for a relative folder, which would depend on the working directory', async () => {
      const err = await compileError(handlebarsTemplates({ dir: 'templates' }));
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toContain('absolute path');
    });

    it('for a folder with no template', async () => {
      const err = await compileError(handlebarsTemplates({ dir: fixtures('empty') }));
      expect(err.message).toContain('no *.hbs template');
    });

    it('for a syntax error, with the file and line', async () => {
      const err = await compileError(handlebarsTemplates({ dir: fixtures('syntax-error') }));
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toContain('broken.hbs');
      expect(err.message).toMatch(/line \d+|Parse error/);
    });

    it('for a partial that does not exist, with the line', async () => {
      const err = await compileError(handlebarsTemplates({ dir: fixtures('missing-partial') }));
      expect(err.message).toContain('note.hbs line 3');
      expect(err.message).toContain('partial "nowhere"');
    });

    it('for a declared template with no file', async () => {
      const err = await compileError(handlebarsTemplates<{ welcome: object; invoice: object }>({ dir: fixtures('mail'), names: ['welcome', 'invoice'] }));
      expect(err.message).toContain('template "invoice" not found');
    });

    it('for a layout named but absent', async () => {
      const err = await compileError(handlebarsTemplates({ dir: fixtures('mail'), layout: 'fancy' }));
      expect(err.message).toContain('layout "fancy" not found');
    });
  });
});
