// The Mermaid export is a well-formed sequenceDiagram: participants declared first, one
// arrow per message (lost ones `-x`), notes for role changes and faults, nothing Mermaid
// would misparse in a label; the window, type filter and cap do what they say.
import { describe, expect, it } from 'vitest';
import { type ReportModel, ReportModelBuilder } from '../../reports/html/model.ts';
import { mermaidOf } from '../../reports/mermaid.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

function model(opts: Parameters<typeof runScenario>[0]): ReportModel {
  const b = new ReportModelBuilder();
  const { result } = runScenario({ ...opts, onEvent: b.onEvent });
  return b.finish(result.violations, result.simTimeMs * 1000);
}

const ARROW = /^ {4}(\w+)(->>|-x)(\w+): ([^;#:\n]+)$/;
const NOTE = /^ {4}Note over (\w+)(?:,(\w+))?: ([^;#:\n]+)$/;
const PARTICIPANT = /^ {4}participant (\w+)$/;

/** Checks the text line by line; returns the arrows. */
function wellFormed(text: string): { from: string; to: string; label: string; lost: boolean }[] {
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('sequenceDiagram');
  const declared = new Set<string>();
  const arrows: { from: string; to: string; label: string; lost: boolean }[] = [];
  let body = false;
  for (const line of lines.slice(1)) {
    const p = PARTICIPANT.exec(line);
    if (p) {
      expect(body, `participant after the first message: ${line}`).toBe(false);
      declared.add(p[1]!);
      continue;
    }
    body = true;
    const a = ARROW.exec(line);
    const n = NOTE.exec(line);
    expect(a ?? n, `not a Mermaid sequence line: ${line}`).not.toBeNull();
    for (const who of a ? [a[1], a[3]] : [n![1], n![2]])
      if (who) expect(declared.has(who), `undeclared ${who}`).toBe(true);
    if (a) arrows.push({ from: a[1]!, to: a[3]!, label: a[4]!, lost: a[2] === '-x' });
  }
  return arrows;
}

describe('Mermaid export', () => {
  const fs3 = model({ scenario: scenarioNamed('first-start'), seed: 1, servers: 3 });

  it('a 3-server first start: participants s1..s3, the election and Zab handshake as arrows', () => {
    const text = mermaidOf(fs3, { max: 10_000 });
    const arrows = wellFormed(text);
    expect(text).toContain('    participant s1\n    participant s2\n    participant s3\n');
    expect(arrows.length).toBe(fs3.msgs.length);
    expect(arrows.filter((a) => a.label === 'notification').length).toBe(9);
    const kinds = arrows.map((a) => a.label);
    for (const t of ['FOLLOWERINFO', 'LEADERINFO', 'ACKEPOCH', 'NEWLEADER', 'UPTODATE']) expect(kinds).toContain(t);
    expect(kinds.indexOf('FOLLOWERINFO')).toBeLessThan(kinds.indexOf('LEADERINFO'));
    expect(text).toMatch(/Note over s2: LEADING/);
  });

  it('the type filter and the time window keep only what they name', () => {
    const arrows = wellFormed(mermaidOf(fs3, { types: ['notification', 'LEADERINFO'] }));
    // (a notification lost on a connection QuorumCnxManager hung up is labelled so)
    expect(new Set(arrows.map((a) => a.label.replace(/ \(lost\)$/, '')))).toEqual(
      new Set(['notification', 'LEADERINFO']),
    );
    const windowed = wellFormed(mermaidOf(fs3, { fromMs: 5000, toMs: 7000, max: 10_000 }));
    const expected = fs3.msgs.filter((m) => m[5] >= 5_000_000 && m[5] <= 7_000_000).length;
    expect(windowed.length).toBe(expected);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(fs3.msgs.length);
  });

  it('a huge run is capped, with a note saying how many were left out', () => {
    const text = mermaidOf(fs3, { max: 20 });
    const arrows = wellFormed(text);
    expect(arrows.length).toBe(20);
    expect(text).toContain(`${fs3.msgs.length - 20} more messages not shown (cap 20)`);
  });

  it('a faults run: lost messages are -x arrows, faults are notes, and it stays well formed', () => {
    const f3 = model({ scenario: scenarioNamed('faults'), seed: 3, servers: 3, bugs: ['ZK-3911'] });
    const text = mermaidOf(f3, { max: 100_000 });
    const arrows = wellFormed(text);
    expect(arrows.length).toBe(f3.msgs.length);
    expect(arrows.filter((a) => a.lost).length).toBe(f3.msgs.filter((m) => m[1] < 0).length);
    expect(arrows.some((a) => a.lost)).toBe(true);
    expect(text).toMatch(/Note over s1,c3: partition \{2\} \| \{3,1\}/);
  });
});
