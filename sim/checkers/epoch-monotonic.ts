// epoch-monotonic: on every server, acceptedEpoch and currentEpoch never decrease, across
// restarts too, and currentEpoch <= acceptedEpoch at all times. The values are those made
// durable (zab.epoch, emitted once the epoch file's write is fsynced and renamed) and those
// loaded at start-up (peer.loaded carries both): a durable epoch must never come back smaller.
// And a learner's currentEpoch stands for the history it was synced: a server that restarts
// with currentEpoch e, after the leader of e synced it to zxid Z (the leader's last zxid at
// zab.sync for it), loads a log that reaches Z — else it would vote with epoch e over a history
// it lacks, and win over servers that hold it (what ZOOKEEPER-4643's order, txns then
// currentEpoch, prevents). What a learner is synced to is what the leader sends it before
// NEWLEADER: its committed history, and for a participant also the proposals in flight
// (Leader.startForwarding: "Only participant need to get outstanding proposals"; an observer
// gets them as INFORM once committed, so its history at NEWLEADER is the committed one).
import type { EpochFile as File } from '../../protocol/storage/EpochFiles.ts';
import { counterOf, zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { EventOf, TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';

/** A learner's sync: the leader's epoch, its history then, the leader, and whether it observes. */
interface Sync {
  epoch: number;
  zxid: number;
  leader: string;
  observer: boolean;
}

export class EpochMonotonicChecker implements Checker {
  readonly name = 'epoch-monotonic';
  readonly kinds = [
    'zab.newepoch',
    'zab.learner',
    'zab.logged',
    'zab.truncate',
    'zab.snap',
    'zab.sync',
    'zab.epoch',
    'peer.loaded',
  ] as const;
  private readonly epochs = new Map<string, Record<File, number | undefined>>();
  /** The epoch each leader proposed (zab.newepoch). */
  private readonly leaderEpoch = new Map<string, number>();
  /** Per learner, its last sync: the leader's epoch and the leader's last zxid then. */
  private readonly syncing = new Map<string, Sync>();
  /** Per learner, the sync its durable currentEpoch stands for (it wrote that epoch after it). */
  private readonly synced = new Map<string, Sync>();
  /**
   * Per server, the last txn its history holds (loaded, logged, truncated to, snapped to): what a
   * learner synced to a leader's new-epoch zxid (counter 0, epoch << 32 — Leader.startZkServer's
   * zxid, which is no txn) must reach.
   */
  private readonly lastTxn = new Map<string, number>();
  /** Per leader, its last txn when it proposed its epoch: the history it commits as a whole. */
  private readonly lastTxnAtNewEpoch = new Map<string, number>();
  /** `leader:sid` of each learner that registered with OBSERVERINFO. */
  private readonly observers = new Set<string>();

  onEvent(ev: TraceEvent, world: World): void {
    const n = ev.n;
    if (n === undefined) return;
    if (ev.k === 'zab.newepoch') {
      this.leaderEpoch.set(n, ev.epoch);
      this.lastTxnAtNewEpoch.set(n, this.lastTxn.get(n) ?? 0);
      return;
    }
    if (ev.k === 'zab.learner') {
      if (ev.kind === 'OBSERVERINFO') this.observers.add(`${n}:${ev.sid}`);
      else this.observers.delete(`${n}:${ev.sid}`);
      return;
    }
    if (ev.k === 'zab.logged') {
      if (ev.zxid > (this.lastTxn.get(n) ?? 0)) this.lastTxn.set(n, ev.zxid);
      return;
    }
    if (ev.k === 'zab.truncate') {
      this.lastTxn.set(n, ev.zxid);
      return;
    }
    if (ev.k === 'zab.snap') {
      // A SNAP at epoch << 32 carries the history the leader had when it synced this learner
      // (zab.sync: its log and, for a participant, the proposals queued before NEWLEADER) — not
      // what the leader logged since: proposals it made after queueing NEWLEADER reach the learner
      // behind it, and count only once the learner logs them (3-server sweep seeds 869, 881, 930:
      // the learner takes its NEWLEADER snapshot after a partition, when the leader has logged
      // three more proposals it never got).
      const s = this.syncing.get(n);
      const from = s !== undefined && s.leader === `s${ev.from}` ? s.zxid : this.lastTxn.get(`s${ev.from}`);
      this.lastTxn.set(n, counterOf(ev.zxid) !== 0 ? ev.zxid : (from ?? this.lastTxn.get(n) ?? 0));
      return;
    }
    if (ev.k === 'zab.sync') {
      const epoch = this.leaderEpoch.get(n);
      // lastProcessedZxid is committed; at epoch << 32 (nothing committed in the epoch yet) a
      // participant is sent the leader's log and the proposals in flight, an observer the log
      // the leader had when it proposed the epoch.
      const observer = this.observers.has(`${n}:${ev.peer}`);
      const zxid =
        counterOf(ev.leaderLastZxid) !== 0
          ? ev.leaderLastZxid
          : ((observer ? this.lastTxnAtNewEpoch.get(n) : this.lastTxn.get(n)) ?? 0);
      if (epoch !== undefined) this.syncing.set(`s${ev.peer}`, { epoch, zxid, leader: n, observer });
      return;
    }
    if (ev.k === 'zab.epoch') {
      this.set(world, ev, ev.file, ev.value, 'wrote');
      const s = this.syncing.get(n);
      if (ev.file === 'currentEpoch' && s !== undefined && s.epoch === ev.value) this.synced.set(n, s);
    } else if (ev.k === 'peer.loaded') {
      this.syncing.delete(n);
      if (counterOf(ev.lastZxid) !== 0 || !this.lastTxn.has(n)) this.lastTxn.set(n, ev.lastZxid);
      this.checkSynced(world, ev, n, ev.currentEpoch, ev.lastZxid);
      this.set(world, ev, 'acceptedEpoch', ev.acceptedEpoch, 'loaded');
      this.set(world, ev, 'currentEpoch', ev.currentEpoch, 'loaded');
    } else {
      return;
    }
    const e = this.epochs.get(n)!;
    if (e.currentEpoch !== undefined && e.acceptedEpoch !== undefined && e.currentEpoch > e.acceptedEpoch)
      world.violate(this.name, `${n}: currentEpoch ${e.currentEpoch} > acceptedEpoch ${e.acceptedEpoch}`, ev.i);
  }

  private checkSynced(world: World, ev: EventOf<'peer.loaded'>, n: string, epoch: number, lastZxid: number): void {
    const s = this.synced.get(n);
    // An observer casts no vote, so a currentEpoch over a short log wins nothing — and 3.8 has
    // one: Learner.syncWithLeader logs packetsNotLogged at NEWLEADER only for a
    // FollowerZooKeeperServer, an observer commits them after UPTODATE (ObserverZooKeeperServer
    // .commitRequest, its SyncRequestProcessor logging behind) and may crash before they are on
    // disk (3+2 observers sweep on f1c4a15: 32 of seeds 1..820 failed so, all on s4/s5).
    if (!s || s.observer || s.epoch !== epoch || lastZxid >= s.zxid) return;
    world.violate(
      this.name,
      `${n} restarted with currentEpoch ${epoch} but its log ends at ${zxidHex(lastZxid)}, before ${zxidHex(s.zxid)}, the last txn ${s.leader} synced it to in epoch ${epoch}`,
      ev.i,
    );
  }

  private set(world: World, ev: EventOf<'zab.epoch' | 'peer.loaded'>, file: File, value: number, how: string): void {
    const n = ev.n;
    let e = this.epochs.get(n);
    if (!e) this.epochs.set(n, (e = { acceptedEpoch: undefined, currentEpoch: undefined }));
    const prev = e[file];
    if (prev !== undefined && value < prev)
      world.violate(this.name, `${n} ${how} ${file} ${value}, below the ${prev} it had made durable`, ev.i);
    e[file] = prev === undefined ? value : Math.max(prev, value);
  }
}
