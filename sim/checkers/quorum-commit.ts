// quorum-commit: a leader commits a txn (zab.commit of zxid, on the acks of some voters) only
// once a quorum of voters have it durably: among the acks it counted, the voters whose disk
// held zxid before the commit — logged and fsynced (zab.logged; for the leader, also its ACK
// of itself, sent when its log is flushed), or received by SNAP — must be a quorum of the
// voter set. Txns of the disks the run started from (genesis) count as durable everywhere.
// The same holds when a leader is established (zab.established, on the NEWLEADER acks of some
// voters): that commits its whole history, so every txn of it not committed before must be on
// the disks of a quorum of those acks — a learner ACKs NEWLEADER only once what it synced is
// durable (the rule ZOOKEEPER-3911 and ZOOKEEPER-4646 broke).
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { EventOf, TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas, has, quorumSize } from './replicas.ts';

export class QuorumCommitChecker implements Checker {
  readonly name = 'quorum-commit';
  readonly kinds = REPLICA_KINDS;
  private readonly voters: Set<number>;

  constructor(
    voters: readonly number[],
    private readonly m: Replicas = new Replicas(),
  ) {
    this.voters = new Set(voters);
  }

  onEvent(ev: TraceEvent, world: World): void {
    const change = this.m.observe(ev);
    if (ev.k === 'zab.established' && change.k === 'established') {
      for (const zxid of change.newly) this.check(ev, zxid, world, 'on establishing with NEWLEADER acks');
      return;
    }
    if (ev.k !== 'zab.commit') return;
    this.check(ev, ev.zxid, world, 'on acks');
  }

  private check(ev: EventOf<'zab.established' | 'zab.commit'>, zxid: number, world: World, how: string): void {
    const acks = ev.acks.filter((sid) => this.voters.has(sid));
    const durable = acks.filter((sid) => zxid <= this.m.genesis || has(this.m.rep(`s${sid}`).disk, zxid));
    if (durable.length >= quorumSize(this.voters.size)) return;
    const notLogged = acks.filter((sid) => !durable.includes(sid));
    world.violate(
      this.name,
      `${ev.n} committed ${zxidHex(zxid)} ${how} [${acks.join(',')}]` +
        (notLogged.length > 0 ? ` of which [${notLogged.join(',')}] had not logged it durably` : '') +
        `: not a quorum of voters [${[...this.voters].join(',')}]`,
      ev.i,
    );
  }
}
