/** Test helper: a Nest app around the dev inbox, over Express (Nest's default) or a given HTTP adapter, on 127.0.0.1 port 0. */
import 'reflect-metadata';
import { Body, Catch, Controller, Get, HttpCode, Inject, Module, Post } from '@nestjs/common';
import type { ArgumentsHost, DynamicModule, HttpServer, INestApplication } from '@nestjs/common';
import { BaseExceptionFilter, NestFactory } from '@nestjs/core';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { MailerService } from '../../lib/index.js';

type ControllerClass = new (...args: never[]) => unknown;

/** The app's own routes: one that sends, one named like the inbox's path, one that reads a JSON body. */
@Controller()
export class AppRoutesController {
  constructor(@Inject(MailerService) private readonly mailer: MailerService) {}

  @Get('send')
  async send(): Promise<{ ok: true }> {
    await this.mailer.sendMail({ to: 'ann@example.com', subject: 'From the app', text: 'hello' });
    return { ok: true };
  }

  /** Starts like `/__mail` without being under it: the inbox must leave it to the app. */
  @Get('__mailbox')
  mailbox(): { route: string } {
    return { route: 'app __mailbox' };
  }

  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown): { body: unknown } {
    return { body };
  }
}

/** A root module importing `imports`, with `controllers`. */
export function appModule(imports: DynamicModule[], controllers: ControllerClass[] = []): new () => unknown {
  @Module({ imports, controllers })
  class AppModule {}
  return AppModule;
}

/**
 * Records each request that reached the app's exception layer (its 404 for an unknown route, say), then answers
 * as Nest does. A request the inbox answered must never get there: that would be a second response.
 */
@Catch()
class RecordingExceptionFilter extends BaseExceptionFilter {
  constructor(adapter: HttpServer, private readonly seen: string[]) {
    super(adapter);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<{ method: string; url: string; originalUrl?: string }>();
    this.seen.push(`${req.method} ${req.originalUrl ?? req.url}`);
    super.catch(exception, host);
  }
}

/** How {@link startNestApp} builds the app. */
export interface NestAppOptions {
  controllers?: ControllerClass[];
  /** A fresh adapter per app (e.g. `() => new FastifyAdapter()`); Nest's Express adapter when absent. */
  adapter?: () => AbstractHttpAdapter;
  /** Receives `METHOD url` of each request that ended in the app's exception layer. @defaultValue not recorded */
  appErrors?: string[];
  /** Runs before `listen`, as an app's `main.ts` does (`setGlobalPrefix`, say). */
  beforeListen?: (app: INestApplication) => void;
}

/**
 * Creates the app and listens on 127.0.0.1 port 0. `track` receives the app as soon as it exists, so the caller
 * closes it in `afterEach` even when `listen` fails; a failing start rejects with the startup error.
 */
export async function startNestApp(imports: DynamicModule[], options: NestAppOptions, track: (app: INestApplication) => void): Promise<string> {
  const module = appModule(imports, options.controllers);
  const config = { logger: false as const, abortOnError: false };
  const app = options.adapter ? await NestFactory.create(module, options.adapter(), config) : await NestFactory.create(module, config);
  track(app);
  if (options.appErrors) app.useGlobalFilters(new RecordingExceptionFilter(app.getHttpAdapter(), options.appErrors));
  options.beforeListen?.(app);
  await app.listen(0, '127.0.0.1');
  return app.getUrl();
}
