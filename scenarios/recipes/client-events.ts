// What happens to a recipe's client processes, drawn from the seed (stream 'recipe-clients'):
// up to two events each before the faults heal — a pause (a GC, SIGSTOP; mostly past the session
// timeout: the pause-past-expiry of Kleppmann's "How to do distributed locking"), a crash or a
// vanish (power off) that comes back past the session timeout, or a partition from all servers
// or some of them (silence), past the session timeout or not.
import type { Rng } from '../../sim/engine/random.ts';
import type { WorkloadClientSpec } from '../../sim/faults/workload.ts';

type ClientEvent = NonNullable<WorkloadClientSpec['events']>[number];

export interface ClientEventOptions {
  sessionTimeoutMs: number;
  /** Events end before this local time (ms since the client started). */
  beforeMs: number;
  servers: readonly number[];
}

export function generateClientEvents(rng: Rng, o: ClientEventOptions): ClientEvent[] {
  const events: ClientEvent[] = [];
  let t = rng.int(2000, 8000);
  const past = () => o.sessionTimeoutMs + rng.int(1000, 6000);
  const short = () => rng.int(300, o.sessionTimeoutMs - 1000);
  while (t < o.beforeMs && events.length < 2) {
    const r = rng.next();
    let e: ClientEvent;
    if (r < 0.2) {
      t += rng.int(2000, 8000);
      continue;
    }
    if (r < 0.55) e = { atMs: t, what: 'pause', ms: rng.next() < 0.7 ? past() : short() };
    else if (r < 0.65) e = { atMs: t, what: 'crash', ms: past() };
    else if (r < 0.72) e = { atMs: t, what: 'vanish', ms: past() };
    else {
      const some = o.servers.filter(() => rng.next() < 0.5);
      e = {
        atMs: t,
        what: 'partition',
        ms: rng.next() < 0.6 ? past() : short(),
        ...(rng.next() < 0.5 && some.length > 0 ? { servers: some } : {}),
      };
    }
    if (t + e.ms > o.beforeMs) break;
    events.push(e);
    t += e.ms + rng.int(1000, 6000);
  }
  return events;
}
