// Votes and server states, as FastLeaderElection uses them.

export type ServerState = 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING';

/** Java's Long.MIN_VALUE stand-in: what a non-voting server proposes (getInitId() etc.). */
export const NON_VOTER = Number.MIN_SAFE_INTEGER;

export interface Vote {
  /** Proposed leader. */
  readonly id: number;
  readonly zxid: number;
  /** The election round (logicalclock) the vote was cast in. */
  readonly electionEpoch: number;
  readonly peerEpoch: number;
  readonly state: ServerState;
  /**
   * The notification format version the vote was built with: only Vote(version, ...) sets it
   * (from n.version, 0x2 in 3.8); every other Vote constructor leaves 0x0 (undefined here).
   */
  readonly version?: number;
}

/**
 * Vote.equals of 3.8: while either side is LOOKING every field counts; once both have
 * settled (FOLLOWING/LEADING), the leader and its epoch — or only the leader when exactly one
 * side has version > 0x0 (ZOOKEEPER-1732's mixed-ensemble rule, which FastLeaderElection's
 * receivedFollowingNotification meets in its recvset branch: recvset stores version-0 votes,
 * the notification's vote has n.version).
 */
export function votesEqual(a: Vote, b: Vote): boolean {
  if (a.state === 'LOOKING' || b.state === 'LOOKING') {
    return a.id === b.id && a.zxid === b.zxid && a.electionEpoch === b.electionEpoch && a.peerEpoch === b.peerEpoch;
  }
  if ((a.version ?? 0) > 0 !== (b.version ?? 0) > 0) return a.id === b.id;
  return a.id === b.id && a.peerEpoch === b.peerEpoch;
}

/**
 * FastLeaderElection.totalOrderPredicate: does the new vote beat the current one?
 * Higher peerEpoch wins, then higher zxid, then higher server id. A proposed leader of
 * weight 0 (an observer, or unknown) never wins. `zk1419`: the predicate before
 * ZOOKEEPER-1419's fix (3487bc0dc): its third clause, (newZxid == curZxid) && (newId > curId),
 * did not require the epochs to be equal, so a vote of a lower peerEpoch with the same zxid
 * and a higher id won — the order was not total, and an election could go round forever.
 */
export function totalOrderPredicate(
  newId: number,
  newZxid: number,
  newEpoch: number,
  curId: number,
  curZxid: number,
  curEpoch: number,
  weight: (sid: number) => number,
  zk1419 = false,
): boolean {
  if (weight(newId) === 0) return false;
  if (zk1419)
    return (
      newEpoch > curEpoch || (newEpoch === curEpoch && newZxid > curZxid) || (newZxid === curZxid && newId > curId)
    );
  return (
    newEpoch > curEpoch || (newEpoch === curEpoch && (newZxid > curZxid || (newZxid === curZxid && newId > curId)))
  );
}

/** Why the new vote wins, in the words of the docs: for traces and walkthroughs. */
export function winReason(
  newZxid: number,
  newEpoch: number,
  curZxid: number,
  curEpoch: number,
): 'peerEpoch' | 'zxid' | 'myid' {
  if (newEpoch !== curEpoch) return 'peerEpoch';
  if (newZxid !== curZxid) return 'zxid';
  return 'myid';
}
