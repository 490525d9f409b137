// The determinism self-check (as FoundationDB's unseed check and madsim's CHECK_DETERMINISM):
// run a seed a second time and compare trace hashes; on a mismatch, run both again traced and
// name the first event where they part.
import type { Scenario, SeedlessOptions } from './scenario.ts';
import { type RunResult, runScenario } from './runner.ts';

export type RunSpec = SeedlessOptions & { scenario: Scenario; seed: number };

/** Where two runs of the same seed part: the first event whose canonical line differs. */
export function firstDivergence(spec: RunSpec): string {
  const lines = (): string[] => {
    const out: string[] = [];
    runScenario({ ...spec, traceSink: (l) => out.push(l) });
    return out;
  };
  const a = lines();
  const b = lines();
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `event ${i}: ${a[i]?.slice(0, 160) ?? '(none)'} vs ${b[i]?.slice(0, 160) ?? '(none)'}`;
  }
  return 'no divergence when traced (the untraced runs differed)';
}

/** Re-run `spec` and compare with its first result: undefined when the trace hashes agree. */
export function recheck(spec: RunSpec, first: RunResult): string | undefined {
  const again = runScenario(spec).result;
  if (again.traceHash === first.traceHash) return undefined;
  return `trace hash ${first.traceHash} then ${again.traceHash}; ${firstDivergence(spec)}`;
}
