// The ShiViz export: it parses with ShiViz's regex, every trace event has a host and a
// vector clock, and the clocks respect happened-before (each host's own entry counts its
// events 1, 2, 3, ...; a receipt's clock dominates its send's componentwise). Send/receipt
// pairs are found here independently of reports/pairing.ts: the first-start run loses no
// message, so each (connection, sender) is a plain FIFO.
import { describe, expect, it } from 'vitest';
import { SHIVIZ_REGEX, ShiVizExport, WORLD_HOST } from '../../reports/shiviz.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

type Clock = Record<string, number>;

function exportRun(opts: Parameters<typeof runScenario>[0]) {
  const sv = new ShiVizExport();
  const events: TraceEvent[] = [];
  const { result } = runScenario({
    ...opts,
    onEvent: (ev) => {
      sv.onEvent(ev);
      events.push(structuredClone(ev));
    },
  });
  return { text: sv.text(), events, result };
}

function parse(text: string): { event: string; host: string; clock: Clock }[] {
  const re = new RegExp(SHIVIZ_REGEX, 'g');
  const out: { event: string; host: string; clock: Clock }[] = [];
  for (const m of text.matchAll(re))
    out.push({ event: m.groups!.event!, host: m.groups!.host!, clock: JSON.parse(m.groups!.clock!) as Clock });
  return out;
}

const dominates = (a: Clock, b: Clock) => Object.entries(b).every(([h, c]) => (a[h] ?? 0) >= c);

describe('ShiViz export', () => {
  const { text, events, result } = exportRun({ scenario: scenarioNamed('first-start'), seed: 1, servers: 3 });
  const parsed = parse(text);

  it('is the regex the brief names, and parses into one entry per trace event', () => {
    expect(SHIVIZ_REGEX).toBe(String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`);
    expect(parsed.length).toBe(result.events);
    expect(text.split('\n').filter(Boolean).length).toBe(2 * result.events);
    parsed.forEach((p, j) => {
      expect(p.host).toBe(events[j]!.n ?? WORLD_HOST);
      expect(p.event).toContain(`[#${j} `);
      expect(p.clock[p.host]).toBeGreaterThan(0);
    });
  });

  it("each host's own entry increments by exactly 1 per event; other entries never go down", () => {
    const last = new Map<string, Clock>();
    for (const p of parsed) {
      const prev = last.get(p.host) ?? {};
      expect(p.clock[p.host]).toBe((prev[p.host] ?? 0) + 1);
      expect(dominates(p.clock, prev)).toBe(true);
      last.set(p.host, p.clock);
    }
  });

  it('a receipt happens after its send: its clock dominates the send clock, and the send does not dominate it', () => {
    const fifo = new Map<string, number[]>();
    let pairs = 0;
    events.forEach((ev, j) => {
      if (ev.k === 'send') {
        const key = `${ev.conn}>${ev.n}`;
        fifo.set(key, [...(fifo.get(key) ?? []), j]);
      } else if (ev.k === 'recv') {
        const s = fifo.get(`${ev.conn}>${ev.from}`)!.shift()!;
        const sent = events[s]!;
        expect(sent.k === 'send' && sent.msg.type).toBe(ev.m);
        expect(dominates(parsed[j]!.clock, parsed[s]!.clock)).toBe(true);
        expect(dominates(parsed[s]!.clock, parsed[j]!.clock)).toBe(false);
        pairs++;
      }
    });
    expect(pairs).toBeGreaterThan(100); // notifications, Zab handshake, pings
    expect(parsed.some((p) => p.event.startsWith('send notification to=s'))).toBe(true);
  });

  it('a faults run with lost messages keeps every clock consistent (no receipt takes a clock from a lost send)', () => {
    const run = exportRun({ scenario: scenarioNamed('faults'), seed: 3, servers: 3, bugs: ['ZK-3911'] });
    const p = parse(run.text);
    expect(p.length).toBe(run.result.events);
    const last = new Map<string, number>();
    for (const e of p) {
      expect(e.clock[e.host]).toBe((last.get(e.host) ?? 0) + 1);
      last.set(e.host, e.clock[e.host]!);
      // No entry can run ahead of what that host has reached so far.
      for (const [h, c] of Object.entries(e.clock)) if (h !== e.host) expect(c).toBeLessThanOrEqual(last.get(h) ?? 0);
    }
    expect(p.some((e) => e.host === WORLD_HOST && e.event.startsWith('fault '))).toBe(true);
  });
});
