// The recipe scenarios on the CLI: listed, run and fuzzed with the faults scenario's flags plus
// their own (--clients, --fencing); bad input is one line and exit code 2.
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';

describe('zksim and the recipe scenarios', () => {
  it('list scenarios shows the four recipes with what they check and take', async () => {
    const out = (await zksim('list', 'scenarios')).out;
    for (const [name, checker] of [
      ['recipe-lock', 'mutual-exclusion'],
      ['recipe-lock-seq', 'mutual-exclusion'],
      ['recipe-master', 'single-master'],
      ['recipe-leader', 'single-master'],
    ])
      expect(out).toMatch(new RegExp(`^${name} .*\\[checks: ${checker}, .*--clients --fencing`, 'm'));
  });

  it('fuzz recipe-lock --stop-on-failure stops at seed 1 on mutual-exclusion, exit 1', async () => {
    const r = await zksim('fuzz', 'recipe-lock', '--seeds', '1..3', '--workers', '1', '--stop-on-failure');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^seed 1: mutual-exclusion: /m);
    expect(r.out).toContain('replay: npx zksim run recipe-lock --seed 1 --swarm');
  });

  it('run recipe-master --clients 3 --fencing --seed 2 passes, exit 0', async () => {
    const r = await zksim('run', 'recipe-master', '--clients', '3', '--fencing', '--seed', '2', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ scenario: 'recipe-master', ok: true });
  });

  for (const [argv, message] of [
    [['run', 'recipe-lock', '--clients', '0'], "zksim: --clients: expected a whole number from 1 to 26 (got '0')"],
    [['run', 'recipe-lock', '--fencing=yes'], 'zksim: --fencing=yes takes no value'],
  ] as const)
    it(`${argv.join(' ')} → one line, exit 2`, async () => {
      const r = await zksim(...argv);
      expect(r.code).toBe(2);
      expect(r.err.trim()).toBe(message);
    });
});
