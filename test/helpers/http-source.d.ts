import type { IncomingMessage, ServerResponse } from 'node:http';
export type Route = (req: IncomingMessage, res: ServerResponse, base: string) => void;
export interface HttpSource {
    base: string;
    requests: string[];
    close(): Promise<void>;
}
/** Starts a server answering each path with its route (404 otherwise) and recording every request path. */
export declare function startHttpSource(routes: Record<string, Route>): Promise<HttpSource>;
/** A route that answers with fixed bytes. */
export declare function body(data: string | Buffer, type?: string): Route;
/** A route that redirects to `to` (relative to the server unless absolute). */
export declare function redirect(to: string, status?: number): Route;
