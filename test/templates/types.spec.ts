import { describe, it, expect, beforeAll } from '@jest/globals';
import { libPath, typeCheck, type Diagnostic } from '../helpers/type-check-snippets.js';

/**
 * What the compiler says about application code that sends templates. Each snippet is a small module compiled
 * with the repository's tsconfig (nodenext, strict) against lib/; all are checked in one program.
 */
const PRELUDE = `
import { functionTemplates } from '${libPath('templates/functions.js')}';
import { handlebarsTemplates } from '${libPath('templates/handlebars.js')}';
import type { TemplateContexts } from '${libPath('transport/template-renderer.js')}';
import type { MailTransport } from '${libPath('transport/mail-transport.js')}';
import { createTransport, type SmtpTransport } from '${libPath('transport/transport.js')}';
import type { MailerService } from '${libPath('nest/mailer.service.js')}';

export const functions = functionTemplates({
  welcome: (ctx: { name: string; plan: 'free' | 'pro' }) => ({ subject: 'Welcome, ' + ctx.name, text: ctx.plan }),
  reset: (ctx: { code: string }) => ({ subject: 'Your code', text: ctx.code }),
  ping: () => ({ subject: 'ping', text: 'pong' }),
});
export type HandlebarsContexts = { welcome: { name: string }; reset: { code: string; expiresInMinutes: number } };
export const handlebars = handlebarsTemplates<HandlebarsContexts>({ dir: '/srv/app/mail/templates' });

export declare const viaFunctions: MailerService<TemplateContexts<typeof functions>>;
export declare const viaHandlebars: MailerService<TemplateContexts<typeof handlebars>>;
export const transport = createTransport({ host: 'smtp.example.test', templates: functions });
export type Unused = MailTransport | SmtpTransport;
const to = 'ann@example.test';
`;

/** A snippet: the prelude, then the statement under test on its own line (the line diagnostics must point at). */
const snippet = (statement: string): string => `${PRELUDE}\n${statement}\n`;
const STATEMENT_LINE = PRELUDE.split('\n').length + 1;

const MUST_FAIL = {
  'unknown name, function templates': `void viaFunctions.sendMail({ to, template: 'welcom', context: { name: 'Ann', plan: 'pro' } });`,
  'unknown name, handlebars with declared contexts': `void viaHandlebars.sendMail({ to, template: 'welcom', context: { name: 'Ann' } });`,
  'unknown name, typed createTransport': `void transport.sendMail({ to, template: 'welcom', context: { name: 'Ann', plan: 'pro' } });`,
  'unknown name, typed createTransport with a callback': `transport.sendMail({ to, template: 'welcom', context: { name: 'Ann', plan: 'free' } }, () => undefined);`,
  'a name typed string': `declare const name: string;\nvoid viaHandlebars.sendMail({ to, template: name, context: { name: 'Ann' } });`,
  'missing field, function templates': `void viaFunctions.sendMail({ to, template: 'welcome', context: { name: 'Ann' } });`,
  'missing field, handlebars': `void viaHandlebars.sendMail({ to, template: 'reset', context: { code: '12-34' } });`,
  'wrong type, handlebars': `void viaHandlebars.sendMail({ to, template: 'reset', context: { code: 1234, expiresInMinutes: 15 } });`,
  'wrong literal, function templates': `void viaFunctions.sendMail({ to, template: 'welcome', context: { name: 'Ann', plan: 'gold' } });`,
  "another template's context": `void viaFunctions.sendMail({ to, template: 'reset', context: { name: 'Ann', plan: 'pro' } });`,
  'no context where one is needed': `void viaHandlebars.sendMail({ to, template: 'welcome' });`,
  'a context without a template': `void viaHandlebars.sendMail({ to, subject: 'Hi', text: 'Hello', context: { name: 'Ann' } });`,
  'an undeclared name in handlebars names': `export const checked = handlebarsTemplates<HandlebarsContexts>({ dir: '/srv/app/mail/templates', names: ['welcome', 'invoice'] });`,
};

const MUST_COMPILE = `
void viaFunctions.sendMail({ to, template: 'welcome', context: { name: 'Ann', plan: 'pro' }, locale: 'fr-CA' });
void viaFunctions.sendMail({ to, template: 'reset', context: { code: '12-34' }, subject: 'Overrides the rendered subject' });
void viaFunctions.sendMail({ to, template: 'ping' });
void viaFunctions.sendMail({ to, subject: 'No template', text: 'Plain message' });
void viaHandlebars.sendMail({ to, template: 'reset', context: { code: '12-34', expiresInMinutes: 15 } });
void viaHandlebars.sendMail({ to, cc: 'bob@example.test', template: 'welcome', context: { name: 'Ann' }, attachments: [{ filename: 'a.txt', content: 'a' }] });
void transport.sendMail({ to, template: 'welcome', context: { name: 'Ann', plan: 'free' } });
transport.sendMail({ to, template: 'reset', context: { code: '1' } }, (err, info) => void (err ?? info));

// Without a declared map everything a renderer might know is accepted, as before typing.
declare const untyped: MailerService;
void untyped.sendMail({ to, template: 'anything', context: { any: 1 } });
const loose = handlebarsTemplates({ dir: '/srv/app/mail/templates' });
declare const viaLoose: MailerService<TemplateContexts<typeof loose>>;
void viaLoose.sendMail({ to, template: 'anything', context: 42 });
void createTransport({ host: 'h', templates: loose }).sendMail({ to, template: 'anything' });
void createTransport('smtp://h').sendMail({ to, template: 'anything', context: {} });

// A typed transport is still a transport where one is expected.
export const plain: SmtpTransport = transport;
export const contract: MailTransport = transport;
`;

describe('template types', () => {
  let diagnostics: Record<string, Diagnostic[]>;

  beforeAll(() => {
    const snippets: Record<string, string> = { correct: snippet(MUST_COMPILE) };
    for (const [name, statement] of Object.entries(MUST_FAIL)) snippets[name] = snippet(statement);
    diagnostics = typeCheck(snippets);
    // Building a program over lib/ and Nest's types takes seconds, more on a busy machine.
  }, 180_000);

  /** The only diagnostic of a failing snippet: on the statement under test, nowhere else. */
  const onlyError = (name: keyof typeof MUST_FAIL): Diagnostic => {
    const found = diagnostics[name];
    expect(found).toHaveLength(1);
    expect(found[0].line).toBeGreaterThanOrEqual(STATEMENT_LINE);
    return found[0];
  };

  it('compiles correct usage, untyped renderers and plain messages without a diagnostic', () => {
    expect(diagnostics.correct).toEqual([]);
  });

  it.each([
    ['unknown name, function templates', 2820],
    ['unknown name, handlebars with declared contexts', 2820],
    ['unknown name, typed createTransport', 2820],
    // With a callback both overloads are tried: TS2769 "No overload matches this call", each saying the same.
    ['unknown name, typed createTransport with a callback', 2769],
  ] as const)('refuses a misspelt template name: %s', (name, code) => {
    const error = onlyError(name);
    // TS2820: "Type '"welcom"' is not assignable to type '"welcome" | ...'. Did you mean '"welcome"'?"
    expect(error.code).toBe(code);
    expect(error.message).toContain(`Type '"welcom"' is not assignable to type '"welcome" | "reset"`);
    expect(error.message).toContain(`Did you mean '"welcome"'?`);
    expect(error.text).toBe('template');
  });

  it('refuses a name only known as a string', () => {
    const error = onlyError('a name typed string');
    expect(error.code).toBe(2322);
    expect(error.message).toContain(`Type 'string' is not assignable to type '"welcome" | "reset" | undefined'`);
    expect(error.text).toBe('template');
  });

  it.each([
    ['missing field, function templates', 'plan'],
    ['missing field, handlebars', 'expiresInMinutes'],
  ] as const)('refuses a context with a missing field: %s', (name, field) => {
    const error = onlyError(name);
    // TS2322 on `context` or TS2345 on the whole message ("Types of property 'context' are incompatible").
    expect([2322, 2345]).toContain(error.code);
    expect(error.message).toContain(`Property '${field}' is missing`);
    expect(error.text === 'context' || error.message.includes("Types of property 'context' are incompatible")).toBe(true);
  });

  it('refuses a field of the wrong type, pointing at the field', () => {
    const error = onlyError('wrong type, handlebars');
    expect(error.code).toBe(2322);
    expect(error.message).toBe(`Type 'number' is not assignable to type 'string'.`);
    expect(error.text).toBe('code');
  });

  it('refuses a value outside a literal union, naming the property', () => {
    const error = onlyError('wrong literal, function templates');
    expect(error.code).toBe(2345);
    expect(error.message).toContain(`The types of 'context.plan' are incompatible`);
    expect(error.message).toContain(`Type '"gold"' is not assignable to type '"free" | "pro"'`);
  });

  it("refuses another template's context", () => {
    const error = onlyError("another template's context");
    expect(error.code).toBe(2345);
    expect(error.message).toContain(`'name' does not exist in type '{ code: string; }'`);
    expect(error.text).toBe('name');
  });

  it('refuses a template without the context it needs, and a context without a template', () => {
    const missing = onlyError('no context where one is needed');
    expect(missing.code).toBe(2345);
    expect(missing.message).toContain(`Property 'context' is missing`);
    const stray = onlyError('a context without a template');
    expect(stray.code).toBe(2345);
    expect(stray.message).toContain(`Property 'template' is missing in type '{ to: string; subject: string; text: string; context: { name: string; }; }'`);
  });

  it('refuses a name in handlebarsTemplates({ names }) that the declared map does not have', () => {
    const error = onlyError('an undeclared name in handlebars names');
    expect(error.code).toBe(2322);
    expect(error.message).toContain(`Type '"invoice"' is not assignable to type '"welcome" | "reset"'`);
  });
});
