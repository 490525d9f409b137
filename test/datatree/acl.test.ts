// ACLs: fixupACL, checkACL, digests (values printed by 3.8's DigestAuthenticationProvider
// main), ip prefix matching, and zkCli's permission strings.
import { describe, expect, it } from 'vitest';
import { Ids, Perms, type ACL, type Id } from '../../protocol/data.ts';
import { Code } from '../../protocol/errors.ts';
import {
  checkACL,
  digestAuthIds,
  fixupACL,
  formatAclEntry,
  generateDigest,
  getPermString,
  ipAuthenticationProvider,
  isAllowed,
  parseAcl,
} from '../../protocol/datatree/ACL.ts';

const ip: Id = { scheme: 'ip', id: '127.0.0.1' };
const alice: Id = { scheme: 'digest', id: generateDigest('alice:secret') };

describe('DigestAuthenticationProvider.generateDigest', () => {
  it.each([
    ['user:pass', 'user:smGaoVKd/cQkjm7b88GyorAUz20='],
    ['super:super123', 'super:UdxDQl4f9v5oITwcAsO9bmWgHSI='],
    ['üser:päss:x', 'üser:3Hlkg1xyYG1gVVI/sjVYfickmm4='],
    ['bob:', 'bob:tK1fpNO1hB0F++FhHpSq0Fa4tv0='],
  ])('%s → %s', (idPassword, digest) => expect(generateDigest(idPassword)).toBe(digest));

  it('the super digest adds super:"" before the digest id', () => {
    expect(digestAuthIds('super:super123', 'super:UdxDQl4f9v5oITwcAsO9bmWgHSI=')).toEqual([
      { scheme: 'super', id: '' },
      { scheme: 'digest', id: 'super:UdxDQl4f9v5oITwcAsO9bmWgHSI=' },
    ]);
    expect(digestAuthIds('super:wrong', 'super:UdxDQl4f9v5oITwcAsO9bmWgHSI=')).toHaveLength(1);
  });
});

describe('fixupACL', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as { code: number }).code;
    }
    return Code.OK;
  };

  it('keeps world:anyone, removes duplicates', () => {
    expect(fixupACL('/a', [ip], [...Ids.OPEN_ACL_UNSAFE, ...Ids.OPEN_ACL_UNSAFE])).toEqual(Ids.OPEN_ACL_UNSAFE);
  });
  it('expands auth into the authenticated ids only (ip is not "authenticated")', () => {
    expect(fixupACL('/a', [ip, alice], Ids.CREATOR_ALL_ACL)).toEqual([{ perms: Perms.ALL, id: alice }]);
    expect(code(() => fixupACL('/a', [ip], Ids.CREATOR_ALL_ACL))).toBe(Code.INVALIDACL);
  });
  it('rejects empty lists, unknown schemes and malformed ids', () => {
    const bad: ACL[][] = [
      [],
      [{ perms: 31, id: { scheme: 'world', id: 'nobody' } }],
      [{ perms: 31, id: { scheme: 'digest', id: 'nocolon' } }],
      [{ perms: 31, id: { scheme: 'digest', id: 'trailing:' } }],
      [{ perms: 31, id: { scheme: 'ip', id: '10.0.0/8' } }],
      [{ perms: 31, id: { scheme: 'ip', id: '10.0.0.0/33' } }],
      [{ perms: 31, id: { scheme: 'sasl', id: 'x' } }],
    ];
    for (const acl of bad) expect(code(() => fixupACL('/a', [ip, alice], acl))).toBe(Code.INVALIDACL);
    expect(fixupACL('/a', [], [{ perms: 1, id: { scheme: 'ip', id: '10.0.0.0/8' } }])).toHaveLength(1);
  });
});

describe('checkACL', () => {
  const onlyAlice: ACL[] = [{ perms: Perms.READ | Perms.WRITE, id: alice }];
  it('empty ACL allows, world:anyone allows its perms, super bypasses', () => {
    expect(isAllowed([], Perms.ADMIN, [])).toBe(true);
    expect(isAllowed(Ids.READ_ACL_UNSAFE, Perms.READ, [])).toBe(true);
    expect(isAllowed(Ids.READ_ACL_UNSAFE, Perms.WRITE, [])).toBe(false);
    expect(isAllowed(onlyAlice, Perms.ADMIN, [{ scheme: 'super', id: '' }])).toBe(true);
  });
  it('matches ids of the same scheme', () => {
    expect(isAllowed(onlyAlice, Perms.WRITE, [ip, alice])).toBe(true);
    expect(isAllowed(onlyAlice, Perms.DELETE, [ip, alice])).toBe(false);
    expect(isAllowed(onlyAlice, Perms.READ, [ip, { scheme: 'digest', id: generateDigest('alice:wrong') }])).toBe(false);
    expect(() => checkACL(onlyAlice, Perms.READ, [ip], '/a')).toThrow('KeeperErrorCode = NoAuth');
  });
  it('ip prefixes', () => {
    const m = ipAuthenticationProvider.matches;
    expect(m('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(m('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(m('192.168.1.77', '192.168.1.64/26')).toBe(true);
    expect(m('192.168.1.128', '192.168.1.64/26')).toBe(false);
    expect(m('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(m('127.0.0.2', '127.0.0.1')).toBe(false);
    expect(m('1.2.3.4', '0.0.0.0/0')).toBe(true);
    expect(m('::1', '0.0.0.0/0')).toBe(false);
  });
});

describe('permission strings', () => {
  it('getPermString prints c d r w a in that order', () => {
    expect(getPermString(Perms.ALL)).toBe('cdrwa');
    expect(getPermString(Perms.READ | Perms.ADMIN | Perms.CREATE)).toBe('cra');
    expect(getPermString(0)).toBe('');
  });
  it('zkCli getAcl lines (jute Id.toString)', () => {
    expect(formatAclEntry(Ids.OPEN_ACL_UNSAFE[0]!)).toBe("'world,'anyone\n: cdrwa");
    expect(formatAclEntry({ perms: 1, id: { scheme: 'ip', id: '10.0.0.0/8' } })).toBe("'ip,'10.0.0.0/8\n: r");
  });
  it('AclParser: id between the first and last colon, any letter order', () => {
    expect(parseAcl('digest:bob:x=:rw,world:anyone:adrwc')).toEqual({
      acl: [
        { perms: Perms.READ | Perms.WRITE, id: { scheme: 'digest', id: 'bob:x=' } },
        { perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } },
      ],
      errors: [],
    });
    expect(parseAcl('world:anyone:rz,bad:x').errors).toEqual([
      'Unknown perm type: z',
      'bad:x does not have the form scheme:id:perm',
    ]);
  });
});
