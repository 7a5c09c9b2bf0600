import { beforeAll, describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Lints `code` with the project's own eslint.config.js as if it were the file at `filePath` (relative to the root). */
async function lint(eslint: ESLint, filePath: string, code: string): Promise<ESLint.LintResult> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${filePath}`, warnIgnored: true });
  return result;
}

/** The boundary errors of a lint result: rule id, the line it is on and its message. */
function boundaryErrors(result: ESLint.LintResult): Array<{ line: number; message: string }> {
  return result.messages
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => ({ line: m.line, message: m.message }));
}

/** A snippet on one line, for test titles. */
function oneLine(code: string): string {
  return code.trim().replace(/\n/g, ' ');
}

describe('layer boundaries (eslint.config.js)', () => {
  let eslint: ESLint;

  // Loading the config and the TypeScript parser takes seconds on a busy machine: done once, with its own bound.
  beforeAll(async () => {
    eslint = new ESLint({ cwd: ROOT });
    await lint(eslint, 'lib/core/x.ts', 'export {};\n');
  }, 120_000);

  const wrong: Array<[file: string, code: string, says: string]> = [
    ['lib/smtp/x.ts', "import { resolveOptions } from '../transport/options.js';\nexport const f = resolveOptions;\n", 'Layer rule: lib/smtp may import'],
    ['lib/smtp/x.ts', "export type { SmtpOptions } from '../transport/options.js';\n", 'Layer rule: lib/smtp may import'],
    ['lib/smtp/auth/x.ts', "import type { MailMessage } from '../../mime/message.interface.js';\nexport type M = MailMessage;\n", 'Layer rule: lib/smtp may import'],
    ['lib/smtp/x.ts', "export * from '../nest/mailer.module.js';\n", 'Layer rule: lib/smtp may import'],
    ['lib/core/x.ts', "export { mailFrom } from '../smtp/commands.js';\n", 'Layer rule: lib/core may import'],
    ['lib/core/x.ts', "export { composeMessage } from '../mime/compose.js';\n", 'Layer rule: lib/core may import'],
    ['lib/mime/dkim/x.ts', "export { Connection } from '../../smtp/connection.js';\n", 'Layer rule: lib/mime may import'],
    ['lib/mime/x.ts', "export { createTransport } from '../transport/transport.js';\n", 'Layer rule: lib/mime may import'],
    ['lib/transport/x.ts', "export { MailerModule } from '../nest/mailer.module.js';\n", 'Layer rule: lib/transport may import'],
    ['lib/transport/x.ts', "export { x } from '../otel/subscriber.js';\n", 'Layer rule: lib/transport may import'],
    ['lib/dev/x.ts', "export { MailerService } from '../nest/mailer.service.js';\n", 'Layer rule: lib/dev may import'],
    ['lib/queue/x.ts', "export { x } from '../templates/renderer.js';\n", 'Layer rule: lib/queue may import'],
    ['lib/engine.ts', "export { MailerModule } from './nest/mailer.module.js';\n", 'Layer rule: lib/engine.ts may import'],
    ['lib/engine.ts', "export { x } from './templates/renderer.js';\n", 'Layer rule: lib/engine.ts may import'],
    ['lib/engine.ts', "export * from './index.js';\n", 'Entry points are the public surface'],
    ['lib/nest/x.ts', "export { createTransport } from '../index.js';\n", 'Entry points are the public surface'],
    ['lib/mime/x.ts', "import { Injectable } from '@nestjs/common';\nexport const i = Injectable;\n", 'Only lib/nest imports @nestjs/*'],
    ['lib/transport/x.ts', "import type { ModuleRef } from '@nestjs/core';\nexport type R = ModuleRef;\n", 'Only lib/nest imports @nestjs/*'],
    ['lib/engine.ts', "export { Injectable } from '@nestjs/common';\n", 'Only lib/nest imports @nestjs/*'],
  ];

  it.each(wrong.map(([file, code, says]) => [file, oneLine(code), code, says] as const))(
    'refuses in %s: %s',
    async (file, _title, code, says) => {
      const errors = boundaryErrors(await lint(eslint, file, code));
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toContain(says);
    },
  );

  const right: Array<[file: string, code: string]> = [
    ['lib/smtp/x.ts', "import { SmtpError } from '../core/errors.js';\nexport const E = SmtpError;\n"],
    ['lib/smtp/auth/x.ts', "export { mailFrom } from '../commands.js';\nexport type { SmtpPhase } from '../../core/errors.js';\n"],
    ['lib/mime/dkim/x.ts', "export { composeMessage } from '../compose.js';\nexport { MAX_LINE_OCTETS } from '../../core/limits.js';\n"],
    ['lib/transport/x.ts', "export { Connection } from '../smtp/connection.js';\nexport { composeMessage } from '../mime/compose.js';\n"],
    ['lib/otel/x.ts', "export { createTransport } from '../transport/transport.js';\n"],
    ['lib/nest/x.ts', "import { Injectable } from '@nestjs/common';\nexport { x } from '../templates/renderer.js';\nexport const i = Injectable;\n"],
    ['lib/nest/testing/x.ts', "export type { MailerOptions } from '../interfaces/index.js';\n"],
    ['lib/engine.ts', "export { createTransport } from './transport/transport.js';\nexport { SmtpError } from './core/errors.js';\n"],
    ['lib/index.ts', "export * from './engine.js';\nexport { MailerModule } from './nest/mailer.module.js';\n"],
  ];

  it.each(right.map(([file, code]) => [file, oneLine(code), code] as const))('allows in %s: %s', async (file, _title, code) => {
    const result = await lint(eslint, file, code);
    // Nothing at all: a clean snippet must pass every rule, not only the boundary one.
    expect(result.messages).toEqual([]);
  });
});
