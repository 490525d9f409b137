// Golden transcripts of the real zkCli 3.8.0 (see golden/README.md), replayed through
// ZooKeeperMain over the fake client: the whole output must match, byte for byte, once the
// clock, the session id and the racy first connection event are normalized.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shell } from './harness.ts';

const CONNECTED = '\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n';

export function normalize(text: string): string {
  return text
    .replace(CONNECTED, '')
    .replace(/^(ctime|mtime) = .*$/gm, '$1 = <time>')
    .replace(/^ephemeralOwner = 0x(?!0$)[0-9a-f]+$/gm, 'ephemeralOwner = 0x<session>');
}

async function replay(lines: string[]): Promise<string> {
  const sh = shell(
    {},
    {
      connect: (cs) => {
        const s = sh.fake.newSession(cs);
        queueMicrotask(() => s.connected());
        return s;
      },
    },
  );
  sh.fake.connected();
  await sh.run(...lines);
  return sh.all();
}

function load(name: string): { lines: string[]; expected: string } {
  const dir = new URL('./golden/', import.meta.url);
  const lines = readFileSync(new URL(`${name}.zkcli`, dir), 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return { lines, expected: readFileSync(new URL(`${name}.out`, dir), 'utf8') };
}

describe('golden zkCli 3.8.0 sessions', () => {
  it.each(['session1', 'session2', 'session3'])('%s matches the recorded output', async (name) => {
    const { lines, expected } = load(name);
    expect(normalize(await replay(lines))).toBe(normalize(expected));
  });

  it('session1 covers the usage listing, verbatim', () => {
    const { expected } = load('session1');
    const usage = expected.substring(0, expected.indexOf('Command not found: Command not found help\n'));
    const sh = shell();
    expect(sh.main.usage()).toBe(usage);
  });
});
