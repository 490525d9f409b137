// A zksim command as data: its name, synopsis, what it does, its flag table (the one its parser
// reads) and how it runs. `zksim help COMMAND` and `zksim COMMAND --help` print usageOf(it).
import type { Flag, FlagTable } from './args.ts';

export interface Command {
  readonly name: string;
  /** What follows the command's name on its usage line: "SCENARIO [flags]". */
  readonly synopsis: string;
  /** One line for `zksim help`. */
  readonly summary: string;
  /** More lines for `zksim help COMMAND` (positional arguments, what it prints). */
  readonly about?: readonly string[];
  readonly flags: FlagTable;
  /** Flag groups after the command's own (run's scenario options): title and flags. */
  readonly groups?: readonly { title: string; flags: FlagTable }[];
  /** What its exit codes mean, when not EXIT_CODES (a command that runs no checkers). */
  readonly exitCodes?: string;
  run(argv: string[], out: (s: string) => void, err: (s: string) => void): number | Promise<number>;
}

export const EXIT_CODES = 'exit codes: 0 every check passed, 1 a checker found a violation, 2 bad input';
export const EXIT_0_OR_2 = 'exit codes: 0 done, 2 bad input';

const WIDTH = 100;
const FLAG_COLUMN = 26;

/** Words of `text` in lines of at most `width` characters. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

function flagLines(name: string, f: Flag): string[] {
  const spelled = `${f.short ? '-' : '--'}${name}${f.arg ? ` ${f.arg}` : ''}`;
  const help = wrap(f.help, WIDTH - FLAG_COLUMN);
  const pad = ' '.repeat(FLAG_COLUMN);
  if (spelled.length + 4 > FLAG_COLUMN) return [`  ${spelled}`, ...help.map((h) => pad + h)];
  return help.map((h, i) => (i === 0 ? `  ${spelled.padEnd(FLAG_COLUMN - 2)}${h}` : pad + h));
}

/** The usage of one command, from its flag tables. */
export function usageOf(c: Command): string {
  const lines = [`usage: zksim ${c.name}${c.synopsis ? ` ${c.synopsis}` : ''}`, '', ...wrap(c.summary, WIDTH)];
  for (const a of c.about ?? []) lines.push(...(a === '' ? [''] : wrap(a, WIDTH)));
  const help: Flag = { kind: 'bool', help: 'print this help' };
  const groups = [{ title: 'flags', flags: { ...c.flags, help } }, ...(c.groups ?? [])];
  for (const g of groups) {
    const entries = Object.entries(g.flags);
    if (entries.length === 0) continue;
    lines.push('', `${g.title}:`);
    for (const [name, f] of entries) lines.push(...flagLines(name, f));
  }
  lines.push('', c.exitCodes ?? EXIT_CODES);
  return lines.join('\n');
}

/** `zksim help`: every command, one line each. */
export function commandList(commands: readonly Command[]): string {
  const lines = [
    'zksim — a deterministic simulator of an Apache ZooKeeper 3.8 ensemble',
    '',
    'usage: zksim COMMAND ...',
    '',
  ];
  for (const c of commands) {
    const head = `  ${c.name}`;
    const summary = wrap(c.summary, WIDTH - 16);
    lines.push(...summary.map((s, i) => (i === 0 ? `${head.padEnd(16)}${s}` : `${' '.repeat(16)}${s}`)));
  }
  lines.push('', 'zksim help COMMAND (or zksim COMMAND --help): its usage and flags', '', EXIT_CODES);
  return lines.join('\n');
}
