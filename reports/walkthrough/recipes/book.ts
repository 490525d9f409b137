// What a recipe walkthrough's phrasebook (en.ts, zh.ts) says, and how a walkthrough is laid out:
// the recipe in the seed's words, then one real run of the story without fencing and one with,
// each as its steps and its result, then what the two runs show.
import { zxidHex } from '../../../protocol/zxid.ts';
import type { RecipeStep } from './steps.ts';

export type RecipeWalkthroughName = 'recipe-lock' | 'recipe-master';

export interface RecipeRunSummary {
  fencing: boolean;
  ok: boolean;
  violations: { checker: string; message: string }[];
  traceHash: string;
  events: number;
  simTimeMs: number;
}

export interface RecipeBook {
  lang: 'en' | 'zh';
  title(name: RecipeWalkthroughName, seed: number): string;
  /** The recipe, as the seed describes it, and the story the runs tell. */
  intro(name: RecipeWalkthroughName): string[];
  part(fencing: boolean): string;
  step(name: RecipeWalkthroughName, s: RecipeStep): string;
  result(r: RecipeRunSummary): string[];
  /** What the two runs show. */
  outro(name: RecipeWalkthroughName): string[];
  headings: { result: string; colon: string };
}

export interface RecipeRun {
  summary: RecipeRunSummary;
  steps: RecipeStep[];
}

export const secs = (us: number): string => `${(us / 1e6).toFixed(3)} s`;
export const token = (z: number): string => zxidHex(z);

export function renderRecipeText(
  book: RecipeBook,
  name: RecipeWalkthroughName,
  seed: number,
  runs: readonly RecipeRun[],
): string {
  const lines: string[] = [book.title(name, seed), ''];
  for (const p of book.intro(name)) lines.push(p, '');
  for (const run of runs) {
    lines.push(book.part(run.summary.fencing), '');
    for (const s of run.steps) lines.push(`${secs(s.t).padStart(10)}  ${book.step(name, s)}`);
    lines.push('', `${book.headings.result}${book.headings.colon}`);
    for (const l of book.result(run.summary)) lines.push(`  ${l}`);
    lines.push('');
  }
  for (const p of book.outro(name)) lines.push(p, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

const mdCell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderRecipeMarkdown(
  book: RecipeBook,
  name: RecipeWalkthroughName,
  seed: number,
  runs: readonly RecipeRun[],
): string {
  const lines: string[] = [`# ${book.title(name, seed)}`, ''];
  for (const p of book.intro(name)) lines.push(p, '');
  for (const run of runs) {
    lines.push(`## ${book.part(run.summary.fencing)}`, '', '| | |', '|---:|---|');
    for (const s of run.steps) lines.push(`| ${secs(s.t)} | ${mdCell(book.step(name, s))} |`);
    lines.push('', `**${book.headings.result}**`, '');
    for (const l of book.result(run.summary)) lines.push(`- ${l}`);
    lines.push('');
  }
  for (const p of book.outro(name)) lines.push(p, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderRecipeHtml(
  book: RecipeBook,
  name: RecipeWalkthroughName,
  seed: number,
  runs: readonly RecipeRun[],
): string {
  const css =
    'body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222;line-height:1.45}table{border-collapse:collapse;width:100%}td{padding:.25em .6em;vertical-align:top;border-bottom:1px solid #ddd}td.t{white-space:nowrap;text-align:right;color:#555}tr.violation{background:#fde2e1}tr.write{background:#e3f7e8}';
  const parts = runs.map((run) => {
    const rows = run.steps
      .map((s) => `<tr class="${s.k}"><td class="t">${esc(secs(s.t))}</td><td>${esc(book.step(name, s))}</td></tr>`)
      .join('\n');
    const result = book
      .result(run.summary)
      .map((l) => `<li>${esc(l)}</li>`)
      .join('');
    return `<h2>${esc(book.part(run.summary.fencing))}</h2>\n<table>\n${rows}\n</table>\n<h3>${esc(book.headings.result)}</h3><ul>${result}</ul>`;
  });
  return [
    '<!DOCTYPE html>',
    `<html lang="${book.lang === 'zh' ? 'zh-CN' : 'en'}">`,
    `<head><meta charset="utf-8"><title>${esc(book.title(name, seed))}</title><style>${css}</style></head>`,
    '<body>',
    `<h1>${esc(book.title(name, seed))}</h1>`,
    ...book.intro(name).map((p) => `<p>${esc(p)}</p>`),
    ...parts,
    ...book.outro(name).map((p) => `<p>${esc(p)}</p>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
