// send-invoice.ts: the engine without Nest, from verify to close.
import { createTransport, SmtpError } from 'nestjs-smtp/engine';

const transport = createTransport(
  { host: 'smtp.example.com', port: 587, auth: { user: 'app', pass: process.env.SMTP_PASS! }, pool: true },
  { from: 'App <app@example.com>' },           // defaults merged under every message
);
// or: createTransport('smtp://app:secret@smtp.example.com:587/?pool=true&maxConnections=3')

await transport.verify();                       // DNS, connect, EHLO, STARTTLS, AUTH, QUIT; sends nothing

try {
  const info = await transport.sendMail({
    to: 'Ann <ann@example.com>',
    subject: 'Your invoice',
    text: 'Attached.',
    attachments: [{ filename: 'invoice.pdf', path: './invoice.pdf' }],
  });
  console.log(info.messageId, info.accepted, info.rejected);
} catch (err) {
  if (err instanceof SmtpError) console.error(err.code, err.phase, err.delivery, err.responseCode);
}

await transport.close();                        // delivers what is queued, then QUITs every connection
