import { describe, expect, it } from '@jest/globals';
import { createMailTransport, getDevStore } from '../../lib/dev.js';
import { functionTemplates } from '../../lib/templates.js';
import { SmtpError } from '../../lib/engine.js';
import { rejectionOf } from '../helpers/settle.js';

const templates = functionTemplates({
  welcome: (ctx: { name: string }) => ({ subject: `Welcome, ${ctx.name}`, html: `<p>Hello ${ctx.name}</p>`, text: `Hello ${ctx.name}` }),
  broken: (): never => {
    throw new Error('no layout');
  },
});

describe('dev transports with templates', () => {
  it('render a template exactly as the SMTP transport does, and keep the rendered message', async () => {
    const transport = createMailTransport({ type: 'memory', templates }, { from: 'app@example.test' });
    await transport.compileTemplates();
    const info = await transport.sendMail({ to: 'ann@example.test', template: 'welcome', context: { name: 'Ann' } });
    const store = getDevStore(transport);
    const [kept] = store?.list() ?? [];
    expect(kept?.messageId).toBe(info.messageId);
    expect(kept?.subject).toBe('Welcome, Ann');
    expect(kept?.html).toContain('<p>Hello Ann</p>');
    expect(kept?.text?.trim()).toBe('Hello Ann');
  });

  it('fail a template that throws with ETEMPLATE, keeping nothing', async () => {
    const transport = createMailTransport({ type: 'memory', templates }, { from: 'app@example.test' });
    const err = await rejectionOf(transport.sendMail({ to: 'ann@example.test', template: 'broken' }));
    expect(err).toBeInstanceOf(SmtpError);
    expect(err.code).toBe('ETEMPLATE');
    expect(getDevStore(transport)?.list()).toHaveLength(0);
  });
});
