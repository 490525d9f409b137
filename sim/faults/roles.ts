// Who is what: each server's role, leader and epoch, followed from the trace alone
// (state events of the protocol, process events of the world).
import type { ServerState } from '../../protocol/election/Vote.ts';
import type { TraceEvent } from '../engine/trace.ts';

export type Role = 'looking' | 'following' | 'leading' | 'observing' | 'down';

const roleOf: Record<ServerState, Role> = {
  LOOKING: 'looking',
  FOLLOWING: 'following',
  LEADING: 'leading',
  OBSERVING: 'observing',
};

export interface RoleInfo {
  role: Role;
  leader: number | null;
  peerEpoch: number;
  round: number;
  /** Simulated time (ms) of the last role change. */
  since: number;
}

export class RoleTracker {
  readonly roles = new Map<string, RoleInfo>();
  /** Learners between zab.connected and zab.uptodate (syncing with their leader). */
  readonly syncing = new Set<string>();

  onEvent(ev: TraceEvent): void {
    if (ev.k === 'zab.connected') this.syncing.add(ev.n);
    else if (ev.k === 'zab.uptodate' || ev.k === 'zab.learner-shutdown') this.syncing.delete(ev.n);
    if (ev.k === 'state') {
      this.syncing.delete(ev.n);
      this.roles.set(ev.n, {
        role: roleOf[ev.state],
        leader: ev.leader,
        peerEpoch: ev.peerEpoch,
        round: ev.round,
        since: ev.t / 1000,
      });
    } else if (ev.k === 'zab.epoch' && ev.file === 'currentEpoch') {
      const r = this.roles.get(ev.n);
      if (r) r.peerEpoch = ev.value;
    } else if (ev.k === 'proc' && (ev.what === 'crash' || ev.what === 'exit')) {
      const r = this.roles.get(ev.n);
      this.syncing.delete(ev.n);
      this.roles.set(ev.n, {
        role: 'down',
        leader: null,
        peerEpoch: r?.peerEpoch ?? 0,
        round: r?.round ?? 0,
        since: ev.t / 1000,
      });
    }
  }

  role(node: string): Role {
    return this.roles.get(node)?.role ?? 'down';
  }

  /** Whether node is in a role of the fault language (sim/faults/plan.ts) now. */
  is(node: string, role: 'leader' | 'follower' | 'syncing-follower' | 'observer'): boolean {
    switch (role) {
      case 'leader':
        return this.role(node) === 'leading';
      case 'follower':
        return this.role(node) === 'following';
      case 'observer':
        return this.role(node) === 'observing';
      case 'syncing-follower':
        return this.syncing.has(node);
    }
  }

  /** The one server leading, or null (none, or more than one). */
  leader(): string | null {
    const leading = [...this.roles].filter(([, r]) => r.role === 'leading').map(([n]) => n);
    return leading.length === 1 ? leading[0]! : null;
  }
}
