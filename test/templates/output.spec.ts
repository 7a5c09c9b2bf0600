import { describe, it, expect, beforeAll } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { handlebarsTemplates } from '../../lib/templates/handlebars.js';
import { loadOptionalPeer } from '../../lib/templates/optional-peer.js';
import { SmtpError } from '../../lib/core/errors.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';
import { rejectionOf } from '../helpers/settle.js';
import { templateFoldersRemovedAfterEach } from '../helpers/template-folder.js';

const start = closedAfterEach(startSmtpServer);
const folderWith = templateFoldersRemovedAfterEach();

const NOTICE_HTML = `<html><head><style>
  .lead { color: #336699; font-weight: bold; }
  @media (max-width: 480px) { .lead { font-size: 18px; } }
</style></head><body>
<img src="cid:logo@example.test" alt="Example logo">
<h1>Grüße, {{name}}</h1>
<p class="lead">Your order has shipped.</p>
<table><tr><td>Item</td><td>{{item}}</td></tr></table>
<p><a href="https://example.test/orders/{{order}}">Track your parcel</a> or visit <a href="https://example.test">https://example.test</a>.</p>
<p data-skip-in-text="true">View this email in a browser</p>
</body></html>
`;

const noticeFolder = () =>
  folderWith({
    'notice.subject.hbs': 'Order {{order}} shipped',
    'notice.html.hbs': NOTICE_HTML,
    'receipt.html.hbs': '<p>Receipt {{order}}</p>',
    'receipt.text.hbs': 'Receipt {{order}}, text written by hand',
  });

const CONTEXT = { name: 'Ann', item: 'Blue mug', order: '1042' };

describe('template output: derived text and inlined CSS', () => {
  // The first load of html-to-text and juice through jest's loader takes seconds: once, outside any test's time.
  beforeAll(async () => handlebarsTemplates({ dir: await noticeFolder(), inlineCss: true }).compile(), 60_000);

  it('derives the text part from the html when the template has none, and mailparser reads both back', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS, templates: handlebarsTemplates({ dir: await noticeFolder() }) });
    const logo = Buffer.from('89504e470d0a1a0a', 'hex');
    await transport.sendMail({
      from: 'shop@example.test',
      to: 'ann@example.test',
      template: 'notice',
      context: CONTEXT,
      attachments: [{ filename: 'logo.png', content: logo, cid: 'logo@example.test' }],
    });
    const parsed = await srv.parse(0);
    expect(parsed.subject).toBe('Order 1042 shipped');
    expect(parsed.html).toContain('<h1>Grüße, Ann</h1>');
    expect(parsed.html).toContain(`src="data:image/png;base64,${logo.toString('base64')}"`);
    // No image, no element marked data-skip-in-text, headings in their own case, a link's address once.
    expect(parsed.text?.trim()).toBe([
      'Grüße, Ann',
      '',
      'Your order has shipped.',
      '',
      // Table cells are set apart like paragraphs: in email, tables are mostly layout.
      'Item',
      '',
      'Blue mug',
      '',
      // Lines wrap at 78 characters.
      'Track your parcel [https://example.test/orders/1042] or visit',
      'https://example.test.',
    ].join('\n'));
    expect(parsed.attachments.map((attachment) => attachment.contentId)).toEqual(['<logo@example.test>']);
    await transport.close();
  });

  it('keeps a text part the template gives, and sends html only with deriveText: false', async () => {
    const dir = await noticeFolder();
    const receipt = await handlebarsTemplates({ dir }).render('receipt', CONTEXT, {});
    expect(receipt.text).toBe('Receipt 1042, text written by hand');
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS, templates: handlebarsTemplates({ dir, deriveText: false }) });
    await transport.sendMail({ from: 'shop@example.test', to: 'ann@example.test', template: 'notice', context: CONTEXT });
    const parsed = await srv.parse(0);
    expect(parsed.html).toContain('<h1>Grüße, Ann</h1>');
    // mailparser makes up a text from the html when a message has none: the raw message shows there is no text part.
    const raw = srv.messages[0].raw.toString('latin1');
    expect(raw).toMatch(/^Content-Type: text\/html/im);
    expect(raw).not.toMatch(/^Content-Type: text\/plain/im);
    await transport.close();
  });

  it('inlines <style> rules into style attributes with inlineCss: true and keeps media queries', async () => {
    const renderer = handlebarsTemplates({ dir: await noticeFolder(), inlineCss: true });
    const { html } = await renderer.render('notice', CONTEXT, {});
    expect(html).toContain('<p class="lead" style="color: #336699; font-weight: bold;">Your order has shipped.</p>');
    expect(html).toMatch(/<style>\s*@media \(max-width: 480px\) \{\s*\.lead \{\s*font-size: 18px;\s*\}\s*\}\s*<\/style>/);
    expect(html).not.toContain('.lead { color');
    const plain = await handlebarsTemplates({ dir: await noticeFolder() }).render('notice', CONTEXT, {});
    expect(plain.html).toContain('<p class="lead">Your order has shipped.</p>');
  });
});

describe('loadOptionalPeer', () => {
  it('loads an installed package, taking a CommonJS module\'s default export', async () => {
    const handlebars = await loadOptionalPeer<{ compile: (source: string) => (context: object) => string }>('handlebars', 'Handlebars templates');
    expect(handlebars.compile('Hi {{name}}')({ name: 'Ann' })).toBe('Hi Ann');
  });

  it('is ECONFIG naming the package, the feature and the fix when the package is not installed', async () => {
    const err = await rejectionOf(loadOptionalPeer('nestjs-smtp-no-such-package', 'Test templates'));
    expect(err).toBeInstanceOf(SmtpError);
    expect(err.code).toBe('ECONFIG');
    expect(err.message).toBe('Test templates needs the package "nestjs-smtp-no-such-package": npm install nestjs-smtp-no-such-package');
    const withAlternative = await rejectionOf(loadOptionalPeer('nestjs-smtp-no-such-package', 'Test templates', 'set feature: false'));
    expect(withAlternative.message).toBe(
      'Test templates needs the package "nestjs-smtp-no-such-package": npm install nestjs-smtp-no-such-package, or set feature: false',
    );
  });
});
