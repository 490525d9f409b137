// The trace: every send, delivery, drop, timer, disk op, state change and fault is one
// structured event. The whole run folds into a trace hash; the last events stay in a ring
// buffer; a sink (JSONL file) can stream every event. Memory stays bounded on long runs.
import { StreamHash, canonicalJson } from './hash.ts';
import type { TraceEvent } from './trace-events.ts';

/** The events, one union discriminated by `k` (their schema: trace-events.ts and protocol/trace.ts). */
export type { EventOf, TraceEvent, TraceKind } from './trace-events.ts';

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
    // zab.deliver's digest is for the checkers only (the digest checker): it is left out of the
    // recorded trace (hash, JSONL), so adding it moved no trace hash and replay files written
    // before it still reproduce. Fields that are undefined are not hashed nor written.
    const digest = ev.k === 'zab.deliver' ? ev.digest : undefined;
    if (digest !== undefined) (ev as { digest?: number }).digest = undefined;
    this.hash.value(ev);
    if (this.sink) this.sink(canonicalJson(ev));
    if (digest !== undefined) (ev as { digest?: number }).digest = digest;
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
