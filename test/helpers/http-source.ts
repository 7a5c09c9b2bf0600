/** Test helper: a local http server on 127.0.0.1:0 serving content sources, with redirects and a request count. */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse, base: string) => void;

export interface HttpSource {
  base: string;
  requests: string[];
  close(): Promise<void>;
}

/** Starts a server answering each path with its route (404 otherwise) and recording every request path. */
export async function startHttpSource(routes: Record<string, Route>): Promise<HttpSource> {
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const route = routes[(req.url ?? '').split('?')[0]!];
    if (route) route(req, res, base);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A route that answers with fixed bytes. */
export function body(data: string | Buffer, type = 'application/octet-stream'): Route {
  return (_req, res) => res.writeHead(200, { 'content-type': type }).end(data);
}

/** A route that redirects to `to` (relative to the server unless absolute). */
export function redirect(to: string, status = 302): Route {
  return (_req, res, base) => res.writeHead(status, { location: /^[a-z]+:/i.test(to) ? to : `${base}${to}` }).end();
}
