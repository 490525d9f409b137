// session-expiry: a session is expired only when the server that tracks it has not heard from
// its client for its timeout, and is expired in time when it has not; a client hears
// SessionExpired only for a session that really expired; nothing of a closed session is applied.
//
// The tracker is the server whose SessionTracker runs its expirer (zk.session-tracker: the
// leader in an ensemble — learners report their clients' touches in their pings and
// REVALIDATEs — or a standalone server). Every time it moves a session to a later expiry bucket
// (zk.session-touch: a request, a learner's ping, a revalidation, addSession) it has heard from
// the session at that moment, with that timeout. 3.8's ExpiryQueue rounds an expiry time up to
// the next tick (roundToNextInterval, expirationInterval = tickTime) and its expirer polls each
// bucket when its time comes, so a session last heard at H (the tracker's monotonic clock,
// Time.currentElapsedTime: read here from the world's clock of that server) with timeout T is
// expired in the window
//     H + T  <  expiry  <=  H + T + tickTime
// while its tracker lives, runs and is not paused. Touches that keep a session in its bucket
// are not traced: the H seen is then earlier than the last touch, which only widens the lower
// side and leaves the upper one exact (the bucket did not move). The upper side allows
// tickTime / 4 + 1 ms more for a clock-rate change while the expirer sleeps (at most a tick; a
// clock-drift fault changes a rate by far less than 25%). A pause of the tracker lifts the upper
// bound of its sessions until they are heard again (its timers fire late); a new tracker (a new
// leader) re-arms every session with its full timeout (addSession at startServing: a touch), so
// the bound starts again there. So a session whose client is gone is expired within
// T + tickTime of the last time a running tracker heard of it (or of that tracker's start).
// Checked:
// 1. no expiry at or before H + T (too early), nor after H + T + tickTime (+ slack) — a missed
//    deadline is seen when the session is next touched, or the tracker stops, pauses, crashes,
//    or the run ends;
// 2. a client told SessionExpired (client.expired) has a session some tracker expired or whose
//    closeSession was delivered — or proposed: a closeSession can reach every tree without a
//    delivery (fast-forwarded from the logs at a role's end, sent in a SNAP). One exception is
//    3.8's own behaviour: a server whose tree has not got the session's createSession (a leader
//    of an older epoch that has not yet seen it lost its quorum: a paused leader resumes, and
//    Leader.lead's quorum check comes only every other half tick) answers the reconnect of a
//    session it does not know as expired (ZooKeeperServer.reopenSession → revalidateSession:
//    touchSession fails → finishSessionInit(false)), though the session lives on the new
//    leader — unless the client has seen a zxid past that server's, which refuses it instead
//    (processConnectRequest). The 5-server clean sweep's seed 989 (guided) is that: such a
//    refusal is not a violation (a live session told expired by a stale server, as 3.8 does);
//    the refusals are counted in \`staleRefusals\`;
// 3. no txn of a session is delivered after its closeSession (in zxid order; error txns, a
//    second closeSession excepted): a request of a closing session is refused (checkSession).
//    A multi refused so is still a multi txn: PrepRequestProcessor.pRequest's multi case makes
//    each op an ErrorTxn (SessionExpired for the first, RuntimeInconsistency after) inside a
//    MultiTxn whose header type stays multi — it changes nothing, so it is excepted too;
// (its ephemerals going in the closeSession txn is the session checker's.)
import { OpCode, opName } from '../../protocol/server/txn.ts';
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { hexSession } from './replicas.ts';

interface Heard {
  /** The tracker's monotonic clock when it last moved the session's bucket, ms. */
  at: number;
  timeout: number;
  /** The upper bound holds (the tracker ran, unpaused, since). */
  bounded: boolean;
}

const ERROR_TXN = -1;

export class SessionExpiryChecker implements Checker {
  readonly name = 'session-expiry';
  readonly kinds = [
    'zk.session-touch',
    'zk.session-tracker',
    'zk.session-expire',
    'zk.session-reopen',
    'proc',
    'zab.propose',
    'zab.deliver',
    'client.expired',
  ] as const;
  /** Per server: its sessions as its tracker heard them. */
  private readonly heard = new Map<string, Map<bigint, Heard>>();
  /** Servers whose expirer runs. */
  private readonly running = new Set<string>();
  /** Sessions a tracker expired. */
  private readonly expired = new Set<bigint>();
  /** session → zxid of its (first) closeSession. */
  private readonly closed = new Map<bigint, number>();
  private done = 0;
  private readonly slack: number;
  /** Sessions a closeSession was proposed for. */
  private readonly proposedClose = new Set<bigint>();
  /** session → the zxid of its createSession (first delivery). */
  private readonly createdAt = new Map<bigint, number>();
  /** server → the highest zxid it delivered. */
  private readonly lastDelivered = new Map<string, number>();
  /** Sessions a server that had not seen their createSession told they were expired. */
  private readonly staleRefused = new Set<bigint>();
  /** How many reconnects a stale server answered as expired (rule 2's exception). */
  staleRefusals = 0;

  constructor(private readonly tickTime: number) {
    this.slack = tickTime / 4 + 1;
  }

  private sessionsOf(n: string): Map<bigint, Heard> {
    let m = this.heard.get(n);
    if (!m) this.heard.set(n, (m = new Map()));
    return m;
  }

  /** Server n's monotonic clock at global time t (µs), ms. */
  private clock(world: World, n: string, t: number): number {
    return world.nodes.get(n)?.clock.elapsedMs(t) ?? t / 1000;
  }

  onEvent(ev: TraceEvent, world: World): void {
    switch (ev.k) {
      case 'zk.session-touch': {
        const n = ev.n;
        const now = this.clock(world, n, ev.t);
        const m = this.sessionsOf(n);
        const h = m.get(ev.session);
        if (h && this.running.has(n)) this.late(world, ev.i, n, ev.session, h, now, 'it heard from it again');
        m.set(ev.session, { at: now, timeout: ev.timeout, bounded: this.running.has(n) });
        return;
      }
      case 'zk.session-tracker': {
        const n = ev.n;
        if (ev.running) {
          // startServing re-adds (touches) every session just before; the tracker holds these.
          const m = this.sessionsOf(n);
          const keep = new Set(ev.sessions);
          for (const s of [...m.keys()]) if (!keep.has(s)) m.delete(s);
          for (const h of m.values()) h.bounded = true;
          this.running.add(n);
        } else {
          this.stop(world, ev.i, n, this.clock(world, n, ev.t), 'its tracker stopped');
        }
        return;
      }
      case 'zk.session-expire': {
        const n = ev.n;
        const now = this.clock(world, n, ev.t);
        const h = this.heard.get(n)?.get(ev.session);
        this.expired.add(ev.session);
        if (!h) return;
        this.heard.get(n)!.delete(ev.session);
        if (now <= h.at + h.timeout)
          world.violate(
            this.name,
            `${n} expired session ${hexSession(ev.session)} ${fmt(now - h.at)} ms after it last heard from it, within its timeout of ${h.timeout} ms (expiry must come after H + ${h.timeout} and by H + ${h.timeout} + tickTime ${this.tickTime})`,
            ev.i,
          );
        else if (h.bounded && this.running.has(n)) this.late(world, ev.i, n, ev.session, h, now, 'it expired it');
        return;
      }
      case 'proc':
        if (ev.what === 'pause') {
          const m = this.heard.get(ev.n);
          if (!m || !this.running.has(ev.n)) return;
          const now = this.clock(world, ev.n, ev.t);
          for (const [s, h] of m) {
            this.late(world, ev.i, ev.n, s, h, now, 'it was paused');
            h.bounded = false;
          }
        } else if (ev.what === 'crash' || ev.what === 'exit') {
          this.stop(world, ev.i, ev.n, this.clock(world, ev.n, ev.t), 'it crashed');
        }
        return;
      case 'zab.propose':
        if (ev.type === OpCode.closeSession && ev.session !== undefined) this.proposedClose.add(ev.session);
        return;
      case 'zk.session-reopen': {
        if (ev.valid) return;
        const created = this.createdAt.get(ev.session);
        if (created === undefined || (this.lastDelivered.get(ev.n) ?? 0) < created) {
          this.staleRefused.add(ev.session);
          this.staleRefusals++;
        }
        return;
      }
      case 'zab.deliver': {
        if (ev.type === OpCode.closeSession) this.heard.get(ev.n)?.delete(ev.session);
        const zxid = ev.zxid;
        if (zxid > (this.lastDelivered.get(ev.n) ?? 0)) this.lastDelivered.set(ev.n, zxid);
        if (ev.type === OpCode.createSession && !this.createdAt.has(ev.session)) this.createdAt.set(ev.session, zxid);
        if (zxid <= this.done) return;
        this.done = zxid;
        const s = ev.session;
        const closedAt = this.closed.get(s);
        if (ev.type === OpCode.closeSession) {
          if (closedAt === undefined) this.closed.set(s, zxid);
        } else if (
          closedAt !== undefined &&
          ev.type !== ERROR_TXN &&
          ev.type !== OpCode.createSession &&
          !(ev.type === OpCode.multi && (ev.ops ?? []).every((op) => op.type === ERROR_TXN))
        ) {
          world.violate(
            this.name,
            `${ev.n} delivered ${zxidHex(zxid)}, a ${opName[ev.type] ?? ev.type} of session ${hexSession(s)}, after its closeSession at ${zxidHex(closedAt)}`,
            ev.i,
          );
        }
        return;
      }
      case 'client.expired':
        if (
          !this.expired.has(ev.session) &&
          !this.closed.has(ev.session) &&
          !this.proposedClose.has(ev.session) &&
          !this.staleRefused.has(ev.session)
        )
          world.violate(
            this.name,
            `${ev.n} was told session ${hexSession(ev.session)} expired, but no tracker expired it and no closeSession of it was delivered`,
            ev.i,
          );
        return;
      default:
        return;
    }
  }

  finish(world: World): void {
    for (const n of this.running) {
      const m = this.heard.get(n);
      if (!m || world.nodes.get(n)?.up === false) continue;
      const now = this.clock(world, n, world.now);
      for (const [s, h] of m) this.late(world, world.trace.count - 1, n, s, h, now, 'the run ended');
    }
  }

  /** The tracker's end: any session past its deadline was missed; its view goes. */
  private stop(world: World, i: number, n: string, now: number, why: string): void {
    const m = this.heard.get(n);
    if (m && this.running.has(n)) for (const [s, h] of m) this.late(world, i, n, s, h, now, why);
    this.heard.delete(n);
    this.running.delete(n);
  }

  private late(world: World, i: number, n: string, s: bigint, h: Heard, now: number, why: string): void {
    if (!h.bounded) return;
    const deadline = h.at + h.timeout + this.tickTime + this.slack;
    if (now <= deadline) return;
    h.bounded = false;
    world.violate(
      this.name,
      `${n} had not expired session ${hexSession(s)} ${fmt(now - h.at)} ms after it last heard from it when ${why}: past its timeout of ${h.timeout} ms + tickTime ${this.tickTime}`,
      i,
    );
  }
}

function fmt(ms: number): string {
  return String(Math.round(ms * 1000) / 1000);
}
