/**
 * Per server target: the span options and the metric attribute sets, made once and reused by every send to it,
 * and the sends counted by outcome and reply code. The metrics SDK keys its series on an attribute set at every
 * record (it sorts and serialises the keys), so a send records one histogram point and no more: the sends counter
 * is kept here, as plain numbers, and reported when the metrics are collected.
 */
import type { Attributes, SpanKind, SpanOptions } from '@opentelemetry/api';
import type { SmtpServerTarget } from '../transport/diagnostics/channels.js';
import { sendStartAttributes, type SendOutcome } from './send-attributes.js';

/** One series of the sends counter: its attributes and how many sends it has counted since it was made. */
export interface SendsCell {
  readonly attributes: Attributes;
  count: number;
}

/** What one outcome (with its error type) records: the histogram's attribute set and the counter's cells. */
class OutcomeRecords {
  /** By reply code; `undefined` when the send ended without one. */
  private readonly cells = new Map<number | undefined, SendsCell>();

  constructor(
    /** The duration histogram's attributes: server, outcome and error type, no reply code. */
    readonly duration: Attributes,
    private readonly allCells: SendsCell[],
  ) {}

  /** Counts one send that ended with `responseCode`. */
  count(responseCode: number | undefined): void {
    let cell = this.cells.get(responseCode);
    if (!cell) {
      const attributes: Attributes = { ...this.duration };
      if (responseCode !== undefined) attributes['smtp.response.status_code'] = responseCode;
      cell = { attributes, count: 0 };
      this.cells.set(responseCode, cell);
      this.allCells.push(cell);
    }
    cell.count += 1;
  }
}

/** Everything recorded about sends to one server. */
export class ServerRecords {
  /** The span options of a send from a transport that is pooled (index 1) or not (index 0). */
  private readonly spanOptions: [SpanOptions | undefined, SpanOptions | undefined] = [undefined, undefined];
  /** The common case, kept out of the map. */
  readonly sent: OutcomeRecords;
  /** By outcome and error type (`failed EAUTH`); failures are rare, so a string key is cheap enough. */
  private readonly failures = new Map<string, OutcomeRecords>();

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly spanKind: SpanKind,
    private readonly allCells: SendsCell[],
  ) {
    this.sent = this.makeOutcome('sent', undefined);
  }

  /** The options a send span starts with: its kind and the server's attributes. */
  spanOptionsFor(pooled: boolean): SpanOptions {
    const index = pooled ? 1 : 0;
    return (this.spanOptions[index] ??= { kind: this.spanKind, attributes: sendStartAttributes(this.host, this.port, pooled) });
  }

  /** The records of a send that ended with `outcome`; `errorType` is set for a failure. */
  outcome(outcome: SendOutcome, errorType: string | undefined): OutcomeRecords {
    if (outcome === 'sent') return this.sent;
    const key = `${outcome} ${errorType}`;
    let records = this.failures.get(key);
    if (!records) {
      records = this.makeOutcome(outcome, errorType);
      this.failures.set(key, records);
    }
    return records;
  }

  private makeOutcome(outcome: SendOutcome, errorType: string | undefined): OutcomeRecords {
    const duration: Attributes = { 'server.address': this.host, 'server.port': this.port, 'smtp.outcome': outcome };
    if (errorType !== undefined) duration['error.type'] = errorType;
    return new OutcomeRecords(duration, this.allCells);
  }
}

/**
 * The records of every server sent to, found by host and port without building a key. They are never dropped: the
 * sends counter is cumulative. Their number is bounded by the servers configured, the SmtpError codes, and the
 * three-digit reply codes.
 */
export class SendRecords {
  private readonly byHost = new Map<string, Map<number, ServerRecords>>();
  /** Every counter cell of every server, in the order they were made: what a collection reports. */
  readonly cells: SendsCell[] = [];

  constructor(private readonly spanKind: SpanKind) {}

  /** The records of the server a payload names. */
  of(target: SmtpServerTarget): ServerRecords {
    let byPort = this.byHost.get(target.host);
    if (!byPort) {
      byPort = new Map();
      this.byHost.set(target.host, byPort);
    }
    let records = byPort.get(target.port);
    if (!records) {
      records = new ServerRecords(target.host, target.port, this.spanKind, this.cells);
      byPort.set(target.port, records);
    }
    return records;
  }
}
