// epoch-monotonic: on every server, acceptedEpoch and currentEpoch never decrease, across
// restarts too, and currentEpoch <= acceptedEpoch at all times. The values are those made
// durable (zab.epoch, emitted once the epoch file's write is fsynced and renamed) and those
// loaded at start-up (peer.loaded carries both): a durable epoch must never come back smaller.
import type { Checker } from '../checker.ts';
import type { TraceEvent } from '../trace.ts';
import type { World } from '../world.ts';

type File = 'acceptedEpoch' | 'currentEpoch';

export class EpochMonotonicChecker implements Checker {
  readonly name = 'epoch-monotonic';
  private readonly epochs = new Map<string, Record<File, number | undefined>>();

  onEvent(ev: TraceEvent, world: World): void {
    const n = ev.n;
    if (n === undefined) return;
    if (ev.k === 'zab.epoch') {
      this.set(world, ev, ev.file as File, ev.value as number, 'wrote');
    } else if (ev.k === 'peer.loaded') {
      this.set(world, ev, 'acceptedEpoch', ev.acceptedEpoch as number, 'loaded');
      this.set(world, ev, 'currentEpoch', ev.currentEpoch as number, 'loaded');
    } else {
      return;
    }
    const e = this.epochs.get(n)!;
    if (e.currentEpoch !== undefined && e.acceptedEpoch !== undefined && e.currentEpoch > e.acceptedEpoch)
      world.violate(this.name, `${n}: currentEpoch ${e.currentEpoch} > acceptedEpoch ${e.acceptedEpoch}`, ev.i);
  }

  private set(world: World, ev: TraceEvent, file: File, value: number, how: string): void {
    const n = ev.n!;
    let e = this.epochs.get(n);
    if (!e) this.epochs.set(n, (e = { acceptedEpoch: undefined, currentEpoch: undefined }));
    const prev = e[file];
    if (prev !== undefined && value < prev) world.violate(this.name, `${n} ${how} ${file} ${value}, below the ${prev} it had made durable`, ev.i);
    e[file] = prev === undefined ? value : Math.max(prev, value);
  }
}
