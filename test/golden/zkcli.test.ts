// Golden zkCli / four-letter-word transcripts: every session recorded from the real
// ZooKeeper 3.8.0 (test/fixtures/zk38) is replayed against the simulated standalone server and
// must print the same text, byte for byte after the few normalisations of transcript.ts.
import { describe, expect, it } from 'vitest';
import { STANDALONE_CFG } from '../../scenarios/standalone.ts';
import { FIXTURES } from './fixtures.ts';
import { expectedTranscript, normalize, readFixture, replay } from './transcript.ts';

/**
 * Differences still open, by fixture: each is masked (on both sides) in the fixture's test, so
 * the rest stays compared byte for byte, and the strict comparison is kept as an expected
 * failure that starts passing — and so fails, as a reminder to drop the mask — once fixed.
 */
const PENDING: Record<string, { why: string; mask: (text: string) => string }[]> = {
  '4lw': [
    {
      // 3.8.0 preallocates a txn log to 64 MiB (zookeeper.preAllocSize) and writes a jute
      // snapshot (473 bytes for the empty tree): 67109337. The simulator's files are its own
      // format (checksummed JSON lines, protocol/storage), so conf/dirs report their sizes.
      why: 'conf/dirs directory sizes need a byte-compatible protocol/storage',
      mask: (t) => t.replace(/^(dataDirSize|dataLogSize)=\d+$/gm, '$1=<size>').replace(/^(datadir_size|logdir_size): \d+$/gm, '$1: <size>'),
    },
  ],
};

describe('golden zkCli transcripts (real ZooKeeper 3.8.0)', () => {
  for (const [name, opts] of Object.entries(FIXTURES)) {
    const pending = PENDING[name] ?? [];
    const run = async () => {
      const { txt, annotated } = readFixture(name);
      return { expected: expectedTranscript(txt, annotated), actual: await replay(txt, opts) };
    };
    if (pending.length === 0) {
      it(name, async () => {
        const { expected, actual } = await run();
        expect(actual).toBe(expected);
      });
      continue;
    }
    const mask = (t: string) => pending.reduce((s, p) => p.mask(s), t);
    it(`${name} (open: ${pending.map((p) => p.why).join('; ')})`, async () => {
      const { expected, actual } = await run();
      expect(mask(actual)).toBe(mask(expected));
    });
    // Fails while the differences above are open.
    it.fails(`${name}, strictly`, async () => {
      const { expected, actual } = await run();
      expect(actual).toBe(expected);
    });
  }
});

// The zkCli sessions of the docs' walkthroughs (../shared/seeds/000 and 002), as 3.8 prints them:
// the posts show 3.4, where get also printed the stat and set printed it; in 3.8 get prints the
// data only (get -s adds the stat), set prints nothing (set -s prints the stat), and ls sorts.
// Seed 002 ran `bin/zkCli.sh` (localhost:2181); both talk to the docs' standalone server here.
const SESSION_START = (server: string) => `>>> $ bin/zkCli.sh -server ${server}   (stdin is a pipe)
Connecting to ${server}
Welcome to ZooKeeper!
JLine support is disabled

WATCHER::

WatchedEvent state:SyncConnected type:None path:null
`;
const SESSION_END = `>>> quit

WATCHER::

WatchedEvent state:Closed type:None path:null
>>> <zkCli exited with status 0>
`;

const SEED_000 = `# seed 000: the Getting Started walkthrough (conf/zoo.cfg: tickTime=2000, dataDir=/var/lib/zookeeper, clientPort=2181)
${SESSION_START('127.0.0.1:2181')}>>> ls /
[zookeeper]
>>> create /zk_test my_data
Created /zk_test
>>> ls /
[zk_test, zookeeper]
>>> get /zk_test
my_data
>>> set /zk_test junk
>>> get /zk_test
junk
>>> get -s /zk_test
junk
cZxid = 0x2
ctime = Mon Nov 23 00:00:05 UTC 2026
mZxid = 0x3
mtime = Mon Nov 23 00:00:06 UTC 2026
pZxid = 0x2
cversion = 0
dataVersion = 1
aclVersion = 0
ephemeralOwner = 0x0
dataLength = 4
numChildren = 0
>>> delete /zk_test
>>> ls /
[zookeeper]
${SESSION_END}`;

const SEED_002 = `# seed 002: the standalone walkthrough (bin/zkCli.sh; ls, create, get, set, delete)
${SESSION_START('127.0.0.1:2181')}>>> ls /
[zookeeper]
>>> create /zkPro myData
Created /zkPro
>>> ls /
[zkPro, zookeeper]
>>> get /zkPro
myData
>>> set /zkPro myData123
>>> get /zkPro
myData123
>>> delete /zkPro
>>> ls /
[zookeeper]
${SESSION_END}`;

describe('seed walkthrough sessions print what 3.8 prints', () => {
  for (const [name, text] of [
    ['seed 000 (create /zk_test my_data ...)', SEED_000],
    ['seed 002 (create /zkPro myData ...)', SEED_002],
  ] as const) {
    it(name, async () => {
      const actual = await replay(text, { config: () => STANDALONE_CFG });
      expect(actual).toBe(normalize(text));
    });
  }
});
