import { afterEach, describe, expect, it } from '@jest/globals';
import { startInboxServer, readEvents, eventually, type InboxServer } from '../../helpers/inbox-server.js';

let server: InboxServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const listeners = (target: InboxServer): number[] => [target.store.listenerCount('message'), target.store.listenerCount('clear')];

describe('inbox events (GET <basePath>/events)', () => {
  it('streams a message event with the new message\'s list line, and a clear event', async () => {
    server = await startInboxServer();
    const stream = await readEvents(`${server.origin}/__mail/events`);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-store');
    const info = await server.transport.sendMail({ to: 'ann@example.com', subject: '<Live>', text: 'hello' });
    const message = await stream.next((e) => e.event === 'message');
    expect(message.id).toBe('1');
    expect(JSON.parse(message.data)).toMatchObject({ id: '1', messageId: info.messageId, subject: '<Live>', to: ['ann@example.com'], hasHtml: false });
    server.store.clear();
    expect(await stream.next((e) => e.event === 'clear')).toEqual({ event: 'clear', data: '{}' });
    stream.close();
  });

  it('removes its store listeners when the client disconnects', async () => {
    server = await startInboxServer();
    expect(listeners(server)).toEqual([0, 0]);
    const stream = await readEvents(`${server.origin}/__mail/events`);
    await eventually(() => listeners(server!)[0] === 1);
    expect(listeners(server)).toEqual([1, 1]);
    stream.close();
    await eventually(() => listeners(server!)[0] === 0);
    expect(listeners(server)).toEqual([0, 0]);
    // Sending after the disconnect writes nowhere and throws nothing.
    await server.transport.sendMail({ to: 'ann@example.com', subject: 'after', text: 'x' });
  });

  it('shares one store listener among many open pages (no MaxListeners warning) and delivers to each', async () => {
    server = await startInboxServer();
    const streams = await Promise.all(Array.from({ length: 15 }, () => readEvents(`${server!.origin}/__mail/events`)));
    await eventually(() => listeners(server!)[0] === 1);
    await server.transport.sendMail({ to: 'ann@example.com', subject: 'to all', text: 'x' });
    const received = await Promise.all(streams.map((s) => s.next((e) => e.event === 'message')));
    expect(received.map((e) => JSON.parse(e.data).subject)).toEqual(Array(15).fill('to all'));
    expect(listeners(server)).toEqual([1, 1]);
    for (const stream of streams.slice(1)) stream.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listeners(server)).toEqual([1, 1]);
    streams[0].close();
    await eventually(() => listeners(server!)[0] === 0);
  });

  it('answers HEAD with the stream\'s headers and ends at once, subscribing nothing', async () => {
    server = await startInboxServer();
    const res = await fetch(`${server.origin}/__mail/events`, { method: 'HEAD' });
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'text/event-stream; charset=utf-8', '']);
    expect(listeners(server)).toEqual([0, 0]);
  });

  it('close() ends every open stream and stops listening, so the server can close', async () => {
    server = await startInboxServer();
    const stream = await readEvents(`${server.origin}/__mail/events`);
    await eventually(() => listeners(server!)[0] === 1);
    server.inbox.close();
    expect(listeners(server)).toEqual([0, 0]);
    await stream.ended;
    expect(stream.events).toEqual([]);
  });
});
