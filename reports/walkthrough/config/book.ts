// What the configuration center's walkthrough phrasebooks (en.ts, zh.ts) say, and how it is laid
// out: the recipe in the seed's words and the story, the steps of one real run, its result (what
// each subscriber ended on, the checkers' verdict), and what the run shows.
import type { ConfigStep } from './steps.ts';

export interface ConfigRunSummary {
  seed: number;
  ok: boolean;
  violations: { checker: string; message: string }[];
  /** Each subscriber's last read (client, value, version), and the last write's value and version. */
  ends: { client: string; value: string | null; version: number }[];
  last: { value: string; version: number } | undefined;
  traceHash: string;
  events: number;
  simTimeMs: number;
}

export interface ConfigBook {
  lang: 'en' | 'zh';
  title(seed: number): string;
  intro(): string[];
  step(s: ConfigStep): string;
  result(r: ConfigRunSummary): string[];
  outro(): string[];
  headings: { time: string; step: string; result: string; colon: string };
}

export const secs = (us: number): string => `${(us / 1e6).toFixed(3)} s`;

export function renderConfigText(book: ConfigBook, steps: readonly ConfigStep[], r: ConfigRunSummary): string {
  const lines: string[] = [book.title(r.seed), ''];
  for (const p of book.intro()) lines.push(p, '');
  for (const s of steps) lines.push(`${secs(s.t).padStart(10)}  ${book.step(s)}`);
  lines.push('', `${book.headings.result}${book.headings.colon}`);
  for (const l of book.result(r)) lines.push(`  ${l}`);
  lines.push('');
  for (const p of book.outro()) lines.push(p, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

const mdCell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderConfigMarkdown(book: ConfigBook, steps: readonly ConfigStep[], r: ConfigRunSummary): string {
  const lines: string[] = [`# ${book.title(r.seed)}`, ''];
  for (const p of book.intro()) lines.push(p, '');
  lines.push(`| ${book.headings.time} | ${book.headings.step} |`, '|---:|---|');
  for (const s of steps) lines.push(`| ${secs(s.t)} | ${mdCell(book.step(s))} |`);
  lines.push('', `## ${book.headings.result}`, '');
  for (const l of book.result(r)) lines.push(`- ${l}`);
  lines.push('');
  for (const p of book.outro()) lines.push(p, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderConfigHtml(book: ConfigBook, steps: readonly ConfigStep[], r: ConfigRunSummary): string {
  const rows = steps
    .map((s) => `<tr><td class="t">${esc(secs(s.t))}</td><td>${esc(book.step(s))}</td></tr>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${book.lang}"><head><meta charset="utf-8"><title>${esc(book.title(r.seed))}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}td{padding:.15em .6em;vertical-align:top}td.t{text-align:right;white-space:nowrap;color:#555}tr:nth-child(even){background:#f6f6f6}</style>
</head><body>
<h1>${esc(book.title(r.seed))}</h1>
${book
  .intro()
  .map((p) => `<p>${esc(p)}</p>`)
  .join('\n')}
<table><tr><th>${esc(book.headings.time)}</th><th>${esc(book.headings.step)}</th></tr>
${rows}
</table>
<h2>${esc(book.headings.result)}</h2>
<ul>${book
    .result(r)
    .map((l) => `<li>${esc(l)}</li>`)
    .join('')}</ul>
${book
  .outro()
  .map((p) => `<p>${esc(p)}</p>`)
  .join('\n')}
</body></html>
`;
}
