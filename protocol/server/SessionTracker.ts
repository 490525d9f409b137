// SessionTrackerImpl of 3.8: session ids with the server id in the top byte, timeouts kept
// in expiry buckets that tick every tickTime (ExpiryQueue.roundToNextInterval), a session
// touched by every request and ping moves to a later bucket, and a bucket whose time has come
// expires its sessions through the expirer (which submits a closeSession request). Its
// Context is its own scope (its server's child), closed by shutdown(). Its clock is
// Time.currentElapsedTime() (ZOOKEEPER-1366's fix); `now` lets ZK-1366 put the wall clock back.
// It traces zk.session-touch when a session moves to another bucket (ExpiryQueue.update
// returning a new time: at most once a tick per session), and zk.session-tracker when its
// expirer starts and stops: the session-expiry checker's view of what it heard and when.
import type { Context } from '../actor.ts';
import { Code, KeeperException } from '../errors.ts';

export interface Session {
  readonly id: bigint;
  timeout: number;
  /** Expiry bucket time (the server's monotonic clock, ms: ExpiryQueue's Time.currentElapsedTime()). */
  expiry: number;
  closing: boolean;
  /**
   * SessionImpl.owner: who may send the session's requests — ServerCnxn.me (a connection of
   * this server), the LearnerHandler of the learner the client is on, or null (not yet claimed:
   * the first checkSession takes it).
   */
  owner: unknown;
}

export interface SessionExpirer {
  expire(session: Session): void;
}

const CONTAINER_EPHEMERAL_OWNER = 0x8000000000000000n;

/** SessionTrackerImpl.initializeNextSession: (elapsed ms << 24) >>> 8, the server id in the top byte. */
export function initializeNextSession(serverId: number, elapsedMs: number): bigint {
  const shifted = BigInt.asUintN(64, BigInt.asIntN(64, BigInt(Math.floor(elapsedMs)) << 24n)) >> 8n;
  let nextSid = shifted | (BigInt(serverId) << 56n);
  nextSid = BigInt.asUintN(64, nextSid);
  if (nextSid === CONTAINER_EPHEMERAL_OWNER) nextSid++;
  return nextSid;
}

export class SessionTracker {
  readonly sessions = new Map<bigint, Session>();
  private readonly buckets = new Map<number, Set<Session>>();
  private nextSessionId: bigint;
  private nextExpirationTime: number;
  private running = false;

  constructor(
    private readonly ctx: Context,
    private readonly expirer: SessionExpirer,
    private readonly expirationInterval: number,
    serverId: number,
    /** The clock ExpiryQueue reads: Time.currentElapsedTime() (System.currentTimeMillis() with ZK-1366). */
    private readonly now: () => number = () => ctx.currentElapsedTime(),
  ) {
    // SessionTrackerImpl.initializeNextSessionId and ExpiryQueue(): Time.currentElapsedTime().
    this.nextSessionId = initializeNextSession(serverId, this.now());
    this.nextExpirationTime = this.roundToNextInterval(this.now());
  }

  roundToNextInterval(time: number): number {
    return (Math.floor(time / this.expirationInterval) + 1) * this.expirationInterval;
  }

  start(): void {
    this.running = true;
    this.ctx.trace('zk.session-tracker', { running: true, sessions: [...this.sessions.keys()] });
    this.arm();
  }

  /** SessionTrackerImpl.shutdown: running = false, the expirer thread ends (its timer with its scope). */
  shutdown(): void {
    if (this.running) this.ctx.trace('zk.session-tracker', { running: false, sessions: [] });
    this.running = false;
    this.ctx.close();
  }

  createSession(timeout: number): bigint {
    const id = this.nextSessionId;
    this.nextSessionId = BigInt.asUintN(64, this.nextSessionId + 1n);
    this.addSession(id, timeout);
    return id;
  }

  /** Add (or re-add, on load) a session with its timeout; it expires one timeout from now. */
  addSession(id: bigint, timeout: number, owner: unknown = null): boolean {
    let s = this.sessions.get(id);
    const added = !s;
    if (!s) {
      s = { id, timeout, expiry: 0, closing: false, owner };
      this.sessions.set(id, s);
    } else {
      s.timeout = timeout;
    }
    this.updateExpiry(s, timeout);
    return added;
  }

  /** touchSession: false if the session is unknown or closing. */
  touchSession(id: bigint, timeout?: number): boolean {
    const s = this.sessions.get(id);
    if (!s || s.closing) return false;
    this.updateExpiry(s, timeout ?? s.timeout);
    return true;
  }

  setSessionClosing(id: bigint): void {
    const s = this.sessions.get(id);
    if (s) s.closing = true;
  }

  /**
   * SessionTrackerImpl.checkSession(sessionId, owner): an unknown session is UnknownSession, a
   * closing one (its closeSession is prepared) SessionExpired, one owned by another connection
   * SessionMoved; an unclaimed session is claimed by `owner`. `closingIsLive` is the check
   * before ZOOKEEPER-1208's fix (fa9e821e9), which let a closing session's requests through.
   */
  checkSession(id: bigint, owner: unknown, closingIsLive = false): void {
    const s = this.sessions.get(id);
    if (!s) throw new KeeperException(Code.UNKNOWNSESSION);
    if (s.closing && !closingIsLive) throw new KeeperException(Code.SESSIONEXPIRED);
    if (s.owner === null) s.owner = owner;
    else if (s.owner !== owner) throw new KeeperException(Code.SESSIONMOVED);
  }

  /** SessionTrackerImpl.setOwner: SessionExpired for an unknown or closing session. */
  setOwner(id: bigint, owner: unknown): void {
    const s = this.sessions.get(id);
    if (!s || s.closing) throw new KeeperException(Code.SESSIONEXPIRED);
    s.owner = owner;
  }

  isActive(id: bigint): boolean {
    const s = this.sessions.get(id);
    return s !== undefined && !s.closing;
  }

  removeSession(id: bigint): void {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    this.buckets.get(s.expiry)?.delete(s);
  }

  private updateExpiry(s: Session, timeout: number): void {
    // ExpiryQueue.update: roundToNextInterval(Time.currentElapsedTime() + timeout).
    const newExpiry = this.roundToNextInterval(this.now() + timeout);
    if (newExpiry === s.expiry) return;
    this.ctx.trace('zk.session-touch', { session: s.id, timeout });
    this.buckets.get(s.expiry)?.delete(s);
    s.expiry = newExpiry;
    let b = this.buckets.get(newExpiry);
    if (!b) this.buckets.set(newExpiry, (b = new Set()));
    b.add(s);
  }

  /** SessionTrackerImpl.run: the expirer thread wakes at the next bucket's time. */
  private expireDue(): void {
    if (!this.running) return;
    const now = this.now(); // ExpiryQueue.poll: Time.currentElapsedTime()
    while (this.nextExpirationTime <= now) {
      const due = this.buckets.get(this.nextExpirationTime);
      this.buckets.delete(this.nextExpirationTime);
      this.nextExpirationTime += this.expirationInterval;
      if (!due) continue;
      for (const s of due) {
        s.closing = true;
        this.expirer.expire(s);
      }
    }
    this.arm();
  }

  private arm(): void {
    if (!this.running) return;
    // ExpiryQueue.getWaitTime: nextExpirationTime - Time.currentElapsedTime(), then Thread.sleep.
    const wait = this.nextExpirationTime - this.now();
    this.ctx.setTimer(Math.max(0, wait), 'session.expire', () => this.expireDue());
  }

  /**
   * SessionTrackerImpl.dumpSessions (after "Session "): the expiry queue's buckets by time,
   * the empty ones a touched session left behind included (they go when their time is polled).
   */
  dumpSessions(dateOf: (ms: number) => string): string {
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    let s = `Sets (${this.buckets.size})/(${this.sessions.size}):\n`;
    for (const t of keys) {
      const set = this.buckets.get(t)!;
      s += `${set.size} expire at ${dateOf(t)}:\n`;
      for (const x of set) s += `\t0x${x.id.toString(16)}\n`;
    }
    return s;
  }
}
