const PARAGRAPH = 'Thank you for your order. Your parcel left our warehouse this morning and should arrive within two working days. ' +
    'You can follow it with the tracking link below; reply to this message if anything looks wrong.';
/** A typical small transactional message: text and HTML alternatives, about 1.5 KB on the wire. */
export function smallMessage(index) {
    return {
        from: 'Shop <orders@shop.example>',
        to: `customer${index}@example.com`,
        subject: `Your order #${100000 + index} has shipped`,
        text: `Hello,\n\n${PARAGRAPH}\n\nTracking: https://shop.example/track/${index}\n`,
        html: `<p>Hello,</p><p>${PARAGRAPH}</p><p><a href="https://shop.example/track/${index}">Track your parcel</a></p>`,
    };
}
/** The same content pre-rendered (`raw` plus an explicit envelope): sending it skips MIME composition. */
export function rawMessage(index) {
    const raw = `From: Shop <orders@shop.example>\r\nTo: customer${index}@example.com\r\n` +
        `Subject: Your order #${100000 + index} has shipped\r\nMessage-ID: <order-${index}@shop.example>\r\n` +
        'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n' +
        `Hello,\r\n\r\n${PARAGRAPH}\r\n\r\nTracking: https://shop.example/track/${index}\r\n`.repeat(4);
    return { raw, envelope: { from: 'orders@shop.example', to: [`customer${index}@example.com`] } };
}
/** One message with a large attachment given as a Buffer or as a stream. */
export function attachmentMessage(content) {
    return {
        from: 'reports@shop.example',
        to: 'archive@example.com',
        subject: 'Monthly export',
        text: 'The export is attached.',
        attachments: [{ filename: 'export.bin', content, contentType: 'application/octet-stream' }],
    };
}
/** One message to `count` envelope recipients: one in To, the rest as Bcc so the header stays small. */
export function manyRecipientsMessage(count) {
    const recipients = Array.from({ length: count }, (_, i) => `member${i}@list.example`);
    return {
        from: 'news@shop.example',
        to: recipients[0],
        bcc: recipients.slice(1),
        subject: 'Newsletter',
        text: `Hello,\n\n${PARAGRAPH}\n`,
    };
}
//# sourceMappingURL=messages.js.map