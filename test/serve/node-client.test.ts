// A real third-party client against `zksim serve`: node-zookeeper-client (pure JavaScript, its
// own jute code) talks to the simulated ensemble over loopback TCP, while `zksim ctl` breaks the
// ensemble under it — a crash of the server it is on, a partition of that server from the quorum,
// a pause and a partition of the client host c1 — and sees what a ZooKeeper 3.8 ensemble would
// show it: failover with its session kept, then SESSION_EXPIRED. Then the record of the whole
// served run replays, in a fresh process, to the same trace hash.
import { execFileSync } from 'node:child_process';
import zookeeper from 'node-zookeeper-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, Served, sleep, until } from './served.ts';

type Client = ReturnType<typeof zookeeper.createClient>;
const { CreateMode, Event } = zookeeper;

/** A callback API call as a promise of its results. */
function call<T extends unknown[]>(f: (cb: (e: unknown, ...r: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => f((e, ...r) => (e ? reject(e) : resolve(r))));
}

function connect(cs: string, sessionTimeout: number): Promise<Client> {
  const c = zookeeper.createClient(cs, { sessionTimeout, spinDelay: 100, retries: 0 });
  return new Promise((resolve) => {
    c.once('connected', () => resolve(c));
    c.connect();
  });
}

const sessionOf = (c: Client) => c.getSessionId().toString('hex');

/** The served server a connection of the client host goes to, from `zksim ctl status`. */
async function serverOf(s: Served): Promise<number[]> {
  const st = await s.ctlCmd('status');
  return [...st.matchAll(/connection \d+ -> server\.(\d+)$/gm)].map((m) => Number(m[1]));
}

describe('node-zookeeper-client against zksim serve', () => {
  const served = new Served(['--servers', '3', '--seed', '7']);
  beforeAll(() => served.start());
  afterAll(() => served.kill());

  it('create / get / set / delete with versions, ephemeral and sequential nodes, a multi', async () => {
    const c = await connect(served.connectString, 6000);
    try {
      expect(await call((cb) => c.create('/app', Buffer.from('v0'), cb))).toEqual(['/app']);
      const [data, stat] = await call<[Buffer, { version: number }]>((cb) => c.getData('/app', cb));
      expect(data.toString()).toBe('v0');
      expect(stat.version).toBe(0);
      await call((cb) => c.setData('/app', Buffer.from('v1'), 0, cb));
      await expect(call((cb) => c.setData('/app', Buffer.from('v2'), 0, cb))).rejects.toMatchObject({
        name: 'BAD_VERSION',
      });
      // Bytes that are not UTF-8 come back unchanged.
      const raw = Buffer.from([0x00, 0xff, 0xc3, 0x28, 0x80]);
      await call((cb) => c.setData('/app', raw, 1, cb));
      const [back, st2] = await call<[Buffer, { dataLength: number; version: number }]>((cb) => c.getData('/app', cb));
      expect(back.toString('hex')).toBe(raw.toString('hex'));
      expect(st2).toMatchObject({ dataLength: 5, version: 2 });
      const [seq1] = await call<[string]>((cb) =>
        c.create('/app/q-', Buffer.alloc(0), CreateMode.PERSISTENT_SEQUENTIAL, cb),
      );
      const [seq2] = await call<[string]>((cb) =>
        c.create('/app/q-', Buffer.alloc(0), CreateMode.PERSISTENT_SEQUENTIAL, cb),
      );
      expect([seq1, seq2]).toEqual(['/app/q-0000000000', '/app/q-0000000001']);
      const [eph] = await call<[string]>((cb) =>
        c.create('/app/e-', Buffer.alloc(0), CreateMode.EPHEMERAL_SEQUENTIAL, cb),
      );
      expect(eph).toBe('/app/e-0000000002');
      const [results] = await call<[{ type: number }[]]>((cb) =>
        c.transaction().create('/app/t').setData('/app', Buffer.from('m'), 2).check('/app', 3).commit(cb),
      );
      expect(results.map((r) => r.type)).toEqual([1, 5, 13]);
      await expect(call((cb) => c.transaction().create('/app/u').check('/app', 99).commit(cb))).rejects.toMatchObject({
        name: 'BAD_VERSION',
      });
      await expect(call((cb) => c.exists('/app/u', cb))).resolves.toEqual([null]);
      await expect(call((cb) => c.remove('/app/t', 5, cb))).rejects.toMatchObject({ name: 'BAD_VERSION' });
      await call((cb) => c.remove('/app/t', 0, cb));
      const [kids] = await call<[string[]]>((cb) => c.getChildren('/app', cb));
      expect(kids.sort()).toEqual(['e-0000000002', 'q-0000000000', 'q-0000000001']);
      // The ephemeral goes with the session.
      await new Promise<void>((r) => {
        c.once('disconnected', () => r());
        c.close();
      });
      const d = await connect(served.connectString, 6000);
      await expect(call((cb) => d.exists('/app/e-0000000002', cb))).resolves.toEqual([null]);
      d.close();
    } finally {
      c.close();
    }
  });

  it('watches of every kind fire once: data, exists, children', async () => {
    const w = await connect(served.connectString, 6000);
    const x = await connect(served.connectString, 6000);
    const seen: string[] = [];
    const note = (ev: { type: number; path: string }) => seen.push(`${ev.type} ${ev.path}`);
    try {
      await call((cb) => x.create('/w', cb));
      await call((cb) => w.getData('/w', note, cb));
      await call((cb) => w.exists('/w/new', note, cb));
      await call((cb) => w.getChildren('/w', note, cb));
      await call((cb) => x.setData('/w', Buffer.from('1'), -1, cb));
      await call((cb) => x.setData('/w', Buffer.from('2'), -1, cb));
      await call((cb) => x.create('/w/new', cb));
      await call((cb) => x.create('/w/more', cb));
      await until('three events', () => seen.length >= 3);
      await sleep(300);
      expect(seen.sort()).toEqual(
        [`${Event.NODE_CHILDREN_CHANGED} /w`, `${Event.NODE_CREATED} /w/new`, `${Event.NODE_DATA_CHANGED} /w`].sort(),
      );
    } finally {
      w.close();
      x.close();
    }
  });

  it('survives a crash of the leader: disconnected, then connected again with its session kept', async () => {
    const c = await connect(served.connectString, 8000);
    try {
      const session = sessionOf(c);
      await call((cb) => c.create('/f', Buffer.from('a'), cb));
      const leaderBefore = /server\.(\d+) \S+: leading/.exec(await served.ctlCmd('status'))![1];
      let disconnected = false;
      c.once('disconnected', () => (disconnected = true));
      // Wherever it is connected: the leader goes, or its server loses the leader and stops serving.
      await served.ctlCmd('crash', 'leader', '3000');
      await until('the disconnect', () => disconnected);
      await until('the reconnect', () => String(c.getState()).startsWith('SYNC_CONNECTED'), 15_000);
      expect(sessionOf(c)).toBe(session);
      const [data] = await call<[Buffer]>((cb) => c.getData('/f', cb));
      expect(data.toString()).toBe('a');
      expect(await serverOf(served)).not.toContain(Number(leaderBefore));
      await sleep(4000); // the old leader restarts (crash ... 3000) and rejoins
      expect(await served.ctlCmd('status')).not.toMatch(/: (down|looking)/);
    } finally {
      c.close();
    }
  });

  it('moves when its server is partitioned from the quorum, with its session kept', async () => {
    // The partition is silent: the server notices only when its read of the leader times out
    // (syncLimit × tickTime = 10 s), then drops its clients. A session timeout under that would
    // expire meanwhile (the leader hears no touches for it), as in 3.8: 20 s keeps it.
    const c = await connect(served.connectString, 20_000);
    try {
      const session = sessionOf(c);
      const [on] = await serverOf(served);
      const others = [1, 2, 3].filter((s) => s !== on);
      let disconnected = false;
      c.once('disconnected', () => (disconnected = true));
      await served.ctlCmd('partition', String(on), '/', others.join(','));
      await until('the disconnect', () => disconnected, 20_000);
      await until('the reconnect', () => String(c.getState()).startsWith('SYNC_CONNECTED'), 20_000);
      expect(sessionOf(c)).toBe(session);
      expect((await serverOf(served))[0]).not.toBe(on);
      await call((cb) => c.setData('/f', Buffer.from('b'), -1, cb));
      await served.ctlCmd('heal');
      await sleep(2000);
    } finally {
      c.close();
    }
  });

  it('sees SESSION_EXPIRED after the client host is paused longer than its session timeout', async () => {
    const c = await connect(served.connectString, 4000);
    let expired = false;
    c.on('expired', () => (expired = true));
    try {
      await call((cb) => c.create('/p', CreateMode.EPHEMERAL, cb));
      await served.ctlCmd('pause', 'c1', '9000');
      await until('SESSION_EXPIRED', () => expired, 25_000);
      const d = await connect(served.connectString, 4000);
      await expect(call((cb) => d.exists('/p', cb))).resolves.toEqual([null]);
      d.close();
    } finally {
      c.close();
    }
  });

  it('sees SESSION_EXPIRED after a partition of the client host from every server, once healed', async () => {
    const c = await connect(served.connectString, 4000);
    let expired = false;
    c.on('expired', () => (expired = true));
    try {
      await served.ctlCmd('partition', 'c1', '/', '1,2,3');
      await sleep(8000);
      expect(expired).toBe(false); // nothing gets through to tell it
      await served.ctlCmd('heal');
      await until('SESSION_EXPIRED', () => expired, 20_000);
    } finally {
      c.close();
    }
  });

  it('stops with every checker passed, and the record replays to the same trace hash in a fresh process', async () => {
    expect(await served.stop()).toBe(0);
    expect(served.output).toContain('every checker passed');
    const hash = /trace ([0-9a-f]{16})/.exec(served.output)![1];
    const replay = execFileSync(process.execPath, [BIN, 'replay', served.record], { encoding: 'utf8' });
    expect(replay).toContain(`reproduced: the same trace hash ${hash}`);
  });
});
