// Command-level behaviour the transcripts exercise only partly: what reaches the client API
// (batches, quota nodes, watches, modes), error mapping for every KeeperException code zkCli
// names, TTL/container stat values, reconfig with and without an admin handle, config -c.
import { describe, expect, it } from 'vitest';
import type { ZooKeeperClient } from '../../protocol/client/api.ts';
import { CliWrapperException } from '../../protocol/client/shell/CliCommand.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import { shell } from './harness.ts';

describe('CliWrapperException (3.8.0 texts)', () => {
  it.each([
    [Code.NONODE, 'Node does not exist: /x'],
    [Code.NOCHILDRENFOREPHEMERALS, 'Ephemerals cannot have children: /x'],
    [Code.NODEEXISTS, 'Node already exists: /x'],
    [Code.NOTEMPTY, 'Node not empty: /x'],
    [Code.NOTREADONLY, 'Not a read-only call: /x'],
    [Code.INVALIDACL, 'Acl is not valid : /x'],
    [Code.NOAUTH, 'Insufficient permission : /x'],
    [Code.BADARGUMENTS, 'Arguments are not valid : /x'],
    [Code.BADVERSION, 'version No is not valid : /x'],
    [Code.QUOTAEXCEEDED, 'Quota has exceeded : /x'],
    [Code.RECONFIGINPROGRESS, 'Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)'],
    [
      Code.NEWCONFIGNOQUORUM,
      'No quorum of new config is connected and up-to-date with the leader of last committed config - try invoking reconfiguration after new servers are connected and synced',
    ],
    [Code.CONNECTIONLOSS, 'KeeperErrorCode = ConnectionLoss for /x'],
    [Code.UNIMPLEMENTED, 'KeeperErrorCode = Unimplemented for /x'],
    [Code.NOWATCHER, 'KeeperErrorCode = No such watcher for /x'],
    [Code.SESSIONEXPIRED, 'KeeperErrorCode = Session expired for /x'],
  ])('code %d', (code, text) => {
    expect(new CliWrapperException(new KeeperException(code, '/x')).message).toBe(text);
  });

  it('prints "null" for a missing path, and no " for" in the generic form', () => {
    expect(new CliWrapperException(new KeeperException(Code.INVALIDACL)).message).toBe('Acl is not valid : null');
    expect(new CliWrapperException(new KeeperException(Code.CONNECTIONLOSS)).message).toBe(
      'KeeperErrorCode = ConnectionLoss',
    );
    expect(new CliWrapperException(new Error('boom')).message).toBe('boom');
  });
});

/** Makes one client method reject with `code` (a server or connection failure the fake cannot produce). */
function failing(sh: ReturnType<typeof shell>, method: keyof ZooKeeperClient, code: number): void {
  (sh.fake as unknown as Record<string, unknown>)[method] = async (path?: string) => {
    throw new KeeperException(code, typeof path === 'string' ? path : undefined);
  };
}

describe('create', () => {
  it('says what it creates, with the mode the options ask for', async () => {
    const sh = shell({ extendedTypes: true });
    expect(await sh.run('create -e -s /a-', 'create -c /c', 'create -t 500 /t', 'create -t 500 -s /ts-')).toBe(
      'Created /a-0000000000\nCreated /c\nCreated /t\nCreated /ts-0000000003\n',
    );
    const owner = (p: string) => sh.fake.nodes.get(p)!.stat.ephemeralOwner;
    expect(owner('/a-0000000000')).toBe(sh.fake.sessionId());
    expect(owner('/c')).toBe(-(2n ** 63n));
    expect(owner('/t')).toBe(-(2n ** 56n) + 500n);
    // the server hides container and TTL owners from clients; a real ephemeral shows the session
    expect(await sh.run('stat /t')).toContain('ephemeralOwner = 0x0\n');
    expect(await sh.run('stat /a-0000000000')).toContain(`ephemeralOwner = 0x${sh.fake.sessionId().toString(16)}\n`);
  });

  it('validates the sequential path with a digit appended (so "create -s /a/" is fine)', async () => {
    const sh = shell();
    await sh.run('create /a');
    expect(await sh.run('create -s /a/', 'create /a/')).toBe(
      'Created /a/0000000000\nPath must not end with / character\n',
    );
  });

  it('reports ephemerals on a local session with the extra line 3.8 prints', async () => {
    const sh = shell();
    failing(sh, 'create', Code.EPHEMERALONLOCALSESSION);
    expect(await sh.run('create -e /x')).toBe(
      'Unable to create ephemeral node on a local session\nKeeperErrorCode = Ephemeral node on local session for /x\n',
    );
  });

  it('parses the ACL argument before sending anything', async () => {
    const sh = shell();
    expect(await sh.run('create /x data world:anyone:rq,oops')).toBe(
      'Unknown perm type: q\noops does not have the form scheme:id:perm\nCreated /x\n',
    );
    expect(await sh.run('getAcl /x')).toBe("'world,'anyone\n: r\n");
  });
});

describe('ls -R / setAcl -R (ZKUtil.visitSubTreeDFS)', () => {
  it('lists a node, all its children, then descends child by child', async () => {
    const sh = shell();
    await sh.run('create /t', 'create /t/b', 'create /t/a', 'create /t/a/x', 'create /t/a/x/deep', 'create /t/b/y');
    expect(await sh.run('ls -R /t')).toBe(['/t', '/t/a', '/t/b', '/t/a/x', '/t/a/x/deep', '/t/b/y', ''].join('\n'));
    expect(await sh.run('ls -R /')).toMatch(/^\/\n\/t\n\/zookeeper\n\/t\/a\n/);
  });

  it('with -w leaves a data watch on the root and child watches everywhere', async () => {
    const sh = shell();
    await sh.run('create /t', 'create /t/a', 'ls -w -R /t');
    expect(await sh.run('create /t/a/new')).toContain('type:NodeChildrenChanged path:/t/a');
    expect(await sh.run('set /t x')).toContain('type:NodeDataChanged path:/t');
  });

  it('setAcl -R prints each failure with no newline and goes on', async () => {
    const sh = shell();
    await sh.run('create /r', 'create /r/a', 'setAcl /r/a world:anyone:r');
    expect(await sh.run('setAcl -R /r world:anyone:cdrw', 'getAcl /r')).toBe(
      "KeeperErrorCode = NoAuth for /r/a'world,'anyone\n: cdrw\n",
    );
  });
});

describe('deleteall (ZKUtil.deleteRecursive: one multi per batch)', () => {
  async function tree() {
    const sh = shell();
    await sh.run('create /d', 'create /d/a', 'create /d/b', 'create /d/a/x', 'create /d/a/y');
    sh.fake.calls.length = 0;
    return sh;
  }

  it('sends ceil(n / batch) multis, leaves first', async () => {
    const sh = await tree();
    expect(await sh.run('deleteall /d -b 2')).toBe('');
    expect(sh.fake.calls.filter((c) => c.startsWith('multi'))).toEqual(['multi 2', 'multi 2', 'multi 1']);
    expect(sh.fake.nodes.has('/d')).toBe(false);
  });

  it('one multi by default (1000) and for -b 0', async () => {
    for (const line of ['deleteall /d', 'deleteall -b 0 /d']) {
      const sh = await tree();
      await sh.run(line);
      expect(sh.fake.calls.filter((c) => c.startsWith('multi'))).toEqual(['multi 5']);
    }
  });

  it('reports a failed batch, however the client reports it', async () => {
    for (const multiRejects of [false, true]) {
      const sh = shell({ multiRejects });
      await sh.run('create /d', 'create /d/a', 'setAcl /d world:anyone:r');
      expect(await sh.run('deleteall /d')).toBe('Failed to delete some node(s) in the subtree!\n');
      expect(sh.fake.nodes.has('/d/a')).toBe(true);
    }
  });

  it('needs a valid, existing path', async () => {
    const sh = shell();
    expect(await sh.run('deleteall /nope', 'deleteall /a/', 'deleteall /x -b 1.5')).toBe(
      'Node does not exist: /nope\nPath must not end with / character\n-b argument must be an int value\n',
    );
  });
});

describe('quotas live in /zookeeper/quota, written through the client', () => {
  it('setquota creates the path nodes, limits and stats; delquota trims them away', async () => {
    const sh = shell();
    await sh.run('create /a', 'create /a/b', 'create /a/b/c hello');
    await sh.run('setquota -n 10 /a/b');
    const data = (p: string) => sh.fake.nodes.get(p)?.data;
    expect([...sh.fake.nodes.keys()].filter((p) => p.startsWith('/zookeeper/quota/')).sort()).toEqual([
      '/zookeeper/quota/a',
      '/zookeeper/quota/a/b',
      '/zookeeper/quota/a/b/zookeeper_limits',
      '/zookeeper/quota/a/b/zookeeper_stats',
    ]);
    expect(data('/zookeeper/quota/a/b/zookeeper_limits')).toBe('count=10,bytes=-1=;byteHardLimit=-1;countHardLimit=-1');
    expect(data('/zookeeper/quota/a/b/zookeeper_stats')).toBe('count=2,bytes=5');
    expect(await sh.run('setquota -B 100 /a/b', 'listquota /a/b')).toBe(
      'absolute path is /zookeeper/quota/a/b/zookeeper_limits\nOutput quota for /a/b count=10,bytes=-1=;byteHardLimit=100;countHardLimit=-1\nOutput stat for /a/b count=2,bytes=5\n',
    );
    expect(await sh.run('delquota -n /a/b', 'delquota -B /a/b')).toBe('');
    expect(data('/zookeeper/quota/a/b/zookeeper_limits')).toBe('count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=-1');
    expect(await sh.run('delquota /a/b')).toBe('');
    expect([...sh.fake.nodes.keys()].filter((p) => p.startsWith('/zookeeper/quota/'))).toEqual([]);
    expect(await sh.run('delquota /a/b', 'listquota /a/b')).toBe(
      'Quota does not exist for /a/b\nabsolute path is /zookeeper/quota/a/b/zookeeper_limits\nquota for /a/b does not exist.\n',
    );
  });

  it('refuses nested quotas both ways', async () => {
    const sh = shell();
    await sh.run('create /a', 'create /a/b', 'setquota -n 1 /a/b');
    expect(await sh.run('setquota -n 1 /a')).toBe('/a has a child /a/b which has a quota\n');
    const sh2 = shell();
    await sh2.run('create /a', 'create /a/b', 'setquota -n 1 /a');
    expect(await sh2.run('setquota -n 1 /a/b')).toBe('/a/b has a parent /a which has a quota\n');
  });
});

describe('watches', () => {
  it('addWatch keeps the last -m mode for later plain addWatch (3.8 commands are singletons)', async () => {
    const sh = shell();
    await sh.run('create /p', 'create /q', 'addWatch -m PERSISTENT /p', 'addWatch /q');
    expect(await sh.run('create /q/child')).toBe(
      '\nWATCHER::\n\nWatchedEvent state:SyncConnected type:NodeChildrenChanged path:/q\nCreated /q/child\n',
    );
  });

  it('removewatches picks the watcher type from -c / -d / -a', async () => {
    const sh = shell();
    await sh.run('create /x', 'get -w /x', 'ls -w /x');
    expect(await sh.run('removewatches /x -c')).toContain('type:ChildWatchRemoved path:/x');
    expect(await sh.run('removewatches /x -c')).toBe('KeeperErrorCode = No such watcher for /x\n');
    expect(await sh.run('removewatches /x -a')).toContain('type:DataWatchRemoved path:/x');
  });
});

describe('sync, whoami, config, version, close', () => {
  it('sync prints the result code of a failed sync', async () => {
    const sh = shell();
    failing(sh, 'sync', Code.CONNECTIONLOSS);
    expect(await sh.run('sync /a')).toBe('Sync has failed. rc=-4\n');
  });

  it('whoami lists every auth id', async () => {
    const sh = shell();
    expect(await sh.run('addauth digest user1:pass1', 'whoami')).toBe(
      'Auth scheme: User\ndigest: user1\nip: 127.0.0.1\n',
    );
    failing(sh, 'whoAmI', Code.CONNECTIONLOSS);
    expect(await sh.run('whoami')).toBe('KeeperErrorCode = ConnectionLoss\n');
  });

  it('config -c prints the client connection string of a dynamic config', async () => {
    const config = [
      'server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181',
      'server.2=127.0.0.1:2889:3889:participant;0.0.0.0:2182',
      'server.3=127.0.0.1:2890:3890:participant;0.0.0.0:2183',
      'version=100000000',
    ].join('\n');
    const sh = shell({ config });
    expect(await sh.run('config')).toBe(`${config}\n`);
    // java.util.Properties iteration order, as ConfigUtils.getClientConfigStr prints it (checked on the JVM)
    expect(await sh.run('config -c')).toBe('100000000 0.0.0.0:2182,0.0.0.0:2181,0.0.0.0:2183\n');
  });

  it('version prints the build it imitates, or the one it is given', async () => {
    expect(await shell().run('version')).toBe(
      'ZooKeeper CLI version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC\n',
    );
    expect(await shell({}, { fullVersion: '3.8.4-abc, built on x' }).run('version', 'version x')).toBe(
      'ZooKeeper CLI version: 3.8.4-abc, built on x\nversion \n',
    );
  });

  it('close takes the session (and its ephemerals) away', async () => {
    const sh = shell();
    await sh.run('create -e /e', 'close');
    expect(sh.fake.nodes.has('/e')).toBe(false);
    expect(sh.main.prompt()).toBe('[zk: 127.0.0.1:2181(CLOSED) 2] ');
  });
});

describe('reconfig', () => {
  it('checks its options, then does nothing on a plain (non-admin) handle, as 3.8 does', async () => {
    const sh = shell();
    expect(
      await sh.run(
        'reconfig',
        'reconfig -v zz -remove 3',
        'reconfig -members a -add b',
        'reconfig -file f -members m',
        'reconfig -file /x.cfg',
        'reconfig -remove 3',
      ),
    ).toBe(
      [
        'reconfig [-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]',
        '-v must be followed by a long (configuration version)',
        "Can't use -file or -members together with -add or -remove (mixing incremental and non-incremental modes is not allowed)",
        "Can't use -file and -members together (conflicting non-incremental modes)",
        'Error processing /x.cfg/x.cfg (No such file or directory)',
        '',
      ].join('\n'),
    );
  });

  it('calls reconfigure on an admin handle and prints the new config', async () => {
    const sh = shell();
    const calls: unknown[] = [];
    Object.assign(sh.fake, {
      reconfigure: async (joining: string | null, leaving: string | null, members: string | null, from: bigint) => {
        calls.push([joining, leaving, members, from]);
        return {
          data: 'server.1=a:1:2;3\nversion=200000000',
          stat: (await sh.fake.getData('/zookeeper/config', false)).stat,
        };
      },
    });
    const out = await sh.run('reconfig -s -v 1f -add SERVER.4=H:1:2;3 -remove 2');
    expect(calls).toEqual([['server.4=h:1:2;3', '2', null, 31n]]);
    expect(out).toMatch(/^Committed new configuration:\nserver.1=a:1:2;3\nversion=200000000\ncZxid = 0x0\n/);
  });
});
