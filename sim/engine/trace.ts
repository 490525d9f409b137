// The trace: every send, delivery, drop, timer, disk op, state change and fault is one
// structured event. The whole run folds into a trace hash; the last events stay in a ring
// buffer; a sink (JSONL file) can stream every event. Memory stays bounded on long runs.
import { StreamHash, canonicalJson } from './hash.ts';
import type { TraceEvent } from './trace-events.ts';

/** The events, one union discriminated by `k` (their schema: trace-events.ts and protocol/trace.ts). */
export type { EventOf, TraceEvent, TraceKind } from './trace-events.ts';

/**
 * Fields the checkers see but the recorded trace leaves out: zab.deliver's digest (the digest
 * checker), client.call's create flags and multi sub-ops (the linearizable checker).
 */
export const CHECKER_ONLY: Readonly<Record<string, readonly string[] | undefined>> = {
  'zab.deliver': ['digest'],
  'client.call': ['flags', 'ops'],
};

export type TraceListener = (ev: TraceEvent) => void;

export class Trace {
  count = 0;
  private readonly hash = new StreamHash();
  private readonly ring: (TraceEvent | undefined)[];
  private readonly listeners: TraceListener[] = [];

  constructor(
    readonly ringSize = 4096,
    private readonly sink?: (line: string) => void,
  ) {
    this.ring = new Array(ringSize);
  }

  subscribe(l: TraceListener): void {
    this.listeners.push(l);
  }

  /** Records an event whose `i` the caller set to `this.count`. */
  push(ev: TraceEvent): void {
    this.count++;
    // Checker-only fields (CHECKER_ONLY) are left out of the recorded trace (hash, JSONL): added
    // after trace hashes were pinned, they move none, and replay files written before them still
    // reproduce. A field that is undefined is neither hashed nor written.
    const only = CHECKER_ONLY[ev.k];
    let kept: unknown[] | undefined;
    if (only !== undefined) {
      const o = ev as unknown as Record<string, unknown>;
      kept = only.map((f) => o[f]);
      for (const f of only) o[f] = undefined;
    }
    this.hash.value(ev);
    if (this.sink) this.sink(canonicalJson(ev));
    if (only !== undefined) {
      const o = ev as unknown as Record<string, unknown>;
      for (let j = 0; j < only.length; j++) if (kept![j] !== undefined) o[only[j]!] = kept![j];
    }
    this.ring[ev.i % this.ringSize] = ev;
    const ls = this.listeners;
    for (let j = 0; j < ls.length; j++) ls[j]!(ev);
  }

  get traceHash(): string {
    return this.hash.digest();
  }

  /** The last events kept, oldest first. */
  recent(): TraceEvent[] {
    const out: TraceEvent[] = [];
    const start = Math.max(0, this.count - this.ringSize);
    for (let i = start; i < this.count; i++) out.push(this.ring[i % this.ringSize]!);
    return out;
  }
}
