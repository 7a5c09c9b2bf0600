/** MailerRegistry: one mailer per tenant, created on first use, at most `max` open, least recently used closed first. */
import type { OnApplicationShutdown } from '@nestjs/common';
import { SmtpError } from '../../core/errors.js';
import type { MailerService } from '../mailer.service.js';
import type { MailerOptions } from '../interfaces/mailer-options.interface.js';
import type { MailerRegistryOptions } from './registry-options.interface.js';

/** Tenant mailers open at once by default. */
export const DEFAULT_REGISTRY_MAX = 100;
/** How long an unused tenant mailer stays open by default: about as long as SMTP servers keep an idle session. */
export const DEFAULT_REGISTRY_IDLE_TTL_MS = 300_000;

/**
 * The token of a mailer's registry: the `MailerRegistry` class for the default mailer (injected by type),
 * `'MailerRegistry:<name>'` for a named one.
 */
export function getMailerRegistryToken(name?: string): typeof MailerRegistry | string {
  return name === undefined || name === 'default' ? MailerRegistry : `MailerRegistry:${name}`;
}

/** @internal Builds a tenant's mailer exactly as a registered mailer is built (transport, templates, hooks, checks). */
export type TenantMailerFactory = (key: string, options: MailerOptions) => Promise<MailerService>;

interface Tenant {
  readonly key: string;
  ready: Promise<MailerService>;
  service?: MailerService;
  timer?: NodeJS.Timeout;
}

/**
 * Gives each tenant its own mailer (its own server, account and defaults), created on first `get` with the options
 * the caller supplies, with the same defaults, templates, hooks and startup checks as a registered mailer. At most
 * `max` stay open: making room closes the least recently used one, and a get waits for that close, so open
 * transports never exceed `max`. One unused for `idleTtlMs` is closed. Closing is graceful: messages under way are
 * sent first. All are closed on application shutdown.
 *
 * Ask the registry for a tenant's mailer each time rather than keeping the `MailerService`: one closed for room or
 * idleness rejects later sends with ECLOSED, while `get` opens it again.
 * @example
 * @Injectable()
 * class TenantMail {
 *   constructor(private readonly registry: MailerRegistry, private readonly tenants: TenantStore) {}
 *   async send(tenantId: string, message: MailMessage) {
 *     const mailer = await this.registry.get(tenantId, async () => ({ transport: (await this.tenants.find(tenantId)).smtpUrl }));
 *     return mailer.sendMail(message);
 *   }
 * }
 */
export class MailerRegistry implements OnApplicationShutdown {
  private readonly tenants = new Map<string, Tenant>();
  /** Closes under way, counted as open until they finish. */
  private readonly draining = new Set<Promise<void>>();
  /** Creations run one at a time, so that making room and opening cannot interleave. */
  private admission: Promise<unknown> = Promise.resolve();
  private closing?: Promise<void>;
  private readonly max: number;
  private readonly idleTtlMs: number;
  private readonly create: TenantMailerFactory;
  /** The name of the mailer registration the registry belongs to. */
  readonly name: string;

  /**
   * @internal Built by `MailerModule`, one per mailer registration.
   * @throws SmtpError ECONFIG for a bad `max` or `idleTtlMs`.
   */
  constructor(name: string, options: MailerRegistryOptions | undefined, create: TenantMailerFactory) {
    this.name = name;
    this.create = create;
    const { max = DEFAULT_REGISTRY_MAX, idleTtlMs = DEFAULT_REGISTRY_IDLE_TTL_MS } = options ?? {};
    if (!Number.isInteger(max) || max < 1) throw new SmtpError('ECONFIG', `mailer "${name}": invalid option registry.max: expected a whole number, 1 or more`);
    if (typeof idleTtlMs !== 'number' || !Number.isFinite(idleTtlMs) || idleTtlMs < 0) {
      throw new SmtpError('ECONFIG', `mailer "${name}": invalid option registry.idleTtlMs: expected milliseconds, 0 or more`);
    }
    this.max = max;
    this.idleTtlMs = idleTtlMs;
  }

  /** Tenant mailers open now. */
  get size(): number {
    let open = 0;
    for (const tenant of this.tenants.values()) if (tenant.service) open += 1;
    return open;
  }

  /**
   * The mailer of tenant `key`, created on first use from `options()` (called only then). Concurrent calls for the
   * same key share one creation; a creation that fails is forgotten, so the next call tries again. `Templates`
   * types `sendMail` by the tenant's template map, as for `MailerService<Templates>`.
   * @throws SmtpError ECONFIG for bad options (naming the tenant's mailer), the startup checks' errors
   *   (`verifyOnBootstrap`, templates), ECLOSED after shutdown.
   */
  get<Templates extends object | undefined = undefined>(key: string, options: () => MailerOptions | Promise<MailerOptions>): Promise<MailerService<Templates>>;
  get(key: string, options: () => MailerOptions | Promise<MailerOptions>): Promise<MailerService> {
    if (this.closing) return Promise.reject(closedError(this.name));
    const known = this.tenants.get(key);
    if (known) {
      // Most recently used last: a Map iterates in insertion order.
      this.tenants.delete(key);
      this.tenants.set(key, known);
      known.timer?.refresh();
      return known.ready;
    }
    const tenant = { key } as Tenant;
    tenant.ready = this.open(tenant, options);
    this.tenants.set(key, tenant);
    tenant.ready.catch(() => {
      if (this.tenants.get(key) === tenant) this.tenants.delete(key);
    });
    return tenant.ready;
  }

  /** Closes tenant `key`'s mailer, if open (gracefully); the next `get` creates it again, e.g. with new settings. */
  async delete(key: string): Promise<void> {
    const tenant = this.tenants.get(key);
    if (tenant) await this.remove(tenant);
  }

  /** Closes every tenant mailer (gracefully); later `get` calls reject with ECLOSED. Never rejects. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // Creations already admitted finish first, and are closed below with the rest.
      await this.admission.catch(() => undefined);
      for (const tenant of [...this.tenants.values()]) {
        this.tenants.delete(tenant.key);
        if (tenant.service) void this.retire(tenant, tenant.service);
      }
      await Promise.all(this.draining);
    })();
    return this.closing;
  }

  /** Closes every tenant mailer when the application shuts down. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private async open(tenant: Tenant, options: () => MailerOptions | Promise<MailerOptions>): Promise<MailerService> {
    // Settles on a later tick, so the caller registers the tenant before anything here can fail.
    await Promise.resolve();
    // A slow options lookup (a database, a vault) does not hold up other tenants: only the creation is serialised.
    const resolved = await options();
    const admitted = this.admission.then(() => this.admit(tenant, resolved));
    this.admission = admitted.catch(() => undefined);
    return admitted;
  }

  private async admit(tenant: Tenant, options: MailerOptions): Promise<MailerService> {
    if (this.closing || this.tenants.get(tenant.key) !== tenant) throw goneError(this.name, tenant.key, !!this.closing);
    await this.makeRoom();
    const service = await this.create(tenant.key, options);
    if (this.closing || this.tenants.get(tenant.key) !== tenant) {
      // Deleted or shut down while being created: it must not stay open.
      await service.transport.close();
      throw goneError(this.name, tenant.key, !!this.closing);
    }
    tenant.service = service;
    if (this.idleTtlMs > 0) {
      tenant.timer = setTimeout(() => void this.remove(tenant), this.idleTtlMs);
      // An idle tenant never keeps the process alive.
      tenant.timer.unref();
    }
    return service;
  }

  /** Closes least recently used tenants until one more fits, waiting for their closes to finish. */
  private async makeRoom(): Promise<void> {
    while (this.size + this.draining.size >= this.max) {
      const oldest = [...this.tenants.values()].find((tenant) => tenant.service);
      if (oldest?.service) {
        this.tenants.delete(oldest.key);
        void this.retire(oldest, oldest.service);
      }
      if (this.draining.size === 0) return;
      await Promise.race(this.draining);
    }
  }

  /** Takes a tenant out and closes its mailer once created (a creation under way sees it gone and closes it). */
  private async remove(tenant: Tenant): Promise<void> {
    if (this.tenants.get(tenant.key) !== tenant) return;
    this.tenants.delete(tenant.key);
    if (tenant.service) await this.retire(tenant, tenant.service);
    else await tenant.ready.catch(() => undefined);
  }

  private retire(tenant: Tenant, service: MailerService): Promise<void> {
    clearTimeout(tenant.timer);
    tenant.service = undefined;
    const closing = service.transport.close().finally(() => this.draining.delete(closing));
    this.draining.add(closing);
    return closing;
  }
}

function goneError(name: string, key: string, isClosing: boolean): SmtpError {
  if (isClosing) return closedError(name);
  return new SmtpError('ECLOSED', `mailer "${name}": tenant "${key}" was removed from the registry while its mailer was being created`);
}

function closedError(name: string): SmtpError {
  return new SmtpError('ECLOSED', `mailer "${name}": the registry is closed (the application is shutting down)`);
}
