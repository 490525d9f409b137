// The fault-kind registry (sim/faults/registry.ts) is complete: every kind has its schema, targets,
// apply, arbitrary, liveness wait and report drawing, and what is built from the registry — the
// plan schema and its one-line errors, applyFault and step triggers, the arbitraries, the
// generator's episodes, the liveness checker, the report model and style, the CLI — sees every kind.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportCss } from '../../reports/html/style.ts';
import { ReportModelBuilder } from '../../reports/html/model.ts';
import { LivenessChecker } from '../../sim/checkers/liveness.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { planArb } from '../../sim/faults/arbitraries.ts';
import type { FaultKind } from '../../sim/faults/kind.ts';
import { FaultPlan, checkServers, parseFaultPlan } from '../../sim/faults/plan.ts';
import { EPISODES, STEP_ACTIONS } from '../../sim/faults/plan-gen.ts';
import { type AnyFault, FAULT_KINDS } from '../../sim/faults/registry.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import { firstStart } from '../../scenarios/first-start.ts';
import { History } from '../checkers/helpers.ts';
import { expectPlanError } from '../support/plan-error.ts';
import { zksim } from '../support/zksim.ts';
import { ofKind } from '../support/events.ts';

const servers = [1, 2, 3];
const kinds = FAULT_KINDS as readonly FaultKind<AnyFault>[];
/** Faults a kind's arbitrary draws, but a trigger-node target at a time (faultArb filters those out for every kind). */
const samples = (k: FaultKind<AnyFault>, numRuns = 80) =>
  fc
    .sample(k.arbitrary({ servers, horizonMs: 30_000 }), { seed: 7, numRuns })
    .filter((f) => !('target' in f && f.target === 'trigger-node' && f.at !== undefined));

/** A timed fault of the kind with every field its arbitrary draws (the sample with the most), hitting servers or the leader. */
function example(k: FaultKind<AnyFault>): AnyFault {
  const timed = samples(k).filter((f) => f.at !== undefined && !('target' in f && f.target !== 'leader'));
  const full = timed.reduce((a, b) => (Object.keys(b).length > Object.keys(a).length ? b : a));
  return FaultPlan.parse({ faults: [full] }).faults[0]!;
}

/** A fault's own fields: neither its kind nor its time. */
const ownFields = (f: AnyFault) => Object.keys(f).filter((key) => key !== 'type' && key !== 'at' && key !== 'on');

describe('the fault-kind registry', () => {
  it('names each kind once; episode and step-action names are unique, their places 0..n-1', () => {
    const types = kinds.map((k) => k.type);
    expect(new Set(types).size).toBe(types.length);
    const episodes = kinds.flatMap((k) => k.episodes);
    expect(new Set(episodes.map((e) => e.name)).size).toBe(episodes.length);
    expect(EPISODES.map((e) => e.place)).toEqual([...episodes.keys()]);
    const actions = kinds.flatMap((k) => k.stepActions);
    expect(new Set(actions.map((a) => a.name)).size).toBe(actions.length);
    expect(STEP_ACTIONS.map((a) => a.place)).toEqual([...actions.keys()]);
    // What swarm's `case 0..8` were, by name, in their order of draw.
    expect(EPISODES.map((e) => e.name)).toEqual([
      'crash',
      'isolate-one',
      'split',
      'one-way',
      'latency',
      'disk-stall',
      'crash-leader',
      'isolate-leader',
      'clock',
      // generator v3
      'reset-one',
      'power-off',
      'pause',
    ]);
  });

  describe.each(kinds.map((k) => [k.type, k] as const))('%s', (type, k) => {
    it('has a summary, a schema, targets, apply, an arbitrary, a liveness wait and a report drawing', () => {
      expect(k.summary.length).toBeGreaterThan(10);
      for (const part of [k.targets.named, k.apply, k.arbitrary, k.report.label]) expect(part).toBeTypeOf('function');
      expect(['disturbs', 'cuts', 'heals', 'stalls', 'slows', 'drifts']).toContain(k.liveness.effect);
      expect([undefined, 'servers', 'server']).toContain(k.targets.role);
      const ex = example(k);
      expect(ex.type).toBe(type);
      expect(k.schema.parse(ex)).toEqual(ex);
      expect(() => k.schema.parse({ ...ex, type: `${type}-not` })).toThrow();
    });

    it('its arbitrary draws valid faults of the kind, naming only ensemble servers, shrinkable without context', () => {
      const arb = planArb({ servers, horizonMs: 30_000 });
      for (const f of samples(k)) {
        expect(f.type).toBe(type);
        const plan = FaultPlan.parse({ faults: [f] });
        checkServers(plan, servers);
        expect(arb.canShrinkWithoutContext({ faults: [f] })).toBe(true);
      }
    });

    it('is applied at its time and on a step trigger: its fault event traced, drawn with its label and span', () => {
      const { on: _on, at: _at, ...fields } = example(k);
      const trigger = { event: 'zab.established', node: 'leader' };
      const plan = parseFaultPlan(
        JSON.stringify({
          faults: [
            { ...fields, at: 9000 },
            { ...fields, on: trigger },
          ],
        }),
        servers,
      );
      const events: TraceEvent[] = [];
      const model = new ReportModelBuilder();
      const { result } = runScenario({
        scenario: firstStart,
        seed: 1,
        servers: 3,
        gapMs: 100,
        untilMs: 15_000,
        faults: plan,
        onEvent: (ev) => {
          events.push(ev);
          model.onEvent(ev);
        },
      });
      const fired = ofKind(events, 'fault').filter((e) => e.what === type);
      expect(fired.find((e) => e.on === undefined)?.t).toBe(9_000_000);
      expect(fired.find((e) => e.on !== undefined)).toMatchObject({ on: trigger });
      const m = model.finish(result.violations, result.simTimeMs * 1000);
      const labels = m.marks.filter((mk) => mk[3] === 'fault').map((mk) => mk[4]);
      expect(labels.some((l) => l.startsWith(type))).toBe(true);
      const span = k.report.span;
      if (span) {
        expect(span.shade).toMatch(/^[a-z][a-z0-9-]*$/);
        expect(['down', 'paused']).not.toContain(span.shade);
        expect(reportCss).toContain(`.span.${span.shade} { ${span.css} }`);
        expect(m.spans.some((s) => s[3] === span.shade)).toBe(true);
      }
    });

    it('tells the liveness checker what to wait for after it', () => {
      // tickTime 100 ms, initLimit 3, syncLimit 2: the bound is 21 000 ms; nobody ever leads here.
      const h = new History(new LivenessChecker({ voters: servers, tickTime: 100, initLimit: 3, syncLimit: 2 }));
      for (const s of servers) h.start(`s${s}`);
      const { at: _at, type: what, ...fields } = example(k);
      h.at(1000).ev(undefined, 'fault', { what, ...fields });
      const fires = (ms: number) => {
        h.at(ms).ev('x1', 'timer', { tag: 'tick' }); // time passes (a timer of a node outside the ensemble)
        return h.messages().length > 0;
      };
      const w = k.liveness;
      if (w.effect === 'cuts') {
        expect(fires(60_000)).toBe(false); // cut until a heal
      } else if (w.effect === 'stalls') {
        const until = 1000 + w.ms({ ...fields, type: what } as never);
        expect(fires(until + 20_999)).toBe(false);
        expect(fires(until + 21_001)).toBe(true);
      } else if (w.effect === 'slows') {
        const slow = w.link({ ...fields, type: what } as never).delayMs >= 100;
        expect(fires(22_001)).toBe(!slow);
      } else if (w.effect === 'drifts') {
        // the bound counts from it, stretched by a clock it slows (the sample's rate)
        const drift = w.clock({ ...fields, type: what } as never)?.drift ?? 0;
        const bound = 21_000 / (1 + Math.min(0, drift));
        expect(fires(1000 + bound - 1)).toBe(false);
        expect(fires(1000 + bound + 1)).toBe(true);
      } else {
        // disturbs, heals: the bound counts from it
        expect(fires(21_999)).toBe(false);
        expect(fires(22_001)).toBe(true);
      }
    });

    it('a bad field, an unknown field: one line naming the field', () => {
      const ex = example(k);
      for (const field of ownFields(ex))
        expectPlanError(
          JSON.stringify({ faults: [{ ...ex, [field]: true }] }),
          new RegExp(`^fault plan faults\\[0\\]\\.${field}: `),
        );
      expectPlanError(
        JSON.stringify({ faults: [{ ...ex, bogus: 1 }] }),
        /^fault plan faults\[0\]: Unrecognized key: "bogus"/,
      );
      expectPlanError(
        JSON.stringify({ faults: [{ ...ex, at: undefined }] }),
        /^fault plan faults\[0\]\.at: needs either 'at' \(ms\) or 'on' \(a trigger\), not both/,
      );
    });
  });

  it('an unknown or missing kind: one line naming the field and every kind', () => {
    const known = kinds.map((k) => k.type).join(' ');
    expectPlanError(
      '{"faults": [{"type": "heal", "at": 1}, {"type": "explode", "at": 1}]}',
      new RegExp(`^fault plan faults\\[1\\]\\.type: unknown fault kind "explode" \\(known: ${known}\\)$`),
    );
    expectPlanError('{"faults": [{"at": 1}]}', /^fault plan faults\[0\]\.type: missing: a fault needs a type \(crash /);
  });

  it('a server outside the ensemble names the field it is in', () => {
    expectPlanError(
      '{"faults": [{"type": "partition", "at": 1, "groups": [[1], [2, 9]]}]}',
      /^fault plan faults\[0\]\.groups\[1\]\[1\]: server 9 is not in the ensemble \(1,2,3\)$/,
    );
    expectPlanError(
      '{"faults": [{"type": "one-way", "at": 1, "from": [1], "to": [4]}]}',
      /^fault plan faults\[0\]\.to\[0\]: server 4 /,
    );
    expectPlanError(
      '{"faults": [{"type": "latency", "at": 1, "servers": [1, 5], "latencyMs": 3}]}',
      /^fault plan faults\[0\]\.servers\[1\]: server 5 /,
    );
  });

  it('the CLI lists every kind: zksim list faults, and the usage of --faults', async () => {
    const list = await zksim('list', 'faults', '--json');
    expect(JSON.parse(list.out)).toEqual(kinds.map((k) => ({ type: k.type, summary: k.summary })));
    const help = (await zksim('help', 'run')).out;
    const usage = help.slice(help.indexOf('--faults FILE'), help.indexOf('--bug '));
    for (const k of kinds) expect(usage.split(/\s+/)).toContain(k.type);
  });
});
