/**
 * The template scenario's contenders: our `handlebarsTemplates` over `createTransport`, and `@nestjs-modules/mailer`
 * with its `HandlebarsAdapter` over nodemailer, reading the same template folder (`bench/templates/`). Each is
 * imported only in the process that measures it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientSettings } from './clients.js';

/** The folder both contenders read: `order.{subject,html,text}.hbs`, `layouts/main.hbs`, `partials/footer.hbs`. */
export const TEMPLATE_DIR = fileURLToPath(new URL('../../bench/templates/', import.meta.url));

/** The ten values the order template reads. */
export interface OrderContext {
  name: string;
  orderId: string;
  itemCount: number;
  total: string;
  currency: string;
  carrier: string;
  eta: string;
  trackingUrl: string;
  supportEmail: string;
  company: string;
}

export function orderContext(index: number): OrderContext {
  return {
    name: `Customer ${index}`,
    orderId: `#${100000 + index}`,
    itemCount: 1 + (index % 7),
    total: (19.9 + (index % 50)).toFixed(2),
    currency: 'EUR',
    carrier: 'Parcel & Co',
    eta: 'Thursday, 12 March',
    trackingUrl: `https://shop.example/track/${index}`,
    supportEmail: 'help@shop.example',
    company: 'Shop <Example> Ltd',
  };
}

/** The same 4 KB attachment for every message (random bytes, so base64 has no shortcut). */
const INVOICE = randomBytes(4096);
const attachments = () => [{ filename: 'invoice.pdf', content: INVOICE, contentType: 'application/pdf' }];

const FROM = 'Shop <orders@shop.example>';
const recipient = (index: number): string => `customer${index}@example.com`;

/** One contender of the template scenario. */
export interface TemplateClient {
  /** Renders, composes and sends message `index`. */
  send(index: number): Promise<void>;
  /** Renders message `index` only (no composition, no network). */
  render(index: number): Promise<void>;
  close(): Promise<void>;
}

function transportSettings(settings: ClientSettings) {
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

/** Ours: the folder compiled once at start-up, then `sendMail({ template, context })`. */
export async function createOursTemplateClient(settings: ClientSettings): Promise<TemplateClient> {
  const { createTransport } = await import('../lib/transport/transport.js');
  const { handlebarsTemplates } = await import('../lib/templates/handlebars.js');
  const templates = handlebarsTemplates<{ order: OrderContext }>({ dir: TEMPLATE_DIR, names: ['order'] });
  await templates.compile();
  const transport = createTransport({ ...transportSettings(settings), templates }, { from: FROM });
  return {
    async send(index) {
      await transport.sendMail({ to: recipient(index), template: 'order', context: orderContext(index), attachments: attachments() });
    },
    async render(index) {
      await templates.render('order', orderContext(index), {});
    },
    close: () => transport.close(),
  };
}

/**
 * `@nestjs-modules/mailer` as its documentation sets it up: `MailerModule.forRoot` in a Nest application context,
 * `HandlebarsAdapter`, `options.partials` and `options.layout`. Its model differs from ours: the adapter renders
 * the HTML only; the subject is a string interpolated with `{{key}}` and the text part a `textTemplate` file
 * interpolated the same way (read on each send). The same files serve: the subject and text use plain `{{key}}`
 * only, so both render the same message. CSS inlining (its default) is turned off: ours has none, and the
 * template has no stylesheet to inline.
 */
export async function createNestModulesMailerClient(settings: ClientSettings): Promise<TemplateClient> {
  await import('reflect-metadata');
  const { NestFactory } = await import('@nestjs/core');
  const { MailerModule, MailerService } = await import('@nestjs-modules/mailer');
  const { HandlebarsAdapter } = await import('@nestjs-modules/mailer/adapters/handlebars.adapter');
  const mailerOptions = {
    transport: transportSettings(settings),
    template: { dir: TEMPLATE_DIR, adapter: new HandlebarsAdapter(undefined, { inlineCssEnabled: false }), options: { strict: false } },
    options: { partials: { dir: join(TEMPLATE_DIR, 'partials') }, layout: 'layouts/main' },
  };
  const { Module } = await import('@nestjs/common');
  @Module({ imports: [MailerModule.forRoot(mailerOptions)] })
  class BenchMailModule {}
  const app = await NestFactory.createApplicationContext(BenchMailModule, { logger: false });
  const mailer = app.get(MailerService);
  const subject = readFileSync(join(TEMPLATE_DIR, 'order.subject.hbs'), 'utf8').trim();
  return {
    async send(index) {
      // `from` per message: its `defaults` type (nodemailer's transport options union) does not take a bare `{ from }`.
      await mailer.sendMail({
        from: FROM,
        to: recipient(index),
        subject,
        template: 'order.html.hbs',
        textTemplate: 'order.text.hbs',
        context: { ...orderContext(index) },
        attachments: attachments(),
      });
    },
    // The adapter's compile step is its whole Handlebars rendering (HTML, layout, partials); subject and text are
    // string replacements done by MailerService before it.
    render(index) {
      const mail = { data: { template: 'order.html.hbs', context: { ...orderContext(index) } } as Record<string, unknown> };
      return new Promise<void>((resolve, reject) => {
        mailerOptions.template.adapter.compile(mail, (err?: Error) => (err ? reject(err) : resolve()), mailerOptions);
      });
    },
    close: () => app.close(),
  };
}
