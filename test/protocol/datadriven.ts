// The cockroachdb/datadriven file format, as etcd-io/raft's rafttest uses it:
//
//     # a comment
//     command arg1=value arg2=(a,b) flag
//     optional input lines
//     ----
//     the expected output
//     (ends at a blank line)
//
// An output that itself holds blank lines is fenced by a doubled separator (`----` `----` before,
// `----` `----` after). Rewriting keeps every comment, command and input line and replaces only
// the outputs with what the commands printed.
import { readFileSync, writeFileSync } from 'node:fs';

export interface Arg {
  key: string;
  /** `key=value` → [value]; `key=(a,b)` → [a, b]; a bare `key` → []. */
  vals: string[];
}

export interface Directive {
  /** 1-based line of the command. */
  line: number;
  cmd: string;
  args: Arg[];
  input: string;
  expected: string;
  /** The text before the output (comments, command, input, separator), kept as written. */
  head: string;
}

export class ScriptError extends Error {}

/** Split a command line into the command and its arguments. */
export function parseCommandLine(text: string, where: string): { cmd: string; args: Arg[] } {
  const tokens: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of text.trim()) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ' ' && depth === 0) {
      if (cur) tokens.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) throw new ScriptError(`${where}: unbalanced parentheses in '${text}'`);
  if (cur) tokens.push(cur);
  const [cmd, ...rest] = tokens;
  if (!cmd) throw new ScriptError(`${where}: empty command`);
  const args = rest.map((t): Arg => {
    const eq = t.indexOf('=');
    if (eq < 0) return { key: t, vals: [] };
    const key = t.slice(0, eq);
    const v = t.slice(eq + 1);
    if (v.startsWith('(') && v.endsWith(')'))
      return {
        key,
        vals: v
          .slice(1, -1)
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== ''),
      };
    return { key, vals: [v] };
  });
  return { cmd, args };
}

/** Parse a data-driven file; `trailer` is what follows the last directive (kept on rewrite). */
export function parseScript(text: string, file: string): { directives: Directive[]; trailer: string } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const directives: Directive[] = [];
  let i = 0;
  let pending: string[] = [];
  while (i < lines.length) {
    const l = lines[i]!;
    if (l.trim() === '' || l.startsWith('#')) {
      pending.push(l);
      i++;
      continue;
    }
    const line = i + 1;
    const { cmd, args } = parseCommandLine(l, `${file}:${line}`);
    const head = [...pending, l];
    pending = [];
    i++;
    const input: string[] = [];
    while (i < lines.length && lines[i] !== '----') {
      input.push(lines[i]!);
      head.push(lines[i]!);
      i++;
    }
    if (i >= lines.length) throw new ScriptError(`${file}:${line}: '${cmd}' has no ---- separator`);
    head.push('----');
    i++;
    const out: string[] = [];
    if (lines[i] === '----') {
      // The fenced form: everything up to a doubled separator.
      i++;
      while (i < lines.length && !(lines[i] === '----' && lines[i + 1] === '----')) out.push(lines[i++]!);
      if (i >= lines.length) throw new ScriptError(`${file}:${line}: '${cmd}' has an unterminated ----/---- output`);
      i += 2;
    } else {
      while (i < lines.length && lines[i]!.trim() !== '') out.push(lines[i++]!);
    }
    directives.push({ line, cmd, args, input: input.join('\n'), expected: out.join('\n'), head: head.join('\n') });
  }
  return { directives, trailer: pending.join('\n') };
}

/** A directive's output as the file holds it (the fenced form when it has blank lines). */
export function renderOutput(output: string): string {
  const body = output.replace(/\s+$/, '');
  if (body === '') return '';
  return body.split('\n').some((l) => l.trim() === '') ? `----\n${body}\n----\n----` : body;
}

/** Write the file again with these outputs (one per directive, in order). */
export function rewriteScript(path: string, directives: Directive[], outputs: string[], trailer: string): void {
  const parts: string[] = [];
  directives.forEach((d, j) => {
    const out = renderOutput(outputs[j] ?? '');
    parts.push(out === '' ? d.head : `${d.head}\n${out}`);
  });
  let text = parts.join('\n');
  // Each directive's head begins with the blank/comment lines before it, so outputs stay
  // separated from the next command by the blank line the file had.
  if (trailer.trim() !== '') text += `\n${trailer}`;
  writeFileSync(path, `${text}\n`);
}

export function readScript(path: string): string {
  return readFileSync(path, 'utf8');
}

/** The arguments of a directive, read with checks that name the directive on error. */
export class Args {
  private readonly used = new Set<string>();

  constructor(
    readonly d: Directive,
    readonly where: string,
  ) {}

  private find(key: string): Arg | undefined {
    this.used.add(key);
    return this.d.args.find((a) => a.key === key);
  }

  has(key: string): boolean {
    return this.find(key) !== undefined;
  }

  str(key: string): string | undefined;
  str(key: string, dflt: string): string;
  str(key: string, dflt?: string): string | undefined {
    const a = this.find(key);
    if (!a) return dflt;
    if (a.vals.length !== 1) throw new ScriptError(`${this.where}: ${key} needs one value`);
    return a.vals[0]!;
  }

  list(key: string): string[] | undefined {
    return this.find(key)?.vals;
  }

  int(key: string): number | undefined;
  int(key: string, dflt: number): number;
  int(key: string, dflt?: number): number | undefined {
    const s = this.str(key);
    if (s === undefined) return dflt;
    const n = Number(s);
    if (!Number.isFinite(n)) throw new ScriptError(`${this.where}: ${key}=${s} is not a number`);
    return n;
  }

  /** Bare words (arguments without a value), in order. */
  words(): string[] {
    return this.d.args.filter((a) => a.vals.length === 0 && !a.key.includes('=')).map((a) => a.key);
  }

  /** Arguments not read by the command (`key=value` ones): e.g. where-fields of a match. */
  rest(): Arg[] {
    return this.d.args.filter((a) => !this.used.has(a.key) && a.vals.length > 0);
  }

  /** Fail on an argument the command did not read. */
  done(allowWords: readonly string[] = []): void {
    for (const a of this.d.args)
      if (!this.used.has(a.key) && !(a.vals.length === 0 && allowWords.includes(a.key)))
        throw new ScriptError(`${this.where}: ${this.d.cmd} does not take '${a.key}'`);
  }
}
