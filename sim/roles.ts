// Who is what: each server's role, leader and epoch, followed from the trace alone
// (state events of the protocol, process events of the world).
import type { TraceEvent } from './trace.ts';

export type Role = 'looking' | 'following' | 'leading' | 'observing' | 'down';

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

  onEvent(ev: TraceEvent): void {
    if (ev.k === 'state') {
      this.roles.set(ev.n!, {
        role: (ev.state as string).toLowerCase() as Role,
        leader: ev.leader as number | null,
        peerEpoch: ev.peerEpoch as number,
        round: ev.round as number,
        since: ev.t / 1000,
      });
    } else if (ev.k === 'zab.epoch' && ev.file === 'currentEpoch') {
      const r = this.roles.get(ev.n!);
      if (r) r.peerEpoch = ev.value as number;
    } else if (ev.k === 'proc' && (ev.what === 'crash' || ev.what === 'exit')) {
      const r = this.roles.get(ev.n!);
      this.roles.set(ev.n!, { role: 'down', leader: null, peerEpoch: r?.peerEpoch ?? 0, round: r?.round ?? 0, since: ev.t / 1000 });
    }
  }

  role(node: string): Role {
    return this.roles.get(node)?.role ?? 'down';
  }

  /** The one server leading, or null (none, or more than one). */
  leader(): string | null {
    const leading = [...this.roles].filter(([, r]) => r.role === 'leading').map(([n]) => n);
    return leading.length === 1 ? leading[0]! : null;
  }
}
