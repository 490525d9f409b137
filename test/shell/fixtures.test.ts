// The recorded transcripts of the real zkCli 3.8.0 in test/fixtures/zk38 (see its README),
// replayed through ZooKeeperMain over the fake server: every step must print what the real
// shell printed, line for line, per session and stream (dates and session ids aside).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnnotated, renderExpected, replayTranscript } from './fixture-replay.ts';

const dir = new URL('../fixtures/zk38/', import.meta.url);
const names = ['basic', 'errors', 'acl', 'watch', 'quota', 'quota-enforced', 'ttl-container'];

describe.runIf(existsSync(dir))('zkCli 3.8.0 fixtures', () => {
  it.each(names)('zkcli-%s replays as recorded', async (name) => {
    const text = readFileSync(new URL(`zkcli-${name}.annotated.txt`, dir), 'utf8');
    const transcript = parseAnnotated(text);
    expect(transcript.steps.length).toBeGreaterThan(10);
    expect(await replayTranscript(transcript)).toBe(renderExpected(transcript));
  });
});
