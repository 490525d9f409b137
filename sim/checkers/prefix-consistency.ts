// prefix-consistency (the TLA+ spec's PrefixConsistency: the committed prefixes of any two
// servers' histories agree). With C the committed sequence (replicas.ts: every zxid delivered
// or committed anywhere, and a leader's whole history when it is established), every server's
// delivered history is a prefix of C:
// 1. when a server delivers zxid, the txn it held just before (its tip) is the committed txn
//    just before zxid in C (none: it held nothing past genesis), and a zxid not committed yet
//    lies above every committed one;
// 2. when a learner finishes syncing (zab.uptodate), its last txn is committed;
// 3. when a leader is established, its history has no uncommitted txn below a committed one;
// 4. a TRUNC leaves the learner's tree at the truncation zxid: a database reloaded above it (a
//    snapshot newer than the cut, which FileTxnSnapLog.truncateLog keeps) holds txns its leader
//    told it to drop.
// As every delivered history is a prefix of the one sequence C, of any two servers' delivered
// sequences one is a prefix of the other.
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas } from './replicas.ts';

export class PrefixConsistencyChecker implements Checker {
  readonly name = 'prefix-consistency';
  readonly kinds = REPLICA_KINDS;

  constructor(private readonly m: Replicas = new Replicas()) {}

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k === 'zab.truncate' && ev.reloadedZxid > ev.zxid && ev.n !== undefined)
      world.violate(
        this.name,
        `${ev.n} truncated to ${zxidHex(ev.zxid)} but reloaded its database up to ${zxidHex(ev.reloadedZxid)} from a snapshot newer than the cut: its tree keeps txns its leader does not have`,
        ev.i,
      );
    const c = this.m.observe(ev);
    const g = this.m.genesis;
    const node = c.k === 'none' ? '' : c.r.node;
    if (c.k === 'deliver' && c.zxid > g) {
      const want = c.prevCommitted;
      if (want === undefined ? c.prevTip > g : c.prevTip !== want) {
        const had = c.prevTip > g ? `it held ${zxidHex(c.prevTip)} last` : 'it held nothing before it';
        const committed =
          want === undefined ? 'no committed txn precedes it' : `the committed txn before it is ${zxidHex(want)}`;
        world.violate(this.name, `${node} delivered ${zxidHex(c.zxid)}, but ${had} and ${committed}`, ev.i);
      } else if (c.newly && c.maxCommittedBefore > c.zxid) {
        world.violate(
          this.name,
          `${node} delivered ${zxidHex(c.zxid)}, which is not committed, below the committed ${zxidHex(c.maxCommittedBefore)}`,
          ev.i,
        );
      }
    } else if (c.k === 'uptodate' && c.r.tip > g && !this.m.isCommitted(c.r.tip)) {
      world.violate(
        this.name,
        `${node} finished syncing holding ${zxidHex(c.r.tip)} last, which is not committed`,
        ev.i,
      );
    } else if (c.k === 'established') {
      const fork = c.newly.find((z) => z < c.maxCommittedBefore);
      if (fork !== undefined)
        world.violate(
          this.name,
          `${node} established as leader of epoch ${c.epoch} holding ${zxidHex(fork)}, which is not committed though ${zxidHex(c.maxCommittedBefore)} is`,
          ev.i,
        );
    }
  }
}
