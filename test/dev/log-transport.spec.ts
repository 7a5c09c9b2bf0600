import { describe, expect, it, jest } from '@jest/globals';
import { createMailTransport, LogTransport } from '../../lib/dev.js';
import type { SmtpLogger } from '../../lib/engine.js';

/** A logger that records what reaches each level. */
function spyLogger(levels: Array<'info' | 'log' | 'debug'>): { logger: SmtpLogger; lines: Array<[string, string]> } {
  const lines: Array<[string, string]> = [];
  const logger: SmtpLogger = {};
  for (const level of levels) logger[level] = (message: string) => lines.push([level, message]);
  return { logger, lines };
}

describe('log:// transport', () => {
  it('logs one summary line at info and the whole message at debug', async () => {
    const { logger, lines } = spyLogger(['info', 'debug']);
    const transport = createMailTransport({ type: 'log', logger }, { from: 'app@example.com' });
    expect(transport).toBeInstanceOf(LogTransport);
    const info = await transport.sendMail({ to: 'ann@example.com', cc: 'bob@example.com', bcc: 'audit@example.com', subject: 'Line\nbreak "quoted"', text: 'Body text here' });

    const infoLines = lines.filter(([level]) => level === 'info').map(([, message]) => message);
    expect(infoLines).toEqual([
      `message ${info.messageId} from app@example.com to ann@example.com, bob@example.com, audit@example.com subject "Line\\nbreak \\"quoted\\"" (${info.messageSize} bytes)`,
    ]);
    const debugLines = lines.filter(([level]) => level === 'debug').map(([, message]) => message);
    expect(debugLines).toHaveLength(1);
    expect(debugLines[0]).toContain(`Message-ID: ${info.messageId}`);
    expect(debugLines[0]).toContain('Body text here');
    expect(info.response).toBe('250 2.0.0 Logged');
  });

  it('uses log() on a Nest-style logger for the summary', async () => {
    const { logger, lines } = spyLogger(['log', 'debug']);
    const transport = createMailTransport({ type: 'log', logger });
    await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'Hi', text: '.' });
    expect(lines.map(([level]) => level)).toEqual(['log', 'debug']);
    expect(lines[0][1]).toMatch(/^message <.+> from a@example\.com to b@example\.com subject "Hi" \(\d+ bytes\)$/);
  });

  it('logs to the console when no logger is given', async () => {
    const printed: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    try {
      const info = await createMailTransport('log://').sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'Console', text: '.' });
      expect(printed).toHaveLength(2);
      expect(printed[0]).toMatch(new RegExp(`^\\[.+\\] INFO message ${info.messageId} from a@example\\.com to b@example\\.com subject "Console"`));
      expect(printed[1]).toMatch(/^\[.+\] DEBUG message <.+>:\r?\n/);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses logger: false, which would log nothing (ECONFIG)', () => {
    expect(() => createMailTransport('log://?logger=false')).toThrow(expect.objectContaining({ code: 'ECONFIG', message: expect.stringContaining('needs a logger') }));
  });

  it('logs nothing for a message that fails its checks', async () => {
    const { logger, lines } = spyLogger(['info', 'debug']);
    const transport = createMailTransport({ type: 'log', logger });
    await expect(transport.sendMail({ from: 'a@example.com', to: 'not an address', text: '.' })).rejects.toMatchObject({ code: 'EENVELOPE' });
    expect(lines).toEqual([]);
  });
});
