// The report's static SVG: per-server tracks of role, epoch and last zxid over simulated
// time (with partitions and the violation marked), and the shell of the space-time diagram
// that the inline script fills with the visible window.
import { epochOf, zxidHex } from '../../protocol/zxid.ts';
import type { ReportModel, TrackRow } from './model.ts';

export const roleColors: Record<string, string> = {
  looking: '#f2c94c',
  following: '#6fcf97',
  leading: '#2d9cdb',
  observing: '#bb6bd9',
  starting: '#e6e6e6',
  down: '#9e9e9e',
};

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const secs = (us: number) => `${(us / 1e6).toFixed(3)} s`;

const W = 1200;
const LEFT = 70;
const ROW = 14;
const ZROW = 24;
const GROUP = 2 * (ROW + 2) + ZROW + 12;

/** Consecutive rows with the same value of `pick`, as [fromUs, toUs, value]. */
function segments(
  rows: TrackRow[],
  endUs: number,
  pick: (r: TrackRow) => string | number,
): [number, number, string | number][] {
  const out: [number, number, string | number][] = [];
  for (let j = 0; j < rows.length; j++) {
    const v = pick(rows[j]!);
    const from = rows[j]![0];
    const prev = out[out.length - 1];
    if (prev && prev[2] === v) continue;
    if (prev) prev[1] = from;
    out.push([from, endUs, v]);
  }
  return out;
}

export function tracksSvg(model: ReportModel): string {
  const servers = model.lanes.map((n, j) => ({ n, rows: model.tracks[j]! })).filter((s) => s.rows.length > 0);
  const end = Math.max(1, model.endUs);
  const xs = (us: number) => LEFT + (us / end) * (W - LEFT - 10);
  const h = servers.length * GROUP + 30;
  // The zxid row plots each server's last zxid by its rank among every zxid of the run, so a
  // new epoch is a step up, a lagging replica sits below, and a truncation steps down.
  const zxids = [...new Set(servers.flatMap((s) => s.rows.map((r) => r[4])))].sort((a, b) => a - b);
  const rankOf = new Map(zxids.map((z, j) => [z, zxids.length > 1 ? j / (zxids.length - 1) : 0]));
  const parts: string[] = [];
  parts.push(
    `<svg id="tracks" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="100%" data-end-us="${end}" data-left="${LEFT}" data-right="${W - 10}" data-w="${W}">`,
  );
  for (const [a, b, lane, kind, label, ta, tb] of model.spans) {
    if (lane !== -1) continue;
    parts.push(
      `<rect class="t-span ${kind}" x="${xs(ta).toFixed(1)}" y="0" width="${Math.max(1, xs(tb) - xs(ta)).toFixed(1)}" height="${h - 24}"><title>${esc(label)} (events ${a}–${b})</title></rect>`,
    );
  }
  servers.forEach((s, k) => {
    const y0 = 4 + k * GROUP;
    parts.push(`<g class="track" data-node="${s.n}"><text x="4" y="${y0 + ROW + 8}" class="t-name">${s.n}</text>`);
    const rows: [string, (r: TrackRow) => string | number, (v: string | number) => string][] = [
      ['role', (r) => r[2], (v) => String(v)],
      ['epoch', (r) => r[3], (v) => `epoch ${v}`],
    ];
    const zy = y0 + 2 * (ROW + 2);
    parts.push(
      `<text x="${LEFT - 4}" y="${zy + 14}" class="t-row">zxid</text>`,
      zxidStaircase(s.n, s.rows, xs, zy, rankOf, end),
    );
    rows.forEach(([what, pick, text], r) => {
      const y = y0 + r * (ROW + 2);
      parts.push(`<text x="${LEFT - 4}" y="${y + ROW - 3}" class="t-row">${what}</text>`);
      let alt = 0;
      for (const [a, b, v] of segments(s.rows, end, pick)) {
        const x = xs(a);
        const w = Math.max(0.4, xs(b) - x);
        const fill = what === 'role' ? (roleColors[v as string] ?? '#ccc') : alt++ % 2 ? '#d6e4f0' : '#eef3f8';
        parts.push(
          `<rect class="t-${what}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(2)}" height="${ROW}" fill="${fill}"><title>${s.n} ${esc(text(v))} from ${secs(a)} to ${secs(b)}</title></rect>`,
        );
        const label = what === 'role' ? String(v) : what === 'epoch' ? `e${v}` : text(v);
        if (w > label.length * 6 + 4)
          parts.push(`<text class="t-label" x="${(x + 2).toFixed(1)}" y="${y + ROW - 3}">${esc(label)}</text>`);
      }
    });
    parts.push('</g>');
  });
  if (model.violation) {
    const x = xs(model.violation.t).toFixed(1);
    parts.push(
      `<line class="t-violation" x1="${x}" x2="${x}" y1="0" y2="${h - 22}"><title>${esc(model.violation.checker)}: ${esc(model.violation.message)}</title></line>`,
    );
  }
  const step = niceStep(end / 8);
  for (let t = 0; t <= end; t += step)
    parts.push(
      `<text class="t-tick" x="${xs(t).toFixed(1)}" y="${h - 6}">${(t / 1e6).toFixed(step < 1e6 ? 1 : 0)} s</text>`,
    );
  parts.push('</svg>');
  return parts.join('\n');
}

function zxidStaircase(
  node: string,
  rows: TrackRow[],
  xs: (us: number) => number,
  y: number,
  rankOf: Map<number, number>,
  end: number,
): string {
  const yOf = (z: number) => (y + ZROW - 2 - rankOf.get(z)! * (ZROW - 4)).toFixed(1);
  let d = '';
  let last: number | undefined;
  const labels: string[] = [];
  let labelEnd = -Infinity;
  rows.forEach((r, j) => {
    const x = xs(r[0]).toFixed(1);
    d += j === 0 ? `M${x},${yOf(r[4])}` : `H${x}V${yOf(r[4])}`;
    const epochChanged = last !== undefined && epochOf(r[4]) !== epochOf(last);
    if ((j === 0 || epochChanged || j === rows.length - 1) && xs(r[0]) > labelEnd) {
      labels.push(
        `<text class="t-label" x="${Math.min(xs(r[0]) + 2, W - 12 - zxidHex(r[4]).length * 6).toFixed(1)}" y="${y + 10}">${zxidHex(r[4])}</text>`,
      );
      labelEnd = xs(r[0]) + 70;
    }
    last = r[4];
  });
  d += `H${xs(end).toFixed(1)}`;
  const final = rows.length > 0 ? zxidHex(rows[rows.length - 1]![4]) : '0x0';
  return `<rect class="t-zxid" x="${xs(0).toFixed(1)}" y="${y}" width="${(xs(end) - xs(0)).toFixed(1)}" height="${ZROW}" fill="#f3f6f9"><title>${node}: last logged zxid over time (ends at ${final})</title></rect><path class="t-zxid-line" d="${d}"/>${labels.join('')}`;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** The diagram's SVG: defs and empty layers; the inline script draws the visible window. */
export function diagramShell(): string {
  return [
    '<svg id="diagram" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="space-time diagram">',
    '<defs><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="8" fill="#f4a3a3" fill-opacity="0.35"/></pattern>',
    '<pattern id="hatch-down" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="3" height="6" fill="#777" fill-opacity="0.35"/></pattern></defs>',
    '<g id="world"><g id="l-bg"></g><g id="l-spans"></g><g id="l-lanes"></g><g id="l-msgs"></g><g id="l-marks"></g><g id="l-hl"></g><g id="l-ruler"></g><g id="l-labels"></g></g>',
    '</svg>',
  ].join('');
}
