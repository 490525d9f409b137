// FastLeaderElection of ZooKeeper 3.8, as an event-driven state machine.
// lookForLeader()'s blocking loop becomes: start() bumps logicalclock and votes for itself;
// every notification is handled as the loop body handles it; the poll timeout becomes a timer
// (notTimeout, doubling from 200 ms to 60 s, re-armed after every poll as the loop does); the
// finalizeWait poll after a quorum becomes a 200 ms window that any better vote cancels.
// The Messenger's WorkerReceiver logic (answering LOOKING peers, non-voters, stale rounds)
// lives in receive(). Each lookForLeader() call is a round with its own scope (a child of
// the election's Context): its timers are the loop's, and end with it.
import type { Context } from '../actor.ts';
import type { Bugs } from '../bugs.ts';
import type { VoteReason } from '../trace.ts';
import type { LearnerType } from '../config/zoocfg.ts';
import type { QuorumCnxManager } from './QuorumCnxManager.ts';
import { type Notification, type NotificationMsg, notification } from './Notification.ts';
import { type QuorumMaj, SyncedLearnerTracker } from './QuorumVerifier.ts';
import { NON_VOTER, type ServerState, type Vote, totalOrderPredicate, votesEqual, winReason } from './Vote.ts';

export const finalizeWait = 200;
export const minNotificationInterval = finalizeWait;
export const maxNotificationInterval = 60_000;

/** What FastLeaderElection needs of its QuorumPeer. */
export interface ElectionPeer {
  readonly myid: number;
  readonly learnerType: LearnerType;
  readonly qv: QuorumMaj;
  getLastLoggedZxid(): number;
  getCurrentEpoch(): number;
  getPeerState(): ServerState;
  getCurrentVote(): Vote;
  /** Historical bugs switched on (ZK-1419: totalOrderPredicate's third clause). */
  readonly bugs?: Bugs;
  /** The election is over: become LEADING/FOLLOWING/OBSERVING with this vote. */
  electionDone(state: ServerState, endVote: Vote, voteSet: SyncedLearnerTracker): void;
}

type Phase = 'idle' | 'looking' | 'finalizing';

export class FastLeaderElection {
  logicalclock = 0;
  proposedLeader = NON_VOTER;
  proposedZxid = NON_VOTER;
  proposedEpoch = NON_VOTER;
  private phase: Phase = 'idle';
  private recvset = new Map<number, Vote>();
  private outofelection = new Map<number, Vote>();
  private notTimeout = minNotificationInterval;
  /** The scope of the current lookForLeader() call (closed when it returns: decide, stop). */
  private round: Context | undefined;
  private pollTimer: number | undefined;
  private finalizeTimer: number | undefined;
  private voteSet: SyncedLearnerTracker | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly self: ElectionPeer,
    private readonly manager: QuorumCnxManager,
  ) {}

  get looking(): boolean {
    return this.phase !== 'idle';
  }

  // ---- the Messenger's receive side ------------------------------------------------------

  /** WorkerReceiver: a notification arrived from `sid`. */
  receive(sid: number, m: NotificationMsg): void {
    const self = this.self;
    if (!this.validVoter(sid)) {
      // From a non-voting server (an observer): answer right away with our current vote.
      const current = self.getCurrentVote();
      this.manager.toSend(
        sid,
        notification(current.id, current.zxid, this.logicalclock, self.getPeerState(), current.peerEpoch),
      );
      return;
    }
    const n: Notification = { ...m, sid };
    if (self.getPeerState() === 'LOOKING') {
      this.offer(n);
      if (n.state === 'LOOKING' && n.electionEpoch < this.logicalclock) {
        // The sender is behind: tell it our round and proposal.
        this.manager.toSend(
          sid,
          notification(this.proposedLeader, this.proposedZxid, this.logicalclock, 'LOOKING', this.proposedEpoch),
        );
      }
    } else if (n.state === 'LOOKING') {
      // We are settled and the sender is looking: tell it who leads.
      const current = self.getCurrentVote();
      this.manager.toSend(
        sid,
        notification(current.id, current.zxid, current.electionEpoch, self.getPeerState(), current.peerEpoch),
      );
    }
  }

  // ---- lookForLeader ---------------------------------------------------------------------

  lookForLeader(): void {
    this.recvset = new Map();
    this.outofelection = new Map();
    this.notTimeout = minNotificationInterval;
    this.logicalclock++;
    this.round?.close();
    this.round = this.ctx.scope(`round-${this.logicalclock}`);
    this.updateProposal(this.getInitId(), this.getInitLastLoggedZxid(), this.getPeerEpoch());
    this.phase = 'looking';
    this.ctx.trace('fle.start', {
      round: this.logicalclock,
      leader: this.proposedLeader,
      zxid: this.proposedZxid,
      peerEpoch: this.proposedEpoch,
    });
    this.sendNotifications();
    this.armPoll();
  }

  /** Stop looking (FastLeaderElection.shutdown: the peer is shutting down): the round ends. */
  stop(): void {
    this.phase = 'idle';
    this.endRound();
  }

  /** recvqueue.poll(notTimeout) returned null. */
  private pollTimedOut(): void {
    this.pollTimer = undefined;
    if (this.phase !== 'looking') return;
    if (this.manager.haveDelivered()) this.sendNotifications();
    else this.manager.connectAll();
    this.notTimeout = Math.min(this.notTimeout * 2, maxNotificationInterval);
    this.ctx.trace('fle.timeout', { round: this.logicalclock, next: this.notTimeout });
    this.armPoll();
  }

  /** recvqueue.poll(finalizeWait) returned null: nothing better came, the proposal stands. */
  private finalizeWaited(): void {
    this.finalizeTimer = undefined;
    if (this.phase === 'finalizing') this.decide(this.proposedLeader, this.voteSet!, false);
  }

  private offer(n: Notification): void {
    if (this.phase === 'finalizing') {
      // while ((n = recvqueue.poll(finalizeWait)) != null): a better vote reopens the election.
      if (
        totalOrderPredicate(
          n.leader,
          n.zxid,
          n.peerEpoch,
          this.proposedLeader,
          this.proposedZxid,
          this.proposedEpoch,
          this.weight,
          this.zk1419,
        )
      ) {
        this.clearTimers();
        this.phase = 'looking';
        this.ctx.trace('fle.reopen', { round: this.logicalclock, from: n.sid, leader: n.leader });
        this.handle(n);
        if (this.phase === 'looking') this.armPoll();
      } else {
        this.armFinalize();
      }
      return;
    }
    if (this.phase !== 'looking') return;
    this.handle(n);
    if (this.phase === 'looking') this.armPoll();
  }

  /** One iteration of lookForLeader's loop for a received notification. */
  private handle(n: Notification): void {
    if (!this.validVoter(n.sid) || !this.validVoter(n.leader)) return;
    this.ctx.trace('fle.recv', {
      round: this.logicalclock,
      from: n.sid,
      state: n.state,
      leader: n.leader,
      zxid: n.zxid,
      electionEpoch: n.electionEpoch,
      peerEpoch: n.peerEpoch,
    });
    switch (n.state) {
      case 'LOOKING': {
        if (this.getInitLastLoggedZxid() === -1 || n.zxid === -1) return;
        if (n.electionEpoch > this.logicalclock) {
          this.logicalclock = n.electionEpoch;
          this.recvset.clear();
          if (
            totalOrderPredicate(
              n.leader,
              n.zxid,
              n.peerEpoch,
              this.getInitId(),
              this.getInitLastLoggedZxid(),
              this.getPeerEpoch(),
              this.weight,
              this.zk1419,
            )
          ) {
            this.changeVote(n.leader, n.zxid, n.peerEpoch, 'newer-round', n.sid);
          } else {
            this.changeVote(this.getInitId(), this.getInitLastLoggedZxid(), this.getPeerEpoch(), 'newer-round', n.sid);
          }
          this.sendNotifications();
        } else if (n.electionEpoch < this.logicalclock) {
          return;
        } else if (
          totalOrderPredicate(
            n.leader,
            n.zxid,
            n.peerEpoch,
            this.proposedLeader,
            this.proposedZxid,
            this.proposedEpoch,
            this.weight,
            this.zk1419,
          )
        ) {
          this.changeVote(
            n.leader,
            n.zxid,
            n.peerEpoch,
            winReason(n.zxid, n.peerEpoch, this.proposedZxid, this.proposedEpoch),
            n.sid,
          );
          this.sendNotifications();
        }
        this.recvset.set(n.sid, {
          id: n.leader,
          zxid: n.zxid,
          electionEpoch: n.electionEpoch,
          peerEpoch: n.peerEpoch,
          state: 'LOOKING',
        });
        const voteSet = this.getVoteTracker(this.recvset, {
          id: this.proposedLeader,
          zxid: this.proposedZxid,
          electionEpoch: this.logicalclock,
          peerEpoch: this.proposedEpoch,
          state: 'LOOKING',
        });
        if (voteSet.hasAllQuorums()) {
          this.voteSet = voteSet;
          this.phase = 'finalizing';
          this.clearTimers();
          this.ctx.trace('fle.quorum', {
            round: this.logicalclock,
            leader: this.proposedLeader,
            acks: voteSet.acks(),
          });
          this.armFinalize();
        }
        return;
      }
      case 'OBSERVING':
        return;
      case 'FOLLOWING':
      case 'LEADING':
        this.receivedSettledNotification(n);
        return;
    }
  }

  /**
   * receivedFollowingNotification (receivedLeadingNotification calls it first): join an
   * existing leader. In the recvset branch (n.electionEpoch == logicalclock) the stored vote is
   * Vote(leader, zxid, electionEpoch, peerEpoch, state) — version 0x0 — and the vote compared
   * with it is Vote(n.version, ...): Vote.equals then compares them by id alone, so settled
   * servers whose peerEpoch differs (updateElectionVote ran on some, ZOOKEEPER-1732) still count
   * together. outofelection stores and compares Vote(n.version, ...): id and peerEpoch.
   */
  private receivedSettledNotification(n: Notification): void {
    const v: Vote = {
      id: n.leader,
      zxid: n.zxid,
      electionEpoch: n.electionEpoch,
      peerEpoch: n.peerEpoch,
      state: n.state,
    };
    const versioned: Vote = { ...v, version: n.version };
    if (n.electionEpoch === this.logicalclock) {
      this.recvset.set(n.sid, v);
      const voteSet = this.getVoteTracker(this.recvset, versioned);
      if (voteSet.hasAllQuorums() && this.checkLeader(this.recvset, n.leader, n.electionEpoch)) {
        this.decide(n.leader, voteSet, true, n);
        return;
      }
    }
    this.outofelection.set(n.sid, versioned);
    const voteSet = this.getVoteTracker(this.outofelection, versioned);
    if (voteSet.hasAllQuorums() && this.checkLeader(this.outofelection, n.leader, n.electionEpoch)) {
      this.logicalclock = n.electionEpoch;
      this.decide(n.leader, voteSet, true, n);
    }
  }

  /** Is the leader's own vote among `votes` saying LEADING (or is it us, in this round)? */
  private checkLeader(votes: Map<number, Vote>, leader: number, electionEpoch: number): boolean {
    if (leader !== this.self.myid) {
      const v = votes.get(leader);
      return v !== undefined && v.state === 'LEADING';
    }
    return this.logicalclock === electionEpoch;
  }

  private decide(leader: number, voteSet: SyncedLearnerTracker, joined: boolean, n?: Notification): void {
    const self = this.self;
    const state: ServerState =
      leader === self.myid ? 'LEADING' : self.learnerType === 'participant' ? 'FOLLOWING' : 'OBSERVING';
    const endVote: Vote = joined
      ? { id: leader, zxid: n!.zxid, electionEpoch: n!.electionEpoch, peerEpoch: n!.peerEpoch, state }
      : { id: leader, zxid: this.proposedZxid, electionEpoch: this.logicalclock, peerEpoch: this.proposedEpoch, state };
    this.ctx.trace('fle.decide', { round: this.logicalclock, state, leader, joined, acks: voteSet.acks() });
    this.phase = 'idle';
    this.endRound();
    // leaveInstance: recvqueue.clear() — nothing is queued in this event-driven form.
    self.electionDone(state, endVote, voteSet);
  }

  private getVoteTracker(votes: Map<number, Vote>, vote: Vote): SyncedLearnerTracker {
    const t = new SyncedLearnerTracker(this.self.qv);
    for (const [sid, v] of votes) if (votesEqual(vote, v)) t.addAck(sid);
    return t;
  }

  private changeVote(leader: number, zxid: number, peerEpoch: number, because: VoteReason, from: number): void {
    this.updateProposal(leader, zxid, peerEpoch);
    this.ctx.trace('fle.vote', { round: this.logicalclock, leader, zxid, peerEpoch, because, from });
  }

  private updateProposal(leader: number, zxid: number, epoch: number): void {
    this.proposedLeader = leader;
    this.proposedZxid = zxid;
    this.proposedEpoch = epoch;
  }

  private sendNotifications(): void {
    for (const sid of this.self.qv.voters) {
      this.manager.toSend(
        sid,
        notification(this.proposedLeader, this.proposedZxid, this.logicalclock, 'LOOKING', this.proposedEpoch),
      );
    }
  }

  private readonly weight = (sid: number): number => this.self.qv.weight(sid);
  private get zk1419(): boolean {
    return this.self.bugs?.has('ZK-1419') ?? false;
  }

  private validVoter(sid: number): boolean {
    return this.self.qv.isVoter(sid);
  }

  private getInitId(): number {
    return this.self.qv.isVoter(this.self.myid) ? this.self.myid : NON_VOTER;
  }
  private getInitLastLoggedZxid(): number {
    return this.self.qv.isVoter(this.self.myid) ? this.self.getLastLoggedZxid() : NON_VOTER;
  }
  private getPeerEpoch(): number {
    return this.self.qv.isVoter(this.self.myid) ? this.self.getCurrentEpoch() : NON_VOTER;
  }

  private armPoll(): void {
    const round = this.round!;
    if (this.pollTimer !== undefined) round.cancelTimer(this.pollTimer);
    this.pollTimer = round.setTimer(this.notTimeout, 'fle.poll', () => this.pollTimedOut());
  }

  private armFinalize(): void {
    const round = this.round!;
    if (this.finalizeTimer !== undefined) round.cancelTimer(this.finalizeTimer);
    this.finalizeTimer = round.setTimer(finalizeWait, 'fle.finalize', () => this.finalizeWaited());
  }

  private clearTimers(): void {
    if (this.pollTimer !== undefined) this.round?.cancelTimer(this.pollTimer);
    if (this.finalizeTimer !== undefined) this.round?.cancelTimer(this.finalizeTimer);
    this.pollTimer = this.finalizeTimer = undefined;
  }

  /** lookForLeader() returns: the round's timers go with its scope. */
  private endRound(): void {
    this.round?.close();
    this.round = undefined;
    this.pollTimer = this.finalizeTimer = undefined;
  }
}
