/** Subscribes to every event of the engine's diagnostics channels and keeps a copy of each payload as published. */
import diagnosticsChannel from 'node:diagnostics_channel';
import { CLOSE_CHANNEL, CONNECT_CHANNEL, SEND_CHANNEL } from '../../lib/transport/diagnostics/channels.js';

const TRACING_EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const;

/** One event as it was published: the payload copied at that moment, and the object itself. */
export interface RecordedEvent {
  /** `send:start`, `connect:asyncEnd`, `close`... */
  name: string;
  snapshot: Record<string, unknown>;
  payload: object;
}

export interface ChannelRecorder {
  events: RecordedEvent[];
  /** The names of the events recorded, in order. */
  names(): string[];
  /** The last snapshot of the named event. */
  last(name: string): Record<string, unknown> | undefined;
  /** Every payload published, serialized at publish time, joined: what any subscriber could have seen. */
  serialized(): string;
  stop(): void;
}

/** Starts recording; call `stop()` in afterEach. */
export function recordChannels(): ChannelRecorder {
  const events: RecordedEvent[] = [];
  const serialized: string[] = [];
  const record = (name: string) => (message: unknown) => {
    const payload = message as object;
    serialized.push(JSON.stringify(payload, (_key, value: unknown) => (value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value)));
    events.push({ name, snapshot: structuredClone(payload) as Record<string, unknown>, payload });
  };
  const unsubscribers: Array<() => void> = [];
  for (const [prefix, channelName] of [['send', SEND_CHANNEL], ['connect', CONNECT_CHANNEL]] as const) {
    for (const event of TRACING_EVENTS) {
      const channel = diagnosticsChannel.channel(`tracing:${channelName}:${event}`);
      const listener = record(`${prefix}:${event}`);
      channel.subscribe(listener);
      unsubscribers.push(() => channel.unsubscribe(listener));
    }
  }
  const close = record('close');
  diagnosticsChannel.subscribe(CLOSE_CHANNEL, close);
  unsubscribers.push(() => diagnosticsChannel.unsubscribe(CLOSE_CHANNEL, close));
  return {
    events,
    names: () => events.map((event) => event.name),
    last: (name) => events.filter((event) => event.name === name).at(-1)?.snapshot,
    serialized: () => serialized.join('\n'),
    stop: () => {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    },
  };
}
