// The real zkCli.sh's race on `quit` (golden-transcripts.ts quitRace): the Closed event may or may
// not be printed before the JVM exits; nothing else in a quit block may differ.
import { describe, expect, it } from 'vitest';
import { quitRace } from './golden-transcripts.ts';

const want = ['>>> quit', 'out| ', 'out| WATCHER::', 'out| ', 'out| WatchedEvent state:Closed type:None path:null'];

describe("the real shell's quit race", () => {
  it('a quit block without the Closed event matches; one with other lines missing or added does not', () => {
    expect(quitRace(want, ['>>> quit'])).toBe(true);
    expect(quitRace(want, ['>>> quit', 'out| something else'])).toBe(false);
    expect(quitRace(['>>> ls /', 'out| []'], ['>>> ls /'])).toBe(false);
  });

  it('in a transcript of several shells, the named shell\'s quit block (">>> [A] quit", "A.out| ...") races the same way', () => {
    const a = ['>>> [A] quit', ...want.slice(1).map((l) => `A.${l}`)];
    expect(quitRace(a, ['>>> [A] quit'])).toBe(true);
    expect(quitRace(a, ['>>> [A] quit', 'A.out| something else'])).toBe(false);
    // another shell's Closed event is not this one's
    expect(quitRace(a, ['>>> [A] quit', ...want.slice(1).map((l) => `B.${l}`)])).toBe(false);
  });
});
