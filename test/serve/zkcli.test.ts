// The real zkCli.sh of Debian's ZooKeeper 3.8.0 against `zksim serve`: each golden transcript of
// test/fixtures/zk38 (recorded from the real server) is typed into the real shell, connected
// to a served standalone server with the zoo.cfg of that recording, and must print what it
// printed against the real server, line for line (golden-transcripts.ts says what is masked and
// what may differ). Needs Debian's zookeeper package (.ci/run installs it) and Java; no real
// ZooKeeper server runs.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSCRIPTS, typeTranscript } from './golden-transcripts.ts';
import { ZKCLI } from './zkcli-driver.ts';

describe.runIf(existsSync(ZKCLI))('the real zkCli.sh 3.8.0 against zksim serve', () => {
  it.concurrent.each(TRANSCRIPTS)(
    'zkcli-%s prints what it printed against the real server',
    { timeout: 300_000 },
    async (name) => {
      const { want, got } = await typeTranscript(name);
      expect(got).toBe(want);
    },
  );
});
