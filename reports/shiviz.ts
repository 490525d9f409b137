// A run's trace as a ShiViz log: every event is one line, followed by its host and vector
// clock (`s2 {"s2":5,"s1":3}`). Clocks are computed from the trace: each event ticks its
// host's own entry by 1; a receipt first takes the componentwise max with the clock its
// send carried (sends and receipts paired in connection order, reports/pairing.ts). Events
// of no node (faults) belong to the host `world`.
import type { TraceEvent } from '../sim/engine/trace.ts';
import { eventBody, eventTime } from './event-line.ts';
import { Pairer } from './pairing.ts';

/** The regex to give ShiViz (its default): an event line, then `host {clock}`. */
export const SHIVIZ_REGEX = '(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})';

export const WORLD_HOST = 'world';
const LINE_MAX = 200;

type Clock = Record<string, number>;

/** One line describing an event (no newlines): its canonical body (reports/event-line.ts), index and time. */
export function shivizLine(ev: TraceEvent, to?: string): string {
  const text = eventBody(ev, to !== undefined ? { to } : {});
  const line = `${text} [#${ev.i} t=${eventTime(ev)}]`.replace(/[\r\n]+/g, ' ');
  return line.length > LINE_MAX ? `${line.slice(0, LINE_MAX - 1)}…` : line;
}

export class ShiVizExport {
  private readonly pairer = new Pairer<Clock>();
  private readonly clocks = new Map<string, Clock>();
  private readonly lines: string[] = [];

  readonly onEvent = (ev: TraceEvent): void => {
    const host = ev.n ?? WORLD_HOST;
    this.pairer.observe(ev);
    let clock = this.clocks.get(host);
    if (!clock) this.clocks.set(host, (clock = {}));
    if (ev.k === 'recv') {
      const { sent } = this.pairer.recv(ev);
      if (sent) for (const [h, c] of Object.entries(sent.payload)) if ((clock[h] ?? 0) < c) clock[h] = c;
    } else if (ev.k === 'conn' && ev.what === 'drop') {
      this.pairer.drop(ev);
    }
    clock[host] = (clock[host] ?? 0) + 1;
    let to: string | undefined;
    if (ev.k === 'send') to = this.pairer.send(ev, { ...clock }).to;
    this.lines.push(shivizLine(ev, to), `${host} ${JSON.stringify(clock)}`);
  };

  /** The log, ending in a newline. */
  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
