/** Slots for what one test opens (a Nest module, a server): closed after each test in a set order, then emptied. */
import { afterEach } from '@jest/globals';

/** Anything a test opens and must close. */
export interface Closable {
  close(): Promise<unknown>;
}

/**
 * Returns an object whose slots a test fills (`open.moduleRef = await ...compile()`, `open.server ??= await
 * startSmtpServer()`); after each test, each filled slot is closed in the order of `closeOrder` (a module before
 * the server it sends to), and every slot is emptied, so the next test starts with none. Call at describe level.
 *
 * @example
 * const open = slotsClosedAfterEach<{ moduleRef: TestingModule; server: TestSmtpServer }>('moduleRef', 'server');
 */
export function slotsClosedAfterEach<Slots extends { [K in keyof Slots]: Closable }>(...closeOrder: Array<keyof Slots>): Partial<Slots> {
  const slots: Partial<Slots> = {};
  afterEach(async () => {
    const failures: unknown[] = [];
    for (const name of closeOrder) {
      // One that fails to close must not leave the others open for the next test.
      await slots[name]?.close().catch((err: unknown) => failures.push(err));
      delete slots[name];
    }
    if (failures.length > 0) throw failures[0];
  });
  return slots;
}
