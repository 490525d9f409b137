// `zksim cli -server HOST:PORT` — zksim's own zkCli shell (protocol/client/shell) driving its
// own client (protocol/client/ZooKeeper.ts) over real TCP, jute on the wire
// (protocol/jute/client-wire.ts, sim/cli/tcp-client/) — against `zksim serve`: each golden
// transcript of test/fixtures/zk38, recorded from the real zkCli.sh against the real 3.8.0
// server, is typed into one `zksim cli -server` process per recorded shell (interactive with
// stdin piped, or one command on the command line) and must print what the real shell printed,
// with the same masking and slack as the real zkCli.sh's test (golden-transcripts.ts), exit
// statuses included. errors is typed as fast as the shells answer (not at the recording's
// pace): what its pace decided, how many dead shells' sessions had expired before a step, is
// within the zxid slack either way; only ttl-container keeps the pace (a TTL and the container
// reaper run by the clock between its steps).
import { describe, expect, it } from 'vitest';
import { PACED, TRANSCRIPTS, typeTranscript } from './golden-transcripts.ts';
import { BIN } from './served.ts';

/**
 * At most three transcripts at once: each starts a `zksim serve` and up to thirteen `zksim cli`
 * processes, and on a loaded 2-core machine seven at once starve one another's start-up (a
 * served world that is not serving after 30 s, a step whose output comes after its wait).
 */
const slots: (() => void)[] = [];
let running = 0;
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 3) await new Promise<void>((r) => slots.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    slots.shift()?.();
  }
}

describe('zksim cli -server against zksim serve, over TCP', () => {
  it.concurrent.each(TRANSCRIPTS)(
    'zkcli-%s prints what the real zkCli printed against the real server',
    { timeout: 600_000 },
    async (name) => {
      const { want, got } = await slot(() =>
        typeTranscript(name, [process.execPath, BIN, 'cli'], { 'ttl-container': PACED['ttl-container']! }),
      );
      expect(got).toBe(want);
    },
  );
});
