import { describe, it, expect, beforeAll } from '@jest/globals';
import { createElement, type ReactNode } from 'react';
import { createTransport } from '../../lib/transport/transport.js';
import { reactEmailTemplates } from '../../lib/templates/react-email.js';
import { SmtpError } from '../../lib/core/errors.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';
import { rejectionOf } from '../helpers/settle.js';

const start = closedAfterEach(startSmtpServer);

/** React Email components are plain function components; written with createElement so that no JSX transform is needed. */
function WelcomeEmail({ name, url }: { name: string; url: string }): ReactNode {
  return createElement('html', { lang: 'en' },
    createElement('head', null, createElement('style', null, '.lead { color: #336699; }')),
    createElement('body', null,
      createElement('img', { src: 'cid:logo@example.test', alt: 'Example logo', width: 120 }),
      createElement('h1', null, `Hello ${name}`),
      createElement('p', { className: 'lead' }, 'Thanks for joining.'),
      createElement('a', { href: url }, 'Open your account'),
    ),
  );
}

function ReceiptEmail({ amount }: { amount: number }): ReactNode {
  return createElement('p', null, `Paid: ${amount.toFixed(2)} EUR`);
}

function BrokenEmail(): ReactNode {
  throw new Error('the component failed');
}

const templates = () =>
  reactEmailTemplates({
    welcome: { component: WelcomeEmail, subject: ({ name }, { locale }) => (locale === 'fr' ? `Bienvenue, ${name} !` : `Welcome, ${name}!`) },
    receipt: { component: ReceiptEmail, subject: 'Your receipt', text: false },
    broken: { component: BrokenEmail, subject: 'never' },
  });

describe('reactEmailTemplates', () => {
  // The first load of React, React Email and juice through jest's loader takes seconds: once, outside any test's time.
  beforeAll(() => reactEmailTemplates({ receipt: { component: ReceiptEmail } }, { inlineCss: true }).compile(), 60_000);

  it('renders html and React Email\'s own plain text from a component, which mailparser reads back', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS, templates: templates() });
    const logo = Buffer.from('89504e470d0a1a0a', 'hex');
    await transport.sendMail({
      from: 'app@example.test',
      to: 'ann@example.test',
      template: 'welcome',
      context: { name: 'Ann <script>', url: 'https://example.test/account' },
      attachments: [{ filename: 'logo.png', content: logo, cid: 'logo@example.test' }],
    });
    const parsed = await srv.parse(0);
    expect(parsed.subject).toBe('Welcome, Ann <script>!');
    const html = parsed.html as string;
    expect(html).toMatch(/^<!DOCTYPE html/);
    // React escapes text: a context value cannot add markup.
    expect(html).toContain('<h1>Hello Ann &lt;script&gt;</h1>');
    expect(html).toContain('<p class="lead">Thanks for joining.</p>');
    // mailparser swaps a cid: reference for the attachment it names: the image points at the attached logo.
    expect(html).toContain(`src="data:image/png;base64,${logo.toString('base64')}"`);
    // React Email's plain text: no image, the link's address after its words, headings upper-cased.
    expect(parsed.text?.trim()).toBe('HELLO ANN <SCRIPT>\n\nThanks for joining.\n\nOpen your account https://example.test/account');
    expect(parsed.attachments[0].contentId).toBe('<logo@example.test>');
    await transport.close();
  });

  it('passes the locale to the subject, sends no text part when asked, and inlines CSS when asked', async () => {
    const fr = await templates().render('welcome', { name: 'Ann', url: 'https://example.test' }, { locale: 'fr' });
    expect(fr.subject).toBe('Bienvenue, Ann !');
    // No fallback happens here: the component handles every language itself.
    expect(fr.locale).toBeUndefined();
    const receipt = await templates().render('receipt', { amount: 12.5 }, {});
    expect(receipt).toEqual({ subject: 'Your receipt', html: expect.stringContaining('<p>Paid: 12.50 EUR</p>') });
    const inlined = await reactEmailTemplates({ welcome: { component: WelcomeEmail } }, { inlineCss: true })
      .render('welcome', { name: 'Ann', url: 'https://example.test' }, {});
    expect(inlined.html).toContain('<p class="lead" style="color: #336699;">Thanks for joining.</p>');
    expect(inlined.html).not.toContain('<style>');
  });

  it('fails a send with ETEMPLATE when the component throws or the template is unknown, before any connection opens', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS, templates: templates() });
    const err = await rejectionOf(transport.sendMail({ from: 'a@example.test', to: 'b@example.test', template: 'broken', context: {} }));
    expect(err).toBeInstanceOf(SmtpError);
    expect(err.code).toBe('ETEMPLATE');
    expect(err.message).toContain('template "broken" failed to render: the component failed');
    const unknown = await rejectionOf(transport.sendMail({ from: 'a@example.test', to: 'b@example.test', template: 'nope' as 'receipt', context: { amount: 1 } }));
    expect(unknown.code).toBe('ETEMPLATE');
    expect(unknown.message).toContain('no template named "nope" (known: welcome, receipt, broken)');
    expect(srv.connectionCount()).toBe(0);
    await transport.close();
  });

  it('types each template\'s context from its component\'s props', () => {
    type Contexts = NonNullable<ReturnType<typeof templates>['contexts']>;
    const welcome: Contexts['welcome'] = { name: 'Ann', url: 'https://example.test' };
    // @ts-expect-error -- amount is a number in ReceiptEmail's props
    const receipt: Contexts['receipt'] = { amount: '12' };
    expect([welcome.name, receipt.amount]).toEqual(['Ann', '12']);
  });

  describe('compile() fails at startup with ECONFIG naming the cause', () => {
    it('for an entry without a component (a wrong import)', async () => {
      const missing = undefined as unknown as typeof ReceiptEmail;
      const err = await rejectionOf(reactEmailTemplates({ receipt: { component: missing } }).compile());
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toBe('React Email template "receipt" has no component (got undefined); check its import');
    });

    it('for a subject that is neither a string nor a function', async () => {
      const subject = 42 as unknown as string;
      const err = await rejectionOf(reactEmailTemplates({ receipt: { component: ReceiptEmail, subject } }).compile());
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toContain('"receipt": subject must be a string or a function');
    });
  });
});
