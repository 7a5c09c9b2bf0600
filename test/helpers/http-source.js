/** Test helper: a local http server on 127.0.0.1:0 serving content sources, with redirects and a request count. */
import { createServer } from 'node:http';
/** Starts a server answering each path with its route (404 otherwise) and recording every request path. */
export async function startHttpSource(routes) {
    const requests = [];
    let base = '';
    const server = createServer((req, res) => {
        requests.push(req.url ?? '');
        const route = routes[(req.url ?? '').split('?')[0]];
        if (route)
            route(req, res, base);
        else
            res.writeHead(404).end('not found');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
    return {
        base,
        requests,
        close: () => new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
/** A route that answers with fixed bytes. */
export function body(data, type = 'application/octet-stream') {
    return (_req, res) => res.writeHead(200, { 'content-type': type }).end(data);
}
/** A route that redirects to `to` (relative to the server unless absolute). */
export function redirect(to, status = 302) {
    return (_req, res, base) => res.writeHead(status, { location: /^[a-z]+:/i.test(to) ? to : `${base}${to}` }).end();
}
//# sourceMappingURL=http-source.js.map