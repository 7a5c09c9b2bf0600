/** InboxMiddleware: hands requests under the inbox's path to the package's framework-free inbox handler. */
import { Inject, Injectable } from '@nestjs/common';
import type { NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DevInbox } from './dev-inbox.js';

@Injectable()
export class InboxMiddleware implements NestMiddleware<IncomingMessage, ServerResponse> {
  constructor(@Inject(DevInbox) private readonly inbox: DevInbox) {}

  use(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    // With MAIL_URL set there is no inbox: the request falls through to Nest's 404.
    this.inbox.handle(req, res).then((handled) => {
      if (!handled) next();
    }, next);
  }
}
