// The run report: one self-contained HTML file (inline CSS, SVG and script; nothing fetched)
// with the run's summary, every checker's verdict, the space-time diagram and the
// per-server tracks.
import { checkerNames } from '../../sim/checkers/index.ts';
import type { RunResult } from '../../sim/harness/runner.ts';
import type { ReportModel } from './model.ts';
import { reportScript } from './script.ts';
import { diagramShell, esc, roleColors, tracksSvg } from './svg.ts';
import { reportCss } from './style.ts';

export interface ReportInfo {
  result: RunResult;
  /** The command line that ran this (`npx zksim run ...`). */
  command: string;
  /** The command that replays it, when there is a replay file. */
  replayCommand?: string;
  /** For a replay: did it reproduce the recorded violation and trace hash? */
  reproduced?: boolean;
  /** The scenario's own checkers (a recipe's: sim/checkers/recipes/), after every run's. */
  ownCheckers?: readonly string[];
}

/** JSON safe inside <script>: no `</script>` or `<!--` can appear. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function summary(info: ReportInfo): string {
  const r = info.result;
  const rows: [string, string][] = [
    ['scenario', r.scenario],
    ['seed', String(r.seed)],
    ['command', `<code>${esc(info.command)}</code>`],
  ];
  if (info.replayCommand) rows.push(['replay', `<code>${esc(info.replayCommand)}</code>`]);
  if (info.reproduced !== undefined)
    rows.push([
      'reproduced',
      info.reproduced
        ? 'yes: the same violation and trace hash'
        : '<b class="bad">NO: the run diverged from the replay file</b>',
    ]);
  rows.push([
    'outcome',
    r.ok
      ? '<b class="ok">every checker passed</b>'
      : `<b class="bad">${r.violations.length} violation${r.violations.length === 1 ? '' : 's'}</b>`,
  ]);
  rows.push([
    'leader',
    `${r.leader ?? 'none'}${r.epoch !== null ? ` (epoch ${r.epoch})` : ''}; roles: ${Object.entries(r.roles)
      .map(([s, role]) => `${s} ${role}`)
      .join(', ')}`,
  ]);
  rows.push([
    'run',
    `${r.events} trace events, ${(r.simTimeMs / 1000).toFixed(3)} s simulated, stopped: ${r.stopReason}, trace hash <code>${r.traceHash}</code>`,
  ]);
  return `<table class="summary">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function checkers(info: ReportInfo): string {
  const r = info.result;
  const cut = r.stopReason === 'violation' || r.stopReason === 'condition';
  const verdicts = [...checkerNames, ...(info.ownCheckers ?? [])].map((name) => {
    const failed = r.violations.some((v) => v.checker === name);
    return `<li class="${failed ? 'fail' : 'pass'}" data-checker="${name}">${name}: <b>${failed ? 'VIOLATION' : 'pass'}</b></li>`;
  });
  const rows = r.violations.map(
    (v) =>
      `<tr><td>${esc(v.checker)}</td><td>${v.time.toFixed(3)} ms</td><td>${v.event}</td><td>${esc(v.message)}</td></tr>`,
  );
  const table =
    rows.length > 0
      ? `<table class="violations"><tr><th>checker</th><th>time</th><th>event</th><th>violation</th></tr>${rows.join('')}</table>`
      : '';
  const note = cut
    ? '<p class="note">The run stopped at the first violation: end-of-run checks (liveness and the like) did not run, so their "pass" covers the run up to there.</p>'
    : '';
  return `<ul class="checkers">${verdicts.join('')}</ul>${table}${note}`;
}

function filters(model: ReportModel): string {
  const counts = new Map<number, number>();
  for (const m of model.msgs) counts.set(m[4], (counts.get(m[4]) ?? 0) + 1);
  const types = model.types
    .map(
      (t, j) =>
        `<label class="chip"><input type="checkbox" class="f-type" data-type="${esc(t)}" checked> ${esc(t)} <small>${counts.get(j) ?? 0}</small></label>`,
    )
    .join(' ');
  const lanes = model.lanes
    .map(
      (n) =>
        `<label class="chip"><input type="checkbox" class="f-lane" data-node="${esc(n)}" checked> ${esc(n)}</label>`,
    )
    .join(' ');
  return `<div class="filters">
<div><b>messages</b> <button id="types-all" type="button">all</button><button id="types-none" type="button">none</button> ${types}</div>
<div><b>nodes</b> ${lanes}</div>
<div><b>time window</b> from <input id="f-from" type="number" step="any" placeholder="ms"> to <input id="f-to" type="number" step="any" placeholder="ms"> ms
<button id="window-apply" type="button">apply</button><button id="window-reset" type="button">reset</button></div>
</div>`;
}

export function reportHtml(info: ReportInfo, model: ReportModel): string {
  const r = info.result;
  const v = model.violation;
  const title = `zksim ${r.scenario} seed ${r.seed}${r.ok ? '' : ` — ${r.violations[0]!.checker} violation`}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${reportCss}</style></head>
<body>
<h1>${esc(title)}</h1>
${v ? `<div class="violation-box" id="violation-summary"><b>VIOLATION ${esc(v.checker)}</b> at event ${v.i} (${(v.t / 1e6).toFixed(6)} s${v.lane >= 0 ? `, on ${esc(model.lanes[v.lane]!)}` : ''}): ${esc(v.message)} <button id="goto-violation" type="button">show in diagram</button></div>` : ''}
<section><h2>Summary</h2>${summary(info)}</section>
<section><h2>Checkers</h2>${checkers(info)}</section>
<section id="diagram-section"><h2>Space-time diagram</h2>
<p class="note">One lane per node (coloured by role); an arrow per message from its send to its receipt (× : never received); ◆ role change, ● epoch or process event, green ● what a recipe's client believes (acquired, released, a write the resource rejected); shaded green: a client holds a lock or acts as master; shaded: down, paused, disk stalled (per lane) and partitions (every lane). One column per event, in trace order; the ruler gives simulated time and trace index. Wheel scrolls, ctrl+wheel zooms; click an arrow or mark for details.</p>
${filters(model)}
<div class="toolbar"><button id="zoom-out" type="button">−</button><button id="zoom-in" type="button">+</button><button id="zoom-fit" type="button">fit</button> <span id="zoom-level">14 px/event</span> · <span id="shown"></span> <span id="toomany" class="bad" hidden>too many arrows in view: zoom in or filter</span></div>
<div id="scroller"><div id="spacer">${diagramShell()}</div></div>
<pre id="detail">click an arrow or a mark</pre>
<div class="legend">${Object.entries(roleColors)
    .map(([role, c]) => `<span><i style="background:${c}"></i>${role}</span>`)
    .join(' ')}</div>
</section>
<section><h2>Per-server tracks</h2><p class="note">Role, current epoch and last logged zxid of each server over simulated time (click to show that moment in the diagram).</p>
${tracksSvg(model)}</section>
<script type="application/json" id="model">${scriptJson(model)}</script>
<script type="application/json" id="role-colors">${scriptJson(roleColors)}</script>
<script>${reportScript}</script>
</body></html>
`;
}
