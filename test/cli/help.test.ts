// zksim help, zksim help COMMAND and zksim COMMAND --help: exit 0, the usage printed from the
// command's own flag tables — every flag its parser takes is listed, and every flag listed is
// one its parser takes.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../sim/cli/main.ts';
import { zksim } from '../support/zksim.ts';

const listed = (c: (typeof COMMANDS)[number]) =>
  [c.flags, ...(c.groups ?? []).map((g) => g.flags)].flatMap((t) =>
    Object.entries(t).map(([name, f]) => ({ name, f })),
  );

describe('zksim help', () => {
  it('lists every command', async () => {
    const r = await zksim('help');
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.out).toMatch(new RegExp(`^  ${c.name} +\\S`, 'm'));
    for (const name of ['demo', 'walkthrough', 'run', 'fuzz', 'fuzz-merge', 'replay', 'shrink', 'gate', 'cli', '4lw'])
      expect(COMMANDS.map((c) => c.name)).toContain(name);
    expect((await zksim()).out).toBe(r.out);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s: --help and help %s print its usage, exit 0',
    async (name, c) => {
      const a = await zksim(name, '--help');
      const b = await zksim('help', name);
      expect(a.code).toBe(0);
      expect(b.code).toBe(0);
      expect(a.err).toBe('');
      expect(a.out).toBe(b.out);
      expect(a.out).toMatch(new RegExp(`^usage: zksim ${name}\\b`));
      for (const { name: flag, f } of listed(c)) {
        const spelled = `${f.short ? '-' : '--'}${flag}`;
        expect(a.out, spelled).toContain(`  ${spelled}${f.arg ? ` ${f.arg}` : ''}`);
      }
      expect(a.out).toContain('--help');
    },
  );

  it.each(COMMANDS.flatMap((c) => listed(c).map(({ name, f }) => [c.name, name, f.short === true] as const)))(
    '%s takes the flag %s it lists',
    async (cmd, flag, short) => {
      // Given without a proper value the flag is refused by its own schema (or the command
      // refuses something else) — never as an unknown flag; nothing runs.
      const r = await zksim(cmd, short ? `-${flag}` : `--${flag}=`);
      expect(r.code).toBe(2);
      expect(r.err).not.toMatch(/unknown flag/);
    },
  );

  it('run --help shows the scenario options, with the scenarios each applies to', async () => {
    const r = await zksim('run', '--help');
    expect(r.out).toMatch(/--servers N +voting servers \(default 5\); first-start, faults/);
    expect(r.out).toMatch(/--swarm +swarm testing.*\n.*faults/);
    expect(r.out).toMatch(/--until MS +end of the run.*every scenario/);
  });

  it('an unknown command after help is one line, exit 2', async () => {
    const r = await zksim('help', 'frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toBe("zksim: unknown command 'frobnicate' (try: zksim help)");
  });
});
