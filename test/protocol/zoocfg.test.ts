// zoo.cfg and myid parsing: the docs' configs parse; every bad value is one error naming its key.
import { describe, expect, it } from 'vitest';
import { ConfigError, clientAddressOf, parseMyid, parseZooCfg, selfSpec } from '../../protocol/config/zoocfg.ts';
import { zooCfgText } from '../../scenarios/ensemble.ts';

const seed000zoo1 = `tickTime=2000
initLimit=10
syncLimit=5
dataDir=/var/lib/zookeeper/zoo1
clientPort=2182
server.1=localhost:2666:3666
server.2=localhost:2667:3667
server.3=localhost:2668:3668
`;

function errorOf(text: string): string {
  try {
    parseZooCfg(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('zoo.cfg', () => {
  it("parses seed 000's zoo1.cfg", () => {
    const cfg = parseZooCfg(seed000zoo1);
    expect(cfg).toMatchObject({
      tickTime: 2000,
      initLimit: 10,
      syncLimit: 5,
      dataDir: '/var/lib/zookeeper/zoo1',
      clientPort: 2182,
    });
    expect(cfg.servers.map((s) => [s.id, s.host, s.quorumPort, s.electionPort, s.type])).toEqual([
      [1, 'localhost', 2666, 3666, 'participant'],
      [2, 'localhost', 2667, 3667, 'participant'],
      [3, 'localhost', 2668, 3668, 'participant'],
    ]);
    expect(cfg.minSessionTimeout).toBe(4000);
    expect(cfg.maxSessionTimeout).toBe(40000);
    expect(clientAddressOf(cfg, cfg.servers[0]!)).toBe('localhost:2182');
  });

  it('parses observers, comments, unknown keys and a client address on the server line', () => {
    const cfg = parseZooCfg(`# a comment
tickTime=3000
dataDir=/d
4lw.commands.whitelist=*
peerType=observer
server.1=zk1:2888:3888;2181
server.2=zk2:2888:3888:participant;2181
server.3=zk3:2888:3888:observer;127.0.0.1:2181
`);
    expect(cfg.servers.map((s) => s.type)).toEqual(['participant', 'participant', 'observer']);
    expect(cfg.extra['4lw.commands.whitelist']).toBe('*');
    expect(clientAddressOf(cfg, cfg.servers[0]!)).toBe('zk1:2181');
    expect(clientAddressOf(cfg, cfg.servers[2]!)).toBe('127.0.0.1:2181');
    expect(selfSpec(cfg, 3).type).toBe('observer');
    expect(() => selfSpec(cfg, 1)).toThrow(/peerType: is observer but server.1 is not marked :observer/);
  });

  it('the generated ensemble configs are valid', () => {
    for (let sid = 1; sid <= 5; sid++)
      expect(() => parseZooCfg(zooCfgText({ servers: 3, observers: 2 }, sid))).not.toThrow();
  });

  it.each([
    ['tickTime=abc\ndataDir=/d\nclientPort=2181', /^tickTime: /],
    ['tickTime=-5\ndataDir=/d\nclientPort=2181', /^tickTime: /],
    ['dataDir=/d\nclientPort=99999', /^clientPort: /],
    ['clientPort=2181', /^dataDir: is not set/],
    ['dataDir=/d', /^clientPort: is not set/],
    ['dataDir=/d\nclientPort=2181\nserver.x=a:1:2', /^server.x: server id must be a number/],
    ['dataDir=/d\nclientPort=2181\nserver.1=a:1', /^server.1: expected host:quorumPort:electionPort/],
    ['dataDir=/d\nclientPort=2181\nserver.1=a:1:2\nserver.1=b:1:2', /^server.1: server 1 is defined twice/],
    [
      'dataDir=/d\nclientPort=2181\nserver.1=a:1:2\nserver.2=a:2:1',
      /^server.2: address a:2 is also used by server.1|^server.2: address a:1 is also used/,
    ],
    ['dataDir=/d\nclientPort=2181\nserver.1=a:1:2:observer', /no voting \(participant\) server/],
    ['dataDir=/d\nclientPort=2181\nelectionAlg=1', /^electionAlg: /],
    [
      'dataDir=/d\nclientPort=2181\nminSessionTimeout=70000',
      /^minSessionTimeout: must not be larger than maxSessionTimeout/,
    ],
    ['dataDir=/d\nclientPort=2181\ntickTime', /^line 3: expected key=value/],
    ['dataDir=/d\ndataDir=/e\nclientPort=2181', /^dataDir: defined twice/],
    ['dataDir=/d\nclientPort=2181\npeerType=leader', /^peerType: /],
  ])('rejects %j with one error naming the key', (text, pattern) => {
    const msg = errorOf(text);
    expect(msg).toMatch(pattern);
    expect(msg.includes('\n')).toBe(false);
  });

  it('myid: one server id, and it must be in the config', () => {
    expect(parseMyid('3\n')).toBe(3);
    expect(() => parseMyid('three')).toThrow(/^myid: expected a server id/);
    expect(() => parseMyid('')).toThrow(ConfigError);
    expect(() => selfSpec(parseZooCfg(seed000zoo1), 4)).toThrow(/^myid: 4 is not one of the servers \(1, 2, 3\)/);
  });
});
