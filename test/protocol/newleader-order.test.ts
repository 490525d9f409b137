// Learner.onNewLeader's step orders (protocol/zab/newleader-order.ts): 3.8's fixed order, and
// the order each catalog bug that changes it switches on, chosen from the run's bugs.
import { describe, expect, it } from 'vitest';
import type { BugId } from '../../protocol/bugs.ts';
import { NEWLEADER_ORDERS, newLeaderOrder } from '../../protocol/zab/newleader-order.ts';

const order = (...bugs: BugId[]) => newLeaderOrder(new Set(bugs));

describe("NEWLEADER's step order", () => {
  it('3.8 (3.8.5+): the synced txns are appended and fsynced (acked after UPTODATE), then currentEpoch is written, then the ACK', () => {
    expect(NEWLEADER_ORDERS['3.8']).toEqual(['snapshot', 'append-txns', 'await-durable', 'write-epoch', 'ack']);
  });

  it('each order ends with the ACK and logs the synced txns at most once', () => {
    for (const steps of Object.values(NEWLEADER_ORDERS)) {
      expect(steps.at(-1)).toBe('ack');
      expect(steps.filter((s) => s === 'log-txns' || s === 'append-txns').length).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    [[], '3.8'],
    [['ZK-2872'], '3.8'], // the snapshot's fsync, not the order
    [['ZK-1264', 'ZK-3642', 'ZK-2845'], '3.8'],
    [['ZK-3911'], 'ZK-3911'],
    [['ZK-4646'], 'ZK-4646'],
    [['ZK-4643'], 'ZK-4643'],
    [['ZK-4643', 'ZK-3911'], 'ZK-3911'],
    [['ZK-4643', 'ZK-4646'], 'ZK-4643+ZK-4646'],
    [['ZK-4646', 'ZK-4643', 'ZK-2872'], 'ZK-4643+ZK-4646'],
    [['ZK-4643', 'ZK-4646', 'ZK-3911'], 'ZK-3911'],
  ] as [BugId[], string][])('bugs %j → order %s', (bugs, name) => {
    expect(order(...bugs)).toBe(name);
  });

  it('ZK-3911 ACKs without logging the synced txns; ZK-4646 without waiting for the fsync; ZK-4643 writes the epoch first', () => {
    expect(NEWLEADER_ORDERS['ZK-3911']).not.toContain('log-txns');
    expect(NEWLEADER_ORDERS['ZK-3911']).not.toContain('append-txns');
    expect(NEWLEADER_ORDERS['ZK-4646']).not.toContain('await-durable');
    const o = NEWLEADER_ORDERS['ZK-4643'];
    expect(o.indexOf('begin-epoch-write')).toBeLessThan(o.indexOf('append-txns'));
  });

  it("ZK-4643 with ZK-4646 is 3.8.0–3.8.4's Learner.syncWithLeader: currentEpoch, then the txns queued to the log, then the ACK without waiting", () => {
    const o = NEWLEADER_ORDERS['ZK-4643+ZK-4646'];
    expect(o).toEqual(['snapshot', 'write-epoch', 'log-txns', 'ack']);
    expect(o).not.toContain('await-durable');
  });
});
