// A walkthrough's steps, put into words by a phrasebook, as plain text (a terminal, the
// golden files), Markdown, or one self-contained HTML page (inline style, no script, no
// network).
import type { Phase, Step } from './steps.ts';

export type Lang = 'en' | 'zh';
export type Format = 'text' | 'md' | 'html';

/** What the run ended with, for the closing lines. */
export interface RunSummary {
  name: string;
  seed: number;
  /** Voting servers and observers of the ensemble. */
  voters: number[];
  observers: number[];
  leader: number | null;
  epoch: number | null;
  /** server id → looking / following / leading / observing / down */
  roles: Record<string, string>;
  ok: boolean;
  violations: { checker: string; message: string }[];
  checkers: number;
  traceHash: string;
  events: number;
  simTimeMs: number;
  /** What the docs say this run should end with, when they say it. */
  docs?: { leader: number; where: string };
}

export interface Phrasebook {
  lang: Lang;
  title(name: string, s: RunSummary): string;
  /** The setup, in the docs' words (what the run is; the steps tell what happened). */
  intro(name: string, s: RunSummary): string[];
  phase(p: Phase): string;
  step(s: Step): string;
  /** The closing lines: roles, the docs' claim against the run, checkers, trace hash. */
  result(s: RunSummary): string[];
  headings: { time: string; phase: string; step: string; result: string; colon: string };
}

export const secs = (us: number): string => `${(us / 1e6).toFixed(3)} s`;

export function render(
  format: Format,
  book: Phrasebook,
  name: string,
  steps: readonly Step[],
  summary: RunSummary,
): string {
  if (format === 'md') return renderMarkdown(book, name, steps, summary);
  if (format === 'html') return renderHtml(book, name, steps, summary);
  return renderText(book, name, steps, summary);
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));

/** The steps as text lines: time, phase, what happens. */
export function stepLines(book: Phrasebook, steps: readonly Step[]): string[] {
  const phaseWidth = Math.max(
    ...(['process', 'fault', 'election', 'discovery', 'sync', 'broadcast', 'client'] as Phase[]).map((p) =>
      width(book.phase(p)),
    ),
  );
  return steps.map((s) => `${secs(s.t).padStart(10)}  ${pad(book.phase(s.phase), phaseWidth)}  ${book.step(s)}`);
}

export function renderText(book: Phrasebook, name: string, steps: readonly Step[], summary: RunSummary): string {
  const lines: string[] = [book.title(name, summary), ''];
  for (const p of book.intro(name, summary)) lines.push(p);
  lines.push('');
  lines.push(...stepLines(book, steps));
  lines.push('');
  lines.push(`${book.headings.result}${book.headings.colon}`);
  for (const l of book.result(summary)) lines.push(`  ${l}`);
  return `${lines.join('\n')}\n`;
}

const mdCell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(book: Phrasebook, name: string, steps: readonly Step[], summary: RunSummary): string {
  const lines: string[] = [`# ${book.title(name, summary)}`, ''];
  for (const p of book.intro(name, summary)) lines.push(p, '');
  lines.push(`| ${book.headings.time} | ${book.headings.phase} | ${book.headings.step} |`, '|---:|---|---|');
  for (const s of steps) lines.push(`| ${secs(s.t)} | ${mdCell(book.phase(s.phase))} | ${mdCell(book.step(s))} |`);
  lines.push('', `## ${book.headings.result}`, '');
  for (const l of book.result(summary)) lines.push(`- ${l}`);
  return `${lines.join('\n')}\n`;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const phaseColor: Record<Phase, string> = {
  process: '#eef1f5',
  fault: '#fde2e1',
  election: '#fff6d6',
  discovery: '#e4f1ff',
  sync: '#e3f7e8',
  broadcast: '#f0e8ff',
  client: '#f4f4f4',
};

export function renderHtml(book: Phrasebook, name: string, steps: readonly Step[], summary: RunSummary): string {
  const rows = steps
    .map(
      (s) =>
        `<tr class="${s.phase}"><td class="t">${esc(secs(s.t))}</td><td class="p">${esc(book.phase(s.phase))}</td><td>${esc(book.step(s))}</td></tr>`,
    )
    .join('\n');
  const css = [
    'body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222;line-height:1.45}',
    'table{border-collapse:collapse;width:100%}td,th{padding:.25em .6em;vertical-align:top;border-bottom:1px solid #ddd;text-align:left}',
    'td.t{white-space:nowrap;font-variant-numeric:tabular-nums;text-align:right;color:#555}td.p{white-space:nowrap;color:#555}',
    ...Object.entries(phaseColor).map(([p, c]) => `tr.${p}{background:${c}}`),
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${book.lang === 'zh' ? 'zh-CN' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<title>${esc(book.title(name, summary))}</title>`,
    `<style>\n${css}\n</style>`,
    '</head>',
    '<body>',
    `<h1>${esc(book.title(name, summary))}</h1>`,
    ...book.intro(name, summary).map((p) => `<p>${esc(p)}</p>`),
    `<table>\n<thead><tr><th>${esc(book.headings.time)}</th><th>${esc(book.headings.phase)}</th><th>${esc(book.headings.step)}</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`,
    `<h2>${esc(book.headings.result)}</h2>`,
    `<ul>\n${book
      .result(summary)
      .map((l) => `<li>${esc(l)}</li>`)
      .join('\n')}\n</ul>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
