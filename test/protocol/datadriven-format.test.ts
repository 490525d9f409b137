// The data-driven file format (datadriven.ts): commands with key=value, key=(a,b) and bare
// arguments, an input block, the expected output up to a blank line or fenced by ----/----;
// rewriting keeps comments, commands and inputs and replaces only the outputs.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Args, ScriptError, parseCommandLine, parseScript, renderOutput, rewriteScript } from './datadriven.ts';

const script = `# a comment
cmd a=1 b=(x, y) flag
input line
----
out 1
out 2

# another
empty
----

fenced
----
----
first

after a blank
----
----
`;

describe('datadriven format', () => {
  it('parses commands, arguments, inputs and outputs (plain, empty, fenced)', () => {
    const { directives } = parseScript(script, 't.txt');
    expect(directives.map((d) => [d.line, d.cmd, d.input, d.expected])).toEqual([
      [2, 'cmd', 'input line', 'out 1\nout 2'],
      [9, 'empty', '', ''],
      [12, 'fenced', '', 'first\n\nafter a blank'],
    ]);
    expect(directives[0]!.args).toEqual([
      { key: 'a', vals: ['1'] },
      { key: 'b', vals: ['x', 'y'] },
      { key: 'flag', vals: [] },
    ]);
  });

  it('rewriting with the same outputs gives the same file; new outputs replace only the outputs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dd-'));
    const path = join(dir, 't.txt');
    const { directives, trailer } = parseScript(script, 't.txt');
    rewriteScript(
      path,
      directives,
      directives.map((d) => d.expected),
      trailer,
    );
    expect(readFileSync(path, 'utf8')).toBe(script);
    rewriteScript(path, directives, ['new', 'now\nsomething', ''], trailer);
    const again = parseScript(readFileSync(path, 'utf8'), 't.txt').directives;
    expect(again.map((d) => [d.cmd, d.expected])).toEqual([
      ['cmd', 'new'],
      ['empty', 'now\nsomething'],
      ['fenced', ''],
    ]);
    expect(readFileSync(path, 'utf8')).toContain('# another\nempty\n----\nnow\nsomething\n');
  });

  it('an output with a blank line is fenced', () => {
    expect(renderOutput('a\n\nb\n')).toBe('----\na\n\nb\n----\n----');
    expect(renderOutput('a\nb\n')).toBe('a\nb');
  });

  it('bad scripts and arguments are errors naming the line', () => {
    expect(() => parseScript('cmd\nno separator\n', 'x.txt')).toThrow(/x\.txt:1: 'cmd' has no ---- separator/);
    expect(() => parseCommandLine('cmd a=(1,2', 'x.txt:3')).toThrow(ScriptError);
    const d = parseScript('cmd n=abc other=1\n----\n', 'x.txt').directives[0]!;
    const a = new Args(d, 'x.txt:1');
    expect(() => a.int('n')).toThrow(/x\.txt:1: n=abc is not a number/);
    expect(() => a.done()).toThrow(/cmd does not take 'other'/);
  });
});
