/** Reads smtpd sessions back from a Postfix log written with `debug_peer_level = 1` (every command and reply logged). */

/** One SMTP session as one smtpd process logged it, from `connect from` to `disconnect from`. */
export interface SmtpdSession {
  /** The listener's syslog_name suffix (`submission`, `nochunking`, ...). */
  listener: string;
  pid: number;
  /** Lines the client sent (commands and AUTH responses), as Postfix logged them. */
  commands: string[];
  /** Reply lines Postfix sent. */
  replies: string[];
  /** Both in order, as `C: ...` and `S: ...`. */
  transcript: string[];
  /** The counters of the `disconnect from` line (`ehlo=2 starttls=1 ... commands=8`); undefined while still open. */
  summary?: string;
}

const SMTPD_LINE = / postfix\/([\w.-]+)\/smtpd\[(\d+)\]: (.*)$/;
const CLIENT = /^< [^:]+\]: (.*)$/;
const SERVER = /^> [^:]+\]: (.*)$/;

/**
 * The sessions of one listener in `log`, in the order they started. An smtpd process serves many
 * connections one after another, so a session is cut by its `connect from` / `disconnect from` lines.
 */
export function parseSmtpdSessions(log: string, listener: string): SmtpdSession[] {
  const sessions: SmtpdSession[] = [];
  const open = new Map<number, SmtpdSession>();
  for (const line of log.split('\n')) {
    const match = SMTPD_LINE.exec(line);
    if (!match || match[1] !== listener) continue;
    const pid = Number(match[2]);
    const text = match[3]!;
    if (text.startsWith('connect from ')) {
      const session: SmtpdSession = { listener, pid, commands: [], replies: [], transcript: [] };
      open.set(pid, session);
      sessions.push(session);
      continue;
    }
    const session = open.get(pid);
    if (!session) continue;
    if (text.startsWith('disconnect from ')) {
      session.summary = text.replace(/^disconnect from \S+ ?/, '');
      open.delete(pid);
      continue;
    }
    const command = CLIENT.exec(text);
    if (command) {
      session.commands.push(command[1]!);
      session.transcript.push(`C: ${command[1]}`);
      continue;
    }
    const reply = SERVER.exec(text);
    if (reply) {
      session.replies.push(reply[1]!);
      session.transcript.push(`S: ${reply[1]}`);
    }
  }
  return sessions;
}
