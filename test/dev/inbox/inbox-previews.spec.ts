import { afterEach, describe, expect, it } from '@jest/globals';
import { functionTemplates } from '../../../lib/templates.js';
import type { InboxPreviewOptions } from '../../../lib/dev.js';
import { startInboxServer, type InboxServer } from '../../helpers/inbox-server.js';

const GREETINGS: Record<string, string> = { de: 'Willkommen', fr: 'Bienvenue' };

const templates = functionTemplates({
  welcome: (ctx: { name: string }, { locale }) => {
    // Falls back from a region (de-AT) to its language, as the file-based adapters do.
    const language = locale?.split('-')[0];
    const greeting = (language && GREETINGS[language]) ?? 'Welcome';
    return {
      subject: `${greeting}, ${ctx.name}`,
      html: `<h1>${greeting}, ${ctx.name}!</h1><script>document.title = 'ran'</script>`,
      text: `${greeting}, ${ctx.name}`,
      ...(language && GREETINGS[language] ? { locale: language } : {}),
    };
  },
  broken: (): never => {
    throw new Error('layout <missing>');
  },
});

const previews: InboxPreviewOptions = {
  templates,
  examples: {
    welcome: { default: { name: 'Ann' }, 'de-AT': { name: 'Anna' } },
    broken: { default: {} },
  },
};

let server: InboxServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('inbox template previews', () => {
  it('lists every example by template and locale, as a page and as JSON', async () => {
    server = await startInboxServer({ previews });
    const page = await (await fetch(`${server.origin}/__mail/previews`)).text();
    expect(page).toContain('<li><strong>welcome</strong>: <a href="/__mail/previews/welcome/default">default</a> · <a href="/__mail/previews/welcome/de-AT">de-AT</a></li>');
    expect(await (await fetch(`${server.origin}/__mail/api/previews`)).json()).toEqual([
      { template: 'welcome', locale: 'default', url: '/__mail/previews/welcome/default' },
      { template: 'welcome', locale: 'de-AT', url: '/__mail/previews/welcome/de-AT' },
      { template: 'broken', locale: 'default', url: '/__mail/previews/broken/default' },
    ]);
    // The inbox page links to the previews when there are some.
    expect(await (await fetch(`${server.origin}/__mail`)).text()).toContain('<a href="/__mail/previews">Template previews</a>');
  });

  it('renders an example with its locale through the template step, and sends nothing', async () => {
    server = await startInboxServer({ previews });
    const res = await fetch(`${server.origin}/__mail/api/previews/welcome/de-AT`);
    expect(await res.json()).toEqual({
      template: 'welcome', locale: 'de-AT', url: '/__mail/previews/welcome/de-AT', renderedLocale: 'de',
      subject: 'Willkommen, Anna', text: 'Willkommen, Anna', html: "<h1>Willkommen, Anna!</h1><script>document.title = 'ran'</script>",
      htmlUrl: '/__mail/previews/welcome/de-AT/html',
    });
    const page = await fetch(`${server.origin}/__mail/previews/welcome/default`);
    expect(page.headers.get('content-security-policy')).not.toContain('script-src');
    const html = await page.text();
    expect(html).toContain('<dd id="subject">Welcome, Ann</dd>');
    expect(html).toContain('<iframe id="html" sandbox="" referrerpolicy="no-referrer" title="HTML preview" src="/__mail/previews/welcome/default/html"></iframe>');
    expect(html).toContain('<pre id="text">Welcome, Ann</pre>');
    const body = await fetch(`${server.origin}/__mail/previews/welcome/default/html`);
    expect(body.headers.get('content-security-policy')).toBe("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; sandbox");
    expect(await body.text()).toBe("<h1>Welcome, Ann!</h1><script>document.title = 'ran'</script>");
    expect(server.store.size).toBe(0);
  });

  it('shows a template that fails as ETEMPLATE (escaped), and 404s an example that is not registered', async () => {
    server = await startInboxServer({ previews });
    const page = await fetch(`${server.origin}/__mail/previews/broken/default`);
    expect(page.status).toBe(500);
    expect(await page.text()).toContain('template &#34;broken&#34; failed to render: layout &#60;missing&#62;');
    const api = await fetch(`${server.origin}/__mail/api/previews/broken/default`);
    expect([api.status, await api.json()]).toEqual([500, { statusCode: 500, code: 'ETEMPLATE', message: 'template "broken" failed to render: layout <missing>' }]);
    for (const path of ['/previews/welcome/fr', '/previews/nope/default', '/previews/toString/default', '/api/previews/welcome/constructor']) {
      expect([path, (await fetch(`${server.origin}/__mail${path}`)).status]).toEqual([path, 404]);
    }
  });

  it('without previews configured, the page says how to add them and every example is 404', async () => {
    server = await startInboxServer();
    expect(await (await fetch(`${server.origin}/__mail/previews`)).text()).toContain('No previews configured');
    expect(await (await fetch(`${server.origin}/__mail/api/previews`)).json()).toEqual([]);
    expect((await fetch(`${server.origin}/__mail/previews/welcome/default`)).status).toBe(404);
    expect(await (await fetch(`${server.origin}/__mail`)).text()).not.toContain('Template previews');
  });
});
