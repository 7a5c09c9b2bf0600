/** The middleware that hands requests under the inbox's path to the framework-free handler. */
import { Inject, Injectable } from '@nestjs/common';
import type { NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MailerDevInbox } from './mailer-dev-inbox.js';

/**
 * @internal Typed on `node:http` only: Express and Fastify both hand Nest middleware objects of those types (or
 * subclasses), so no platform types leak into the package.
 */
@Injectable()
export class MailerDevInboxMiddleware implements NestMiddleware<IncomingMessage, ServerResponse> {
  // @Inject names the dependency without decorator metadata, so apps built with esbuild or tsx resolve it too.
  constructor(@Inject(MailerDevInbox) private readonly inbox: MailerDevInbox) {}

  use(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    this.inbox.handle(req, res).then((handled) => {
      if (!handled) next();
    }, next);
  }
}
