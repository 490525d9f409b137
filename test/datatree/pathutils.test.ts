// PathUtils.validatePath: the exact IllegalArgumentException messages of 3.8.
import { describe, expect, it } from 'vitest';
import { getChildName, getParent, getTopNamespace, validatePath } from '../../protocol/datatree/PathUtils.ts';

const invalid = (p: string, reason: string) => `Invalid path string "${p}" caused by ${reason}`;

describe('PathUtils.validatePath', () => {
  const cases: Array<[string | null, boolean, string | null]> = [
    ['/', false, null],
    ['/a', false, null],
    ['/a/b.c/..d/...', false, null],
    ['/a/b-', true, null],
    ['/zookeeper/quota', false, null],
    [null, false, 'Path cannot be null'],
    ['', false, 'Path length must be > 0'],
    ['a', false, 'Path must start with / character'],
    ['/a/', false, 'Path must not end with / character'],
    ['/a//b', false, invalid('/a//b', 'empty node name specified @3')],
    ['/a/./b', false, invalid('/a/./b', 'relative paths not allowed @3')],
    ['/a/..', false, invalid('/a/..', 'relative paths not allowed @4')],
    ['/..', false, invalid('/..', 'relative paths not allowed @2')],
    ['/a/.', false, invalid('/a/.', 'relative paths not allowed @3')],
    ['/a\u0000b', false, invalid('/a\u0000b', 'null character not allowed @2')],
    ['/a\u0001', false, invalid('/a\u0001', 'invalid character @2')],
    ['/a\u007f', false, invalid('/a\u007f', 'invalid character @2')],
    ['/a\u009f', false, invalid('/a\u009f', 'invalid character @2')],
    ['/\ud800', false, invalid('/\ud800', 'invalid character @1')],
    ['/\uf8ff', false, invalid('/\uf8ff', 'invalid character @1')],
    ['/\ufff0', false, invalid('/\ufff0', 'invalid character @1')],
    ['/\uffff', false, invalid('/\uffff', 'invalid character @1')],
    ['/\u00a0\uf900ü', false, null],
    // sequential: validated with "1" appended, so a trailing "/" is fine ("/a/1")
    ['/a/', true, null],
    ['/a/.', true, null],
    ['/a//', true, invalid('/a//1', 'empty node name specified @3')],
    ['', true, 'Path must start with / character'],
  ];
  it.each(cases)('%j (sequential %s)', (path, seq, message) => {
    const run = () => validatePath(path, seq);
    if (message === null) expect(run).not.toThrow();
    else
      expect(run).toThrow(
        message === null ? undefined : new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      );
  });

  it('throws an IllegalArgumentException', () => {
    expect(() => validatePath('x')).toThrow(expect.objectContaining({ name: 'IllegalArgumentException' }));
  });

  it('parent and child names, top namespace', () => {
    expect(getParent('/a/b')).toBe('/a');
    expect(getParent('/a')).toBe('/');
    expect(getParent('/')).toBeNull();
    expect(getChildName('/a/b')).toBe('b');
    expect(getTopNamespace('/a/b/c')).toBe('a');
    expect(getTopNamespace('/')).toBeNull();
  });
});
