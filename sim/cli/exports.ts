// --report DIR, --shiviz FILE, --mermaid FILE (on run and replay): collect the run's events
// through runScenario's onEvent, and write the HTML report, the ShiViz log and the Mermaid
// diagram when the run is over. Paths are checked before the run; files are written to a
// temporary name and renamed.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ReportModelBuilder } from '../../reports/html/model.ts';
import { type ReportInfo, reportHtml } from '../../reports/html/page.ts';
import { mermaidOf } from '../../reports/mermaid.ts';
import { SHIVIZ_REGEX, ShiVizExport } from '../../reports/shiviz.ts';
import type { RunResult } from '../harness/runner.ts';
import type { TraceEvent } from '../engine/trace.ts';
import { type FlagTable, UsageError, flag, intFlag, pathFlag } from './args.ts';
import { checkMakeableDir, checkWritable, writeAtomic } from './files.ts';

const windowFlag = z
  .string()
  .regex(/^\d+(\.\d+)?\.\.\d+(\.\d+)?$/, 'expected a simulated time window in ms, like 10000..20000')
  .transform((s) => s.split('..').map(Number) as [number, number])
  .refine(([a, b]) => a <= b, 'the window must not end before it starts');

const typesFlag = z
  .string()
  .regex(/^[\w.-]+(,[\w.-]+)*$/, 'expected message types separated by commas, like PROPOSAL,ACK,COMMIT')
  .transform((s) => s.split(','));

export const exportFlags: FlagTable = {
  report: flag(
    pathFlag,
    'DIR',
    'write DIR/report.html: summary, checker verdicts, a space-time diagram (zoom, filters, the violation highlighted), per-server tracks',
  ),
  shiviz: flag(pathFlag, 'FILE', `the trace as a ShiViz log with vector clocks (ShiViz regex: ${SHIVIZ_REGEX})`),
  mermaid: flag(pathFlag, 'FILE', 'a Mermaid sequenceDiagram of the messages'),
  'mermaid-window': flag(windowFlag, 'A..B', 'with --mermaid: only this simulated time window, ms'),
  'mermaid-types': flag(typesFlag, 'T1,T2', 'with --mermaid: only these message types'),
  'mermaid-max': flag(intFlag(1, 100_000), 'N', 'with --mermaid: at most N messages (default 300)'),
};

/** The ShiViz hint printed after writing a ShiViz log. */
export const shivizHint = (file: string) => `  ShiViz log: ${file} (parse it with the regex ${SHIVIZ_REGEX})`;

export class RunExports {
  private readonly model?: ReportModelBuilder;
  private readonly shiviz?: ShiVizExport;
  readonly onEvent?: (ev: TraceEvent) => void;

  /** Checks the paths (bad ones: UsageError) and sets up the collectors the flags ask for. */
  constructor(private readonly f: Record<string, unknown>) {
    if (f.report) checkMakeableDir('--report', f.report as string);
    if (f.shiviz) checkWritable('--shiviz', f.shiviz as string);
    if (f.mermaid) checkWritable('--mermaid', f.mermaid as string);
    for (const sub of ['mermaid-window', 'mermaid-types', 'mermaid-max']) {
      if (f[sub] !== undefined && !f.mermaid) throw new UsageError(`--${sub} needs --mermaid FILE`);
    }
    if (f.report || f.mermaid) this.model = new ReportModelBuilder();
    if (f.shiviz) this.shiviz = new ShiVizExport();
    const fns = [this.model?.onEvent, this.shiviz?.onEvent].filter(
      (x): x is (ev: TraceEvent) => void => x !== undefined,
    );
    if (fns.length === 1) this.onEvent = fns[0];
    else if (fns.length === 2)
      this.onEvent = (ev) => {
        fns[0]!(ev);
        fns[1]!(ev);
      };
  }

  /** Write what was asked for; returns lines to print (where the files are). */
  write(result: RunResult, info: Omit<ReportInfo, 'result'>): string[] {
    const lines: string[] = [];
    const f = this.f;
    if (this.model) {
      const model = this.model.finish(result.violations, Math.round(result.simTimeMs * 1000));
      if (f.report) {
        const dir = f.report as string;
        if (!existsSync(dir)) mkdirSync(dir);
        const file = join(dir, 'report.html');
        writeAtomic(file, reportHtml({ ...info, result }, model));
        lines.push(`  report: ${file}`);
      }
      if (f.mermaid) {
        const w = f['mermaid-window'] as [number, number] | undefined;
        const text = mermaidOf(model, {
          ...(w ? { fromMs: w[0], toMs: w[1] } : {}),
          ...(f['mermaid-types'] ? { types: f['mermaid-types'] as string[] } : {}),
          ...(f['mermaid-max'] ? { max: f['mermaid-max'] as number } : {}),
        });
        writeAtomic(f.mermaid as string, text);
        lines.push(`  mermaid: ${f.mermaid}`);
      }
    }
    if (this.shiviz) {
      writeAtomic(f.shiviz as string, this.shiviz.text());
      lines.push(shivizHint(f.shiviz as string));
    }
    return lines;
  }
}

/** The command line as one would type it again (arguments with spaces quoted). */
export function commandLine(parts: readonly string[]): string {
  return ['npx', 'zksim', ...parts]
    .map((p) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
