// A run as a Mermaid sequenceDiagram, for Markdown: a participant per node, an arrow per
// message in send order (`-x` for one never received), role changes and faults as notes.
// A time window and a message-type filter pick what to show; past `max` messages the
// diagram ends with a note saying how many were left out.
import type { ReportModel } from './html/model.ts';

export interface MermaidOptions {
  /** Simulated ms: messages sent in [fromMs, toMs]. */
  fromMs?: number;
  toMs?: number;
  /** Only these message types. */
  types?: readonly string[];
  /** At most this many arrows (default 300). */
  max?: number;
}

export const MERMAID_DEFAULT_MAX = 300;

/** Text safe in a Mermaid message or note: no `;`, `#`, `:` or newlines that it would parse. */
function clean(s: string): string {
  return s
    .replace(/[;#:\r\n]+/g, ' ')
    .replace(/[<>]/g, '')
    .trim();
}

export function mermaidOf(model: ReportModel, opts: MermaidOptions = {}): string {
  const from = (opts.fromMs ?? -Infinity) * 1000;
  const to = (opts.toMs ?? Infinity) * 1000;
  const max = opts.max ?? MERMAID_DEFAULT_MAX;
  const types = opts.types ? new Set(opts.types) : undefined;
  const lanes = model.lanes;
  const items: [number, string][] = [];
  let shown = 0;
  let omitted = 0;
  for (const m of model.msgs) {
    if (m[5] < from || m[5] > to) continue;
    if (types && !types.has(model.types[m[4]]!)) continue;
    if (shown >= max) {
      omitted++;
      continue;
    }
    shown++;
    const arrow = m[1] >= 0 ? '->>' : '-x';
    const label = `${model.types[m[4]]}${m[1] >= 0 ? '' : ' (lost)'}`;
    items.push([m[0], `    ${lanes[m[2]]}${arrow}${lanes[m[3]]}: ${clean(label)}`]);
  }
  const lastShown = items.length > 0 ? items[items.length - 1]![0] : -1;
  for (const k of model.marks) {
    if (k[1] < from || k[1] > to) continue;
    if (k[3] !== 'role' && k[3] !== 'fault' && k[3] !== 'proc') continue;
    if (omitted > 0 && k[0] > lastShown) continue;
    const over = k[2] === -1 ? `${lanes[0]},${lanes[lanes.length - 1]}` : lanes[k[2]]!;
    items.push([k[0], `    Note over ${over}: ${clean(k[4])}`]);
  }
  items.sort((a, b) => a[0] - b[0]);
  const lines = ['sequenceDiagram', ...lanes.map((n) => `    participant ${n}`), ...items.map(([, l]) => l)];
  if (omitted > 0)
    lines.push(
      `    Note over ${lanes[0]},${lanes[lanes.length - 1]}: ${omitted} more messages not shown (cap ${max}) - narrow the time window or the message types`,
    );
  if (shown === 0 && lanes.length > 0) lines.push(`    Note over ${lanes[0]}: no messages in this window`);
  return `${lines.join('\n')}\n`;
}
