// Drives a ZooKeeperMain over the fake client and records what it prints, per stream and merged.
import { ZooKeeperMain, type ZooKeeperMainOptions } from '../../protocol/client/shell/ZooKeeperMain.ts';
import { type FakeOptions, type FakeZooKeeper, fakeClient } from './fake-client.ts';

export interface Shell {
  fake: FakeZooKeeper;
  main: ZooKeeperMain;
  /** stdout and stderr interleaved, as a terminal shows them. */
  all(): string;
  out(): string;
  err(): string;
  /** Forget what was printed so far. */
  clear(): void;
  /** Run lines; returns what they printed (merged). */
  run(...lines: string[]): Promise<string>;
  exits: number[];
}

export function shell(fakeOpts: FakeOptions = {}, mainOpts: Omit<ZooKeeperMainOptions, 'err' | 'onExit'> = {}): Shell {
  const fake = fakeClient(fakeOpts);
  let all = '';
  let out = '';
  let err = '';
  const exits: number[] = [];
  const main = new ZooKeeperMain(
    fake,
    (t) => {
      out += t;
      all += t;
    },
    {
      ...mainOpts,
      err: (t) => {
        err += t;
        all += t;
      },
      onExit: (code) => exits.push(code),
    },
  );
  return {
    fake,
    main,
    all: () => all,
    out: () => out,
    err: () => err,
    clear: () => {
      all = out = err = '';
    },
    async run(...lines: string[]) {
      const start = all.length;
      for (const l of lines) await main.executeLine(l);
      return all.substring(start);
    },
    exits,
  };
}
