// The simulated disk, through a World node: fsync completes later, a crash loses what was not
// yet durable (maybe keeping a torn tail of an append), seeded files and completed fsyncs
// survive, rename is atomic. Then a txn log on top of it: after a crash, recovery reads back
// exactly a prefix of what was appended that includes every record whose fsync completed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, Context } from '../../protocol/actor.ts';
import { FileTxnLog, encodeRecord, scanLog, type TxnRecord } from '../../protocol/storage/FileTxnLog.ts';
import { defaultDiskOptions } from '../../sim/engine/disk.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { World } from '../../sim/engine/world.ts';
import { SIM_EPOCH_MS } from '../../sim/engine/clock.ts';

/** An actor that only listens to its disk: fsync() numbers each fsync it issues and records its completion. */
class DiskProbe implements Actor {
  readonly done: { token: number; t: number }[] = [];
  onDone: ((token: number) => void) | undefined;
  private nextToken = 1;
  constructor(readonly ctx: Context) {}
  start(): void {}
  onMessage(): void {}
  fsync(file: string): number {
    const token = this.nextToken++;
    this.ctx.fsync(file, () => {
      this.done.push({ token, t: this.ctx.currentElapsedTime() - SIM_EPOCH_MS });
      this.onDone?.(token);
    });
    return token;
  }
}

function setup(seed: number | string = 1) {
  const world = new World(seed);
  let probe: DiskProbe | undefined;
  const node = world.addNode('d', (ctx) => (probe = new DiskProbe(ctx)));
  world.start('d');
  return { world, node, disk: node.disk, probe: () => probe! };
}

describe('SimDisk', () => {
  it('fsync completes later, calling back; reads see the write at once, durability waits for the fsync', () => {
    const { world, disk, probe } = setup();
    world.at(1, 'write', () => {
      disk.append('f', 'abc');
      const token = probe().fsync('f');
      expect(probe().done).toEqual([]);
      expect(disk.read('f')).toBe('abc');
      expect(disk.durableView().has('f')).toBe(false);
      world.at(1.4, 'still pending', () => {
        expect(probe().done).toEqual([]);
        expect(disk.durableView().has('f')).toBe(false);
      });
      probe().onDone = (t) => {
        expect(t).toBe(token);
        expect(disk.durableView().get('f')).toBe('abc');
      };
    });
    world.run();
    expect(probe().done).toHaveLength(1);
    const { t } = probe().done[0]!;
    expect(t).toBeGreaterThanOrEqual(1 + defaultDiskOptions.fsyncMinMs);
    expect(t).toBeLessThanOrEqual(1 + defaultDiskOptions.fsyncMaxMs);
  });

  it('each fsync gets its own completion, once', () => {
    const { world, probe } = setup();
    const tokens = [probe().fsync('a'), probe().fsync('b'), probe().fsync('a')];
    expect(new Set(tokens).size).toBe(3);
    world.run();
    expect(
      probe()
        .done.map((d) => d.token)
        .sort(),
    ).toEqual([...tokens].sort());
  });

  it('a crash before the fsync completes loses the write, even after a quick restart', () => {
    const { world, disk, probe } = setup();
    disk.seed('f', 'old');
    disk.append('f', '+new');
    disk.append('g', 'fresh file');
    probe().fsync('f');
    probe().fsync('g');
    world.crash('d');
    expect(disk.read('f')).toBe('old');
    expect(disk.exists('g')).toBe(false);
    // The new incarnation starts before the old fsyncs were due: they must not land now.
    world.start('d');
    world.run();
    expect(probe().done).toEqual([]);
    expect(disk.read('f')).toBe('old');
    expect(disk.exists('g')).toBe(false);
    world.crash('d');
    expect(disk.read('f')).toBe('old');
  });

  it('after the fsync completes the write survives a crash; a write after the fsync call does not', () => {
    const { world, disk, probe } = setup();
    disk.append('f', 'A');
    probe().fsync('f');
    disk.append('f', 'B');
    world.run();
    expect(probe().done).toHaveLength(1);
    expect(disk.read('f')).toBe('AB');
    world.crash('d');
    expect(disk.read('f')).toBe('A');
  });

  it('a file never synced disappears on crash; synced and seeded files stay', () => {
    const { world, disk, probe } = setup();
    disk.seed('seeded', 'S');
    disk.write('synced', 'Y');
    probe().fsync('synced');
    world.run();
    disk.write('tmp', 'T');
    disk.append('log', 'L');
    expect(disk.list()).toEqual(['log', 'seeded', 'synced', 'tmp']);
    world.crash('d');
    expect(disk.list()).toEqual(['seeded', 'synced']);
    expect(disk.exists('tmp')).toBe(false);
    expect(disk.read('log')).toBeUndefined();
  });

  it('seed() files survive a crash, and unsynced changes to them are undone', () => {
    const { world, disk } = setup();
    disk.seed('myid', '3');
    disk.seed('currentEpoch', '1');
    disk.write('myid', '4');
    disk.append('currentEpoch', '0');
    world.crash('d');
    expect(disk.read('myid')).toBe('3');
    expect(disk.read('currentEpoch')).toBe('1');
    expect(disk.durableView()).toEqual(
      new Map([
        ['currentEpoch', '1'],
        ['myid', '3'],
      ]),
    );
  });

  describe('rename is atomic', () => {
    function prepared() {
      const s = setup();
      s.disk.seed('snap', 'old');
      s.disk.write('snap.tmp', 'new');
      s.probe().fsync('snap.tmp');
      s.world.run();
      return s;
    }

    it('after the rename, readers see only the new content under the new name; the old name is gone', () => {
      const { disk } = prepared();
      disk.rename('snap.tmp', 'snap');
      expect(disk.read('snap')).toBe('new');
      expect(disk.exists('snap.tmp')).toBe(false);
      expect(disk.list()).toEqual(['snap']);
    });

    it('a crash after the rename keeps the new content; a crash before it keeps the old', () => {
      const after = prepared();
      after.disk.rename('snap.tmp', 'snap');
      after.world.crash('d');
      expect(after.disk.read('snap')).toBe('new');
      expect(after.disk.exists('snap.tmp')).toBe(false);

      const before = prepared();
      before.world.crash('d');
      expect(before.disk.read('snap')).toBe('old');
      expect(before.disk.read('snap.tmp')).toBe('new');
    });

    it('the new name is durable at once: a file renamed into place exists after a crash, with what its fsyncs made durable', () => {
      const { world, disk } = setup();
      disk.seed('snap', 'old');
      disk.write('snap.tmp', 'never synced');
      disk.rename('snap.tmp', 'snap');
      world.crash('d');
      expect(disk.exists('snap')).toBe(true);
      expect(disk.read('snap')).toBe('');
      expect(disk.exists('snap.tmp')).toBe(false);
    });

    it('renaming a missing file throws and leaves the target alone', () => {
      const { disk } = prepared();
      expect(() => disk.rename('nope', 'snap')).toThrow(/no file nope/);
      expect(disk.read('snap')).toBe('old');
    });
  });

  describe('torn tails', () => {
    const HEAD = 'HEAD|';
    const TAIL = 'abcdefghijklmnopqrst';

    it('with tornTailChance = 1 a crash keeps a strict prefix of an unsynced append, beyond the synced part', () => {
      const kept = new Set<number>();
      for (let seed = 1; seed <= 40; seed++) {
        const { world, disk } = setup(seed);
        disk.options = { ...defaultDiskOptions, tornTailChance: 1 };
        disk.seed('log', HEAD);
        disk.append('log', TAIL);
        world.crash('d');
        const text = disk.read('log')!;
        expect((HEAD + TAIL).startsWith(text)).toBe(true);
        expect(text.length).toBeGreaterThan(HEAD.length);
        expect(text.length).toBeLessThan(HEAD.length + TAIL.length);
        // What is kept is now the durable content: a second crash keeps it as it is.
        world.start('d');
        world.crash('d');
        expect(disk.read('log')).toBe(text);
        kept.add(text.length);
      }
      // The cut point is random, not fixed.
      expect(kept.size).toBeGreaterThan(5);
    });

    it('without torn tails (the default) a crash keeps exactly the synced part', () => {
      const { world, disk } = setup();
      disk.seed('log', HEAD);
      disk.append('log', TAIL);
      world.crash('d');
      expect(disk.read('log')).toBe(HEAD);
    });

    it('an overwrite (not an append) is never torn: the crash restores the synced content', () => {
      for (let seed = 1; seed <= 10; seed++) {
        const { world, disk } = setup(seed);
        disk.options = { ...defaultDiskOptions, tornTailChance: 1 };
        disk.seed('f', 'abcdef');
        disk.write('f', 'XYZXYZXYZXYZ');
        world.crash('d');
        expect(disk.read('f')).toBe('abcdef');
      }
    });
  });

  it('a file on a device of its own fsyncs in exactly that device time, drawing nothing; others as before', () => {
    const { world, disk, probe } = setup();
    disk.options = { ...defaultDiskOptions, fsyncMinMs: 1, fsyncMaxMs: 1, devices: [{ match: '/log.', fsyncMs: 7 }] };
    disk.append('/d/version-2/log.1', 'A');
    const slow = probe().fsync('/d/version-2/log.1');
    disk.write('/d/version-2/currentEpoch.tmp', '1');
    const fast = probe().fsync('/d/version-2/currentEpoch.tmp');
    world.run();
    expect(probe().done).toEqual([
      { token: fast, t: 1 },
      { token: slow, t: 7 },
    ]);
  });

  // Regression: each completion used to set the durable content to what the file held when
  // *that* fsync was called, so a slower, earlier fsync finishing later moved durability
  // backwards. Completions now only move it forward.
  it('a completed fsync stays completed: an earlier, slower fsync finishing later does not undo it', () => {
    const { world, disk, probe } = setup();
    disk.options = { ...defaultDiskOptions, fsyncMinMs: 4, fsyncMaxMs: 4 };
    disk.append('log', 'A');
    const slow = probe().fsync('log'); // done at 4 ms, covers "A"
    disk.options = { ...defaultDiskOptions, fsyncMinMs: 1, fsyncMaxMs: 1 };
    disk.append('log', 'B');
    const fast = probe().fsync('log'); // done at 1 ms, covers "AB"
    world.at(5, 'crash', () => world.crash('d'));
    world.run();
    expect(probe().done.map((d) => d.token)).toEqual([fast, slow]);
    expect(disk.read('log')).toBe('AB');
  });
});

describe('txn log on SimDisk, across a crash', () => {
  interface Step {
    gapMs: number;
    data: string;
    sync: boolean;
  }
  const arb = fc.record({
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    steps: fc.array(
      fc.record({
        gapMs: fc.double({ min: 0, max: 3, noNaN: true }),
        data: fc.string({ maxLength: 30 }),
        sync: fc.boolean(),
      }),
      {
        minLength: 1,
        maxLength: 30,
      },
    ),
    crashFrac: fc.double({ min: 0, max: 1, noNaN: true }),
  });

  /**
   * Append one txn per step at the step's time, fsync after it when step.sync (if `serial`,
   * only when no fsync is outstanding, as a single sync thread would), crash at a random time,
   * then recover with a fresh FileTxnLog.
   */
  function runLog(seed: number, steps: Step[], crashFrac: number, serial: boolean) {
    const { world, node, disk, probe } = setup(seed);
    disk.options = { ...defaultDiskOptions, tornTailChance: 1 };
    const appended: TxnRecord[] = [];
    const coversCount = new Map<number, number>();
    let durableCount = 0;
    let outstanding = 0;
    probe().onDone = (token) => {
      outstanding--;
      durableCount = Math.max(durableCount, coversCount.get(token)!);
    };
    const log = new FileTxnLog(disk, '/data');
    let t = 1;
    steps.forEach((step, i) => {
      t += step.gapMs;
      world.at(t, `append ${i + 1}`, () => {
        if (!node.up) return; // the process is gone: no more appends
        const zxid = 0x100000000 + i + 1;
        const txn: TxnRecord = {
          hdr: { clientId: 0x100n + BigInt(i), cxid: i, zxid, time: t, type: OpCode.setData },
          txn: { type: OpCode.setData, path: '/a', data: step.data, version: i + 1 },
        };
        appended.push(txn);
        const file = log.append(txn);
        if (step.sync && !(serial && outstanding > 0)) {
          coversCount.set(probe().fsync(file), appended.length);
          outstanding++;
        }
      });
    });
    const crashAt = 1 + crashFrac * (t - 1 + 2 * defaultDiskOptions.fsyncMaxMs);
    world.at(crashAt, 'crash', () => world.crash('d'));
    world.run();
    const recoveredLog = new FileTxnLog(disk, '/data');
    const before = new Map(recoveredLog.files().map((f) => [f, disk.read(f)!]));
    const recovered = recoveredLog.readAll();
    return { appended, durableCount, recovered, disk, before };
  }

  it('property: after a crash, a txn log holds exactly the records whose fsync completed (a torn tail is cut by the checksum) — one fsync at a time', () => {
    fc.assert(
      fc.property(arb, ({ seed, steps, crashFrac }) => {
        const { appended, durableCount, recovered } = runLog(seed, steps, crashFrac, true);
        // A prefix of what was appended (a torn tail may keep whole unsynced records, never a
        // broken or reordered one), with every record a completed fsync covered.
        expect(recovered).toEqual(appended.slice(0, recovered.length));
        expect(recovered.length).toBeGreaterThanOrEqual(durableCount);
      }),
      { numRuns: 200 },
    );
  });

  it('recovery cuts a torn tail: the file then holds exactly the valid records, ending on a record boundary', () => {
    let tears = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const steps = [
        { gapMs: 0, data: 'first', sync: true },
        { gapMs: 10, data: 'second, never synced', sync: false },
        { gapMs: 0, data: 'third, never synced', sync: false },
      ];
      const { appended, recovered, disk, before } = runLog(seed, steps, 1, true);
      const file = '/data/version-2/log.100000001';
      expect([...before.keys()]).toEqual([file]);
      const raw = before.get(file)!;
      const full = appended.map(encodeRecord).join('');
      // The crash kept the synced record and a strict prefix of the rest (torn tails on).
      expect(full.startsWith(raw)).toBe(true);
      expect(raw.length).toBeGreaterThan(encodeRecord(appended[0]!).length);
      expect(raw.length).toBeLessThan(full.length);
      const text = disk.read(file)!;
      expect(text).toBe(recovered.map(encodeRecord).join(''));
      expect(scanLog(text).tornBytes).toBe(0);
      if (scanLog(raw).tornBytes > 0) tears++;
    }
    // Most cuts fall inside a record (the checksum's job), not exactly on a boundary.
    expect(tears).toBeGreaterThan(20);
  });

  // Overlapping fsyncs (the regression above): a slow earlier fsync must not move the durable
  // content back behind records a later fsync already made durable.
  it('property: after a crash, a txn log holds exactly the records whose fsync completed (a torn tail is cut by the checksum) — overlapping fsyncs', () => {
    fc.assert(
      fc.property(arb, ({ seed, steps, crashFrac }) => {
        const { appended, durableCount, recovered } = runLog(seed, steps, crashFrac, false);
        expect(recovered).toEqual(appended.slice(0, recovered.length));
        expect(recovered.length).toBeGreaterThanOrEqual(durableCount);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
