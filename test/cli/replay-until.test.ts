// `zksim replay FILE --until EVENT` where EVENT is the violation's own event (what the README
// tells a reader to pass): the step that emits it also breaks the checker, and the run stops on
// the violation, not on the condition — it must still stop there and show the events up to it.
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';

const fixture = new URL('../fixtures/replays/faults-zk1154-digest.replay.json', import.meta.url).pathname;

describe('replay --until at a violation', () => {
  it("stops at the violation's event and shows it last, with the violation", async () => {
    const full = JSON.parse((await zksim('replay', fixture, '--json')).out);
    const at: number = full.violations[0].event;
    const r = await zksim('replay', fixture, '--until', String(at), '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.events.at(-1).i).toBe(at);
    expect(j.violations[0]).toMatchObject({ checker: full.violations[0].checker, event: at });
    const before = await zksim('replay', fixture, '--until', String(at - 1), '--json');
    expect(JSON.parse(before.out).events.at(-1).i).toBe(at - 1);
  }, 60_000);
});
