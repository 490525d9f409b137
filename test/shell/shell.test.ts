// The REPL of ZooKeeperMain: line splitting, prompt, history/redo, printwatches, usage, the
// connection checks, quit, and the uncaught exceptions that end the 3.8 shell. Expected texts
// are zkCli 3.8.0's, as recorded on this machine (see golden/README.md).
import { describe, expect, it } from 'vitest';
import { shell } from './harness.ts';

describe('prompt and counter', () => {
  it('shows connect string, state and command count', async () => {
    const sh = shell({ connectString: '127.0.0.1:2181,127.0.0.1:2182/app' });
    expect(sh.main.prompt()).toBe('[zk: 127.0.0.1:2181,127.0.0.1:2182/app(CONNECTED) 0] ');
    await sh.run('ls /', '', 'ls /');
    expect(sh.main.prompt()).toBe('[zk: 127.0.0.1:2181,127.0.0.1:2182/app(CONNECTED) 2] ');
    await sh.run('close');
    expect(sh.main.prompt()).toBe('[zk: 127.0.0.1:2181,127.0.0.1:2182/app(CLOSED) 3] ');
  });

  it('counts failing commands too, and prints the welcome lines', async () => {
    const sh = shell();
    sh.main.startup();
    await sh.run('nope', 'ls');
    expect(sh.main.commandCount).toBe(2);
    expect(sh.out()).toBe('Connecting to 127.0.0.1:2181\nWelcome to ZooKeeper!\nJLine support is disabled\n');
  });
});

describe('usage', () => {
  it('help is not a command: usage then "Command not found", all on stderr', async () => {
    const sh = shell();
    await sh.run('help');
    expect(sh.out()).toBe('');
    expect(sh.err()).toBe(`${sh.main.usage()}Command not found: Command not found help\n`);
    expect(sh.main.exitCode).toBe(127);
    expect(sh.main.usage().split('\n').slice(0, 4)).toEqual([
      'ZooKeeper -server host:port -client-configuration properties-file cmd args',
      '\taddWatch [-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE',
      '\taddauth scheme auth',
      '\tclose ',
    ]);
  });

  it('a blank line is a " " command (the regex backtracks onto a space)', async () => {
    const sh = shell();
    expect(await sh.run('   ')).toBe(`${sh.main.usage()}Command not found: Command not found  \n`);
  });

  it('an empty line is nothing at all', async () => {
    const sh = shell();
    expect(await sh.run('')).toBe('');
    expect(sh.main.commandCount).toBe(0);
  });
});

describe('line splitting (MyCommandOptions.parseCommand)', () => {
  it('strips one pair of matching quotes; keeps inner ones; drops a lone quote', async () => {
    const sh = shell();
    await sh.run(
      'create /q "hello world"',
      "create /q2 'it is'",
      'create /q3 "unterminated',
      'create /q4 a"b"c',
      'create /q5 ""',
    );
    expect(sh.fake.nodes.get('/q')!.data).toBe('hello world');
    expect(sh.fake.nodes.get('/q2')!.data).toBe('it is');
    expect(sh.fake.nodes.get('/q3')!.data).toBe('unterminated');
    expect(sh.fake.nodes.get('/q4')!.data).toBe('a"b"c');
    expect(sh.fake.nodes.get('/q5')!.data).toBe('');
    expect(await sh.run('get /q5')).toBe('\n');
  });

  it('a quoted option is still an option: create /e "-s" makes a sequential /e', async () => {
    const sh = shell();
    expect(await sh.run('create /e "-s"')).toBe('Created /e0000000000\n');
    expect(await sh.run("create /f '-s x'")).toBe(
      'org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -s x\n',
    );
  });

  it('a line without a token runs the previous command again', async () => {
    const sh = shell();
    await sh.run('ls /zookeeper');
    expect(await sh.run('"', "'")).toBe('[config, quota]\n[config, quota]\n');
  });
});

describe('history and redo', () => {
  it('lists the last ten commands and the current one', async () => {
    const sh = shell();
    for (let i = 0; i < 12; i++) await sh.run(`ls /${i === 0 ? '' : 'zookeeper'}`);
    sh.clear();
    await sh.run('history');
    expect(sh.out().split('\n')[0]).toBe('2 - ls /zookeeper');
    expect(sh.out().trimEnd().split('\n').at(-1)).toBe('12 - history');
  });

  it('redo replays by number (Integer.decode) and records the replayed line', async () => {
    const sh = shell();
    await sh.run('ls /zookeeper', 'history');
    expect(await sh.run('redo 0', 'redo 0x0')).toBe('[config, quota]\n[config, quota]\n');
    expect(await sh.run('history')).toBe(
      '0 - ls /zookeeper\n1 - history\n2 - ls /zookeeper\n3 - ls /zookeeper\n4 - history\n',
    );
  });

  it('refuses out-of-range indexes and redos of redos; "redo" alone does nothing', async () => {
    const sh = shell();
    await sh.run('ls /zookeeper', 'redo 0'); // history: 0 ls, 1 ls (the redo records what it ran)
    expect(await sh.run('redo 99', 'redo -1', 'redo 3', 'redo')).toBe(
      'Command index out of range\nCommand index out of range\nNo redoing redos\n',
    );
    expect(sh.main.commandCount).toBe(6);
  });

  it('a non-number ends the shell', async () => {
    const sh = shell();
    expect(await sh.run('redo x')).toMatch(
      /^Exception in thread "main" java.lang.NumberFormatException: For input string: "x"\n\tat /,
    );
    expect(await sh.run('ls /')).toBe('');
  });
});

describe('watch printing', () => {
  it('prints WATCHER:: and the event, blank lines before each', async () => {
    const sh = shell();
    await sh.run('get -w /zookeeper');
    expect(await sh.run('set /zookeeper x')).toBe(
      '\nWATCHER::\n\nWatchedEvent state:SyncConnected type:NodeDataChanged path:/zookeeper\n',
    );
  });

  it('printwatches off silences them; printwatches shows the setting', async () => {
    const sh = shell();
    expect(await sh.run('printwatches')).toBe('printwatches is on\n');
    await sh.run('printwatches off', 'get -w /zookeeper', 'set /zookeeper x');
    expect(await sh.run('printwatches')).toBe('printwatches is off\n');
    await sh.run('printwatches maybe');
    expect(await sh.run('printwatches')).toBe('printwatches is off\n');
    await sh.run('printwatches on');
    expect(sh.out()).not.toContain('WATCHER');
  });
});

describe('connection', () => {
  it('after close every command says "Not connected" (history and printwatches after their own output)', async () => {
    const sh = shell();
    await sh.run('ls /');
    expect(await sh.run('close')).toBe('\nWATCHER::\n\nWatchedEvent state:Closed type:None path:null\n');
    expect(await sh.run('ls /', 'create /x', 'help2')).toBe(
      `Not connected\nNot connected\n${sh.main.usage()}Command not found: Command not found help2\n`,
    );
    expect(await sh.run('printwatches')).toBe('printwatches is on\nNot connected\n');
    expect(await sh.run('redo 0')).toBe('Not connected\nNot connected\n');
  });

  it('connect opens a new handle (to the old host without an argument)', async () => {
    let opened: string[] = [];
    const sh = shell(
      {},
      {
        connect: (cs) => {
          opened.push(cs);
          return sh.fake.newSession(cs);
        },
      },
    );
    await sh.run('create -e /mine', 'connect 10.0.0.1:2181');
    expect(sh.fake.state()).toBe('CLOSED');
    expect(sh.fake.nodes.has('/mine')).toBe(false);
    expect(sh.main.prompt()).toBe('[zk: 10.0.0.1:2181(CONNECTED) 2] ');
    expect(await sh.run('ls /zookeeper')).toBe('[config, quota]\n');
    await sh.run('connect');
    expect(opened).toEqual(['10.0.0.1:2181', '10.0.0.1:2181']);
    opened = [];
  });

  it('quit closes the handle and ends the shell with the last exit code', async () => {
    const sh = shell();
    await sh.run('nope', 'quit', 'create /after');
    expect(sh.exits).toEqual([127]);
    expect(sh.fake.state()).toBe('CLOSED');
    expect(sh.fake.nodes.has('/after')).toBe(false);
  });
});

const MAIN = 'org.apache.zookeeper.ZooKeeperMain';
const SHELL = [
  `${MAIN}.processZKCmd(ZooKeeperMain.java:438)`,
  `${MAIN}.processCmd(ZooKeeperMain.java:367)`,
  `${MAIN}.executeLine(ZooKeeperMain.java:359)`,
  `${MAIN}.run(ZooKeeperMain.java:345)`,
  `${MAIN}.main(ZooKeeperMain.java:293)`,
];
const PARSE_INT = [
  'java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)',
  'java.base/java.lang.Integer.parseInt(Integer.java:668)',
  'java.base/java.lang.Integer.parseInt(Integer.java:786)',
];
const ADD_WATCH = [
  'org.apache.zookeeper.ZooKeeper.addWatch(ZooKeeper.java:2808)',
  'org.apache.zookeeper.ZooKeeper.addWatch(ZooKeeper.java:2840)',
  'org.apache.zookeeper.cli.AddWatchCommand.exec(AddWatchCommand.java:77)',
];
const COMMONS_CLI = [
  'java.base/java.lang.String.checkBoundsBeginEnd(String.java:4606)',
  'java.base/java.lang.String.substring(String.java:2709)',
  'org.apache.commons.cli.DefaultParser.isJavaProperty(DefaultParser.java:583)',
  'org.apache.commons.cli.DefaultParser.handleShortAndLongOption(DefaultParser.java:511)',
  'org.apache.commons.cli.DefaultParser.handleToken(DefaultParser.java:542)',
  'org.apache.commons.cli.DefaultParser.parse(DefaultParser.java:712)',
  'org.apache.commons.cli.DefaultParser.parse(DefaultParser.java:679)',
  'org.apache.commons.cli.DefaultParser.parse(DefaultParser.java:660)',
];

function trace(exception: string, frames: string[]): string {
  return `Exception in thread "main" ${exception}\n${frames.map((f) => `\tat ${f}\n`).join('')}`;
}

describe('uncaught exceptions end the shell, with the JVM trace zkCli 3.8.0 printed here', () => {
  it.each([
    [
      'set -v abc /a x',
      'java.lang.NumberFormatException: For input string: "abc"',
      [...PARSE_INT, 'org.apache.zookeeper.cli.SetCommand.exec(SetCommand.java:69)', ...SHELL],
    ],
    [
      'set -v= /a x',
      'java.lang.NumberFormatException: For input string: ""',
      [
        PARSE_INT[0]!,
        'java.base/java.lang.Integer.parseInt(Integer.java:678)',
        PARSE_INT[2]!,
        'org.apache.zookeeper.cli.SetCommand.exec(SetCommand.java:69)',
        ...SHELL,
      ],
    ],
    [
      'delete -v 1x /a',
      'java.lang.NumberFormatException: For input string: "1x"',
      [...PARSE_INT, 'org.apache.zookeeper.cli.DeleteCommand.exec(DeleteCommand.java:81)', ...SHELL],
    ],
    [
      'setAcl -v x /a world:anyone:r',
      'java.lang.NumberFormatException: For input string: "x"',
      [...PARSE_INT, 'org.apache.zookeeper.cli.SetAclCommand.exec(SetAclCommand.java:76)', ...SHELL],
    ],
    [
      'redo 0xZZ',
      'java.lang.NumberFormatException: For input string: "ZZ" under radix 16',
      [
        PARSE_INT[0]!,
        PARSE_INT[1]!,
        'java.base/java.lang.Integer.valueOf(Integer.java:973)',
        'java.base/java.lang.Integer.decode(Integer.java:1458)',
        `${MAIN}.processZKCmd(ZooKeeperMain.java:397)`,
        ...SHELL.slice(1),
      ],
    ],
    [
      'addWatch x',
      'java.lang.IllegalArgumentException: Path must start with / character',
      ['org.apache.zookeeper.common.PathUtils.validatePath(PathUtils.java:49)', ...ADD_WATCH, ...SHELL],
    ],
    [
      'addWatch /a/',
      'java.lang.IllegalArgumentException: Path must not end with / character',
      ['org.apache.zookeeper.common.PathUtils.validatePath(PathUtils.java:55)', ...ADD_WATCH, ...SHELL],
    ],
    [
      'addWatch //a',
      'java.lang.IllegalArgumentException: Invalid path string "//a" caused by empty node name specified @1',
      ['org.apache.zookeeper.common.PathUtils.validatePath(PathUtils.java:91)', ...ADD_WATCH, ...SHELL],
    ],
    [
      'addWatch ""',
      'java.lang.IllegalArgumentException: Path length must be > 0',
      ['org.apache.zookeeper.common.PathUtils.validatePath(PathUtils.java:46)', ...ADD_WATCH, ...SHELL],
    ],
    [
      'ls -=x /',
      'java.lang.StringIndexOutOfBoundsException: begin 0, end 1, length 0',
      [...COMMONS_CLI, 'org.apache.zookeeper.cli.LsCommand.parse(LsCommand.java:60)', ...SHELL],
    ],
    [
      'create -=x /',
      'java.lang.StringIndexOutOfBoundsException: begin 0, end 1, length 0',
      [...COMMONS_CLI, 'org.apache.zookeeper.cli.CreateCommand.parse(CreateCommand.java:59)', ...SHELL],
    ],
  ])('%s', async (line, exception, frames) => {
    const sh = shell();
    await sh.run('create /a');
    sh.clear();
    expect(await sh.run(line, 'ls /')).toBe(trace(exception, frames));
    expect(sh.err()).toBe(sh.all());
    expect(sh.exits).toEqual([1]);
  });

  it('a line without a token, first thing, is a NullPointerException', async () => {
    const sh = shell();
    expect(await sh.run('"', 'ls /')).toBe(
      trace(
        'java.lang.NullPointerException: Cannot invoke "java.util.List.toArray(Object[])" because "this.cmdArgs" is null',
        [
          `${MAIN}$MyCommandOptions.getArgArray(ZooKeeperMain.java:157)`,
          `${MAIN}.processZKCmd(ZooKeeperMain.java:377)`,
          ...SHELL.slice(1),
        ],
      ),
    );
    expect(sh.exits).toEqual([1]);
  });

  it('non-interactive mode: run() calls processCmd directly', async () => {
    const sh = shell();
    expect(await sh.main.runCommand(['set', '-v', 'x', '/a', 'y'])).toBe(1);
    expect(sh.err()).toBe(
      trace('java.lang.NumberFormatException: For input string: "x"', [
        ...PARSE_INT,
        'org.apache.zookeeper.cli.SetCommand.exec(SetCommand.java:69)',
        `${MAIN}.processZKCmd(ZooKeeperMain.java:438)`,
        `${MAIN}.processCmd(ZooKeeperMain.java:367)`,
        `${MAIN}.run(ZooKeeperMain.java:350)`,
        `${MAIN}.main(ZooKeeperMain.java:293)`,
      ]),
    );
  });
});

describe('streams', () => {
  it('puts results and events on stdout; usages, errors, warnings and "Created" on stderr', async () => {
    const sh = shell();
    await sh.run('create /a x', 'ls / extra', 'get /nope', 'ls', 'listquota /a', 'delquota /a', 'close', 'ls /');
    expect(sh.err()).toBe(
      [
        'Created /a',
        "'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead.",
        'Node does not exist: /nope',
        'ls [-s] [-w] [-R] path',
        'absolute path is /zookeeper/quota/a/zookeeper_limits',
        'quota for /a does not exist.',
        '',
      ].join('\n'),
    );
    expect(sh.out()).toBe(
      '[a, zookeeper]\nQuota does not exist for /a\n\nWATCHER::\n\nWatchedEvent state:Closed type:None path:null\nNot connected\n',
    );
  });
});
