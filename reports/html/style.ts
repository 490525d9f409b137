// The report's inline stylesheet; the shading of fault spans is each fault kind's (sim/faults/kinds/).
import { FAULT_KINDS } from '../../sim/faults/registry.ts';

const faultSpanCss = FAULT_KINDS.flatMap((k) =>
  k.report.span ? [`.span.${k.report.span.shade} { ${k.report.span.css} }`] : [],
).join('\n');

export const reportCss = `
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 16px 20px; color: #222; }
h1 { font-size: 20px; margin: 0 0 10px; } h2 { font-size: 16px; margin: 18px 0 6px; }
code { font: 12px ui-monospace, monospace; background: #f3f3f3; padding: 1px 4px; border-radius: 3px; }
table { border-collapse: collapse; } th, td { text-align: left; padding: 2px 10px 2px 0; vertical-align: top; }
ul.checkers { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px; font-size: 12px; }
ul.checkers li { border: 1px solid #cfe8d6; background: #f1faf3; border-radius: 10px; padding: 1px 8px; }
ul.checkers li.pass b { color: #1b7f3b; font-weight: normal; }
ul.checkers li.fail { border-color: #c62828; background: #fdecea; } ul.checkers li.fail b { color: #c62828; }
table.violations { margin-top: 6px; } table.violations td, table.violations th { border-bottom: 1px solid #eee; padding: 2px 10px; font-size: 13px; }
.ok { color: #1b7f3b; } .bad { color: #c62828; }
.note { color: #666; font-size: 12px; margin: 4px 0; }
.violation-box { border: 2px solid #c62828; background: #fdecea; padding: 8px 10px; border-radius: 4px; }
.filters { font-size: 12px; display: grid; gap: 4px; margin: 6px 0; }
.chip { display: inline-block; border: 1px solid #ddd; border-radius: 10px; padding: 0 6px; margin: 1px; white-space: nowrap; }
.chip small { color: #888; }
.filters input[type=number] { width: 90px; }
.toolbar { margin: 4px 0; font-size: 12px; } .toolbar button { min-width: 28px; }
#scroller { overflow-x: auto; overflow-y: hidden; border: 1px solid #ccc; position: relative; background: #fff; }
#spacer { position: relative; min-height: 60px; }
#diagram { position: absolute; top: 0; left: 0; font: 10px ui-monospace, monospace; }
#detail { background: #f7f7f7; border: 1px solid #e3e3e3; padding: 6px; font-size: 12px; white-space: pre-wrap; min-height: 2.8em; margin: 6px 0; }
.lane-line { stroke: #555; stroke-width: 1; }
.role-bg { opacity: 0.45; }
.lane-tag { fill: #fff; stroke: #999; rx: 3; }
.lane-name { font: bold 12px ui-monospace, monospace; fill: #222; }
.msg { stroke-width: 1.3; } .msg:hover { stroke-width: 3; cursor: pointer; }
.msg.lost { stroke-dasharray: 4 3; }
.lost-x { font-size: 14px; fill: #c62828; }
.msg-label { font-size: 9px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.mark circle, .mark rect { fill: #fff; stroke: #333; stroke-width: 1.2; cursor: pointer; }
.mark.role rect { fill: #333; } .mark.epoch circle { fill: #2d9cdb; }
.mark.proc circle { fill: #c62828; stroke: #c62828; }
.mark.recipe circle { fill: #2e7d32; stroke: #2e7d32; } .span.holds { fill: #81c784; fill-opacity: 0.4; }
.mark-label { font-size: 9px; fill: #333; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.fault-line { stroke: #c62828; stroke-dasharray: 2 3; } .fault-label { fill: #c62828; }
.span.down { fill: url(#hatch-down); } .span.paused { fill: #ffe08a; fill-opacity: 0.45; }
${faultSpanCss}
.span-label { font-size: 9px; fill: #8a1c1c; }
.tick { stroke: #eee; pointer-events: none; }
.tick-label, .msg-label, .span-label, .mark-label, .role-bg, .lane-line, .lost-x, .violation-label { pointer-events: none; } .tick-label { font-size: 9px; fill: #777; }
.violation line { stroke: #c62828; stroke-width: 3; } .violation circle { fill: none; stroke: #c62828; stroke-width: 3; }
.violation-label { font: bold 11px system-ui, sans-serif; fill: #c62828; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
#tracks { max-width: 1400px; font: 10px ui-monospace, monospace; cursor: crosshair; }
.t-name { font: bold 12px ui-monospace, monospace; } .t-row { text-anchor: end; fill: #666; }
.t-label { font-size: 9px; fill: #222; pointer-events: none; } .t-tick { fill: #777; text-anchor: middle; }
.t-zxid-line { fill: none; stroke: #2d6a9f; stroke-width: 1.2; pointer-events: none; }
.t-span { fill: #f4a3a3; fill-opacity: 0.25; } .t-violation { stroke: #c62828; stroke-width: 2; }
.legend span { margin-right: 12px; font-size: 12px; } .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; opacity: 0.7; }
`;
