import { describe, it, expect, beforeAll } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { createTransport } from '../../lib/transport/transport.js';
import { mjmlTemplates } from '../../lib/templates/mjml.js';
import { SmtpError } from '../../lib/core/errors.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';
import { rejectionOf } from '../helpers/settle.js';
import { templateFoldersRemovedAfterEach } from '../helpers/template-folder.js';

const MJML_DIR = fileURLToPath(new URL('../fixtures/templates/mjml', import.meta.url));
const start = closedAfterEach(startSmtpServer);
const folderWith = templateFoldersRemovedAfterEach();

type MjmlMail = {
  welcome: { name: string; note: string; url: string; title: string };
  receipt: { number: number; extra?: string; title: string };
};

const SECTION = (inner: string): string => `<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n${inner}\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>\n`;

describe('mjmlTemplates', () => {
  // The first load of MJML's hundreds of modules through jest's loader takes seconds: once, outside any test's time.
  beforeAll(() => mjmlTemplates({ dir: MJML_DIR }).compile(), 60_000);

  it('fills the .mjml part with Handlebars, renders it with MJML in its layout, and derives the text part', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS, templates: mjmlTemplates<MjmlMail>({ dir: MJML_DIR }) });
    const logo = Buffer.from('89504e470d0a1a0a', 'hex');
    await transport.sendMail({
      from: 'app@example.test',
      to: 'ann@example.test',
      template: 'welcome',
      context: { name: 'Ann', note: '<b>bold?</b>', url: 'https://example.test/account', title: 'Welcome' },
      attachments: [{ filename: 'logo.png', content: logo, cid: 'logo@example.test' }],
    });
    const parsed = await srv.parse(0);
    expect(parsed.subject).toBe('Welcome, Ann!');
    const html = parsed.html as string;
    // MJML's output, not the template: a doctype, tables, and no mj-* tag left.
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toContain('<mj-');
    expect(html).toContain('<title>Welcome</title>');
    expect(html).toMatch(/>Hello Ann<\/div>/);
    expect(html).toContain('&lt;b&gt;bold?&lt;/b&gt;');
    // mailparser swaps a cid: reference for the attachment it names: the image points at the attached logo.
    expect(html).toContain(`src="data:image/png;base64,${logo.toString('base64')}"`);
    expect(html).toContain('href="https://example.test/account"');
    // The derived text keeps the words and the link, leaves out the image and MJML's tables.
    expect(parsed.text?.trim()).toBe('Hello Ann\n\n<b>bold?</b>\n\nOpen your account [https://example.test/account]');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0].contentId).toBe('<logo@example.test>');
    expect(parsed.attachments[0].content.equals(logo)).toBe(true);
    await transport.close();
  });

  it('keeps a text part written by hand, and falls back from fr-CA to fr', async () => {
    const renderer = mjmlTemplates<MjmlMail>({ dir: MJML_DIR });
    const receipt = await renderer.render('receipt', { number: 7, title: 'Receipt' }, {});
    expect(receipt.text?.trim()).toBe('Receipt 7, written by hand.');
    expect(receipt.html).toMatch(/>Receipt 7<\/div>/);
    const fr = await renderer.render('welcome', { name: 'Ann', note: '', url: 'https://example.test', title: 'Bienvenue' }, { locale: 'fr-CA' });
    expect(fr.locale).toBe('fr');
    expect(fr.subject).toBe('Bienvenue, Ann !');
    expect(fr.text).toBe('Bonjour Ann');
  });

  it('fails a send with ETEMPLATE when the filled MJML is invalid, before any connection opens', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS, templates: mjmlTemplates<MjmlMail>({ dir: MJML_DIR }) });
    // {{{extra}}} writes raw markup: here, a tag MJML does not know. The empty-context check at compile time cannot see it.
    const err = await rejectionOf(transport.sendMail({
      from: 'a@example.test',
      to: 'b@example.test',
      template: 'receipt',
      context: { number: 1, extra: '<mj-nope>x</mj-nope>', title: 'Receipt' },
    }));
    expect(err).toBeInstanceOf(SmtpError);
    expect(err.code).toBe('ETEMPLATE');
    expect(err.message).toContain('template "receipt" failed to render');
    expect(err.message).toContain('receipt.mjml');
    expect(err.message).toContain('mj-nope');
    expect(srv.connectionCount()).toBe(0);
    await transport.close();
  });

  describe('compile() fails at startup with ECONFIG naming the cause', () => {
    const compileError = async (renderer: { compile(): Promise<void> }): Promise<SmtpError> => rejectionOf(renderer.compile()) as Promise<SmtpError>;

    it('for a broken tag, with the file and line', async () => {
      const dir = await folderWith({ 'alert.mjml': SECTION('<mj-text>fine</mj-text>\n<mj-colum>{{name}}</mj-colum>') });
      const err = await compileError(mjmlTemplates({ dir }));
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toBe('template alert.mjml: line 6 <mj-colum>: Element mj-colum doesn\'t exist or is not registered');
    });

    it('for an attribute MJML does not allow', async () => {
      const dir = await folderWith({ 'alert.mjml': SECTION('<mj-text colour="red">{{name}}</mj-text>') });
      const err = await compileError(mjmlTemplates({ dir }));
      expect(err.message).toContain('template alert.mjml: line 5 <mj-text>: Attribute colour is illegal');
    });

    it('for a part that is not MJML at all', async () => {
      const dir = await folderWith({ 'alert.mjml': '<p>{{name}}</p>\n' });
      const err = await compileError(mjmlTemplates({ dir }));
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toMatch(/^template alert\.mjml: Malformed MJML/);
    });

    it('for a Handlebars syntax error in an .mjml file', async () => {
      const dir = await folderWith({ 'alert.mjml': SECTION('{{#if name}}<mj-text>x</mj-text>') });
      const err = await compileError(mjmlTemplates({ dir }));
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toContain('template alert.mjml: Parse error');
    });

    it('for a declared template with no file', async () => {
      const err = await compileError(mjmlTemplates<{ welcome: object; invoice: object }>({ dir: MJML_DIR, names: ['welcome', 'invoice'] }));
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toContain('template "invoice" not found');
      expect(err.message).toContain('invoice.mjml');
    });

    it('for an html part written as Handlebars, or a subject written as MJML', async () => {
      const hbsHtml = await folderWith({ 'alert.mjml': SECTION('<mj-text>x</mj-text>'), 'other.html.hbs': '<p>x</p>' });
      expect((await compileError(mjmlTemplates({ dir: hbsHtml }))).message).toBe('template other.html.hbs: the html part must be a .mjml file');
      const mjmlSubject = await folderWith({ 'alert.mjml': SECTION('<mj-text>x</mj-text>'), 'alert.subject.mjml': 'Alert' });
      expect((await compileError(mjmlTemplates({ dir: mjmlSubject }))).message).toContain(
        'template alert.subject.mjml: only the html part is a .mjml file; write the subject part as a .hbs file',
      );
    });

    it('for a folder with no template', async () => {
      const dir = await folderWith({ 'notes.txt': 'nothing here' });
      expect((await compileError(mjmlTemplates({ dir }))).message).toContain('no *.mjml or *.hbs template');
    });
  });
});
