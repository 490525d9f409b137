// zksim cli: the zkCli shell of ZooKeeper 3.8 against a simulated server. Commands come from
// -c "cmd; cmd" or from stdin, one per line, and print what zkCli prints with its stdin piped
// (no prompt, JLine disabled) — or with --prompt, the interactive prompt too.
// zksim 4lw CMD: a four-letter word to the simulated server.
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ZooKeeperMain } from '../../protocol/client/shell/ZooKeeperMain.ts';
import { ZK_VERSION } from '../../protocol/server/FourLetterWords.ts';
import { SimClient } from '../harness/client-driver.ts';
import { START_GAP_MS } from '../../scenarios/options.ts';
import { type Flag, type FlagTable, UsageError, boolFlag, flag, intFlag, parseArgs, seedFlag } from './args.ts';
import { type Command, EXIT_0_OR_2 } from './command.ts';
import { ONE_BY_ONE, type StartPlan, startSimServers } from './sim-setup.ts';
import { fourLetterWord } from './fourlw.ts';
import { fourLetterWordTcp } from './fourlw-tcp.ts';
import { type TcpClient, TcpClientProcess } from './tcp-client/tcp-client.ts';

/** --config a.cfg b.cfg c.cfg: every path up to the next flag (and --config may come again). */
const configFlag: Flag = {
  kind: 'paths',
  arg: 'ZOO.CFG...',
  help: "one zoo.cfg: a standalone server (default: the docs' tickTime=2000 dataDir=/var/lib/zookeeper clientPort=2181); one per server: a pseudo-cluster (myid from <dataDir>/myid, else the file name's digits)",
};
const serverFlags: FlagTable = {
  config: configFlag,
  gap: flag(
    intFlag(0, 3_600_000),
    'MS',
    `a pseudo-cluster's servers start one by one in the order of their configs, MS simulated ms apart, as zkServer.sh start per config does (default ${START_GAP_MS}, as first-start)`,
  ),
  together: boolFlag("start a pseudo-cluster's servers all at the same moment (instead of --gap apart)"),
  seed: { ...seedFlag, help: 'the seed of the simulated servers (default 1)' },
};
/** 4lw and status also ask servers over TCP: a served ensemble (zksim serve) or real ones. */
const tcpFlags: FlagTable = {
  ...serverFlags,
  server: flag(
    z.string().regex(/^[^:,\s]+:\d+(,[^:,\s]+:\d+)*$/, 'expected HOST:PORT[,HOST:PORT...]'),
    'HOST:PORT,...',
    'ask these servers over TCP instead (a zksim serve ensemble, or real servers)',
  ),
};

/** --gap MS / --together: how a pseudo-cluster is started. */
function startPlanOf(f: Record<string, unknown>): StartPlan {
  const gap = f.gap as number | undefined;
  if (f.server && (gap !== undefined || f.together))
    throw new UsageError(
      `--${gap !== undefined ? 'gap' : 'together'}: starts simulated servers; --server asks running ones`,
    );
  if (gap !== undefined && f.together) throw new UsageError('--gap and --together: give one of them, not both');
  if (f.together) return { gapMs: 0, together: true, flag: '--together' };
  if (gap !== undefined) return { gapMs: gap, together: false, flag: '--gap' };
  return ONE_BY_ONE;
}

/** zkCli's -server: a connect string, HOST:PORT[,HOST:PORT...][/chroot] (ConnectStringParser). */
const connectStringFlag = z
  .string()
  .regex(/^[^:,\s/]+:\d+(,[^:,\s/]+:\d+)*(\/[^\s]*)?$/, 'expected HOST:PORT[,HOST:PORT...][/chroot]')
  .refine((cs) => {
    const i = cs.indexOf('/');
    if (i < 0) return true;
    const chroot = cs.slice(i);
    // ConnectStringParser: a chroot of "/" is none; any other is a path PathUtils.validatePath takes.
    return chroot === '/' || (!chroot.endsWith('/') && !/\/\/|\/\.\.?(\/|$)/.test(chroot));
  }, 'the chroot is not a valid path');

const cliFlags: FlagTable = {
  ...serverFlags,
  server: {
    kind: connectStringFlag,
    arg: 'HOST:PORT,...[/chroot]',
    help: 'connect over TCP to these servers, as zkCli.sh -server: a served ensemble (zksim serve) or real ZooKeeper',
    short: true,
  },
  timeout: {
    kind: intFlag(1, 2_147_483_647),
    arg: 'MS',
    help: 'the session timeout asked for, as zkCli.sh -timeout (default 30000)',
    short: true,
  },
  c: {
    kind: z.string(),
    arg: '"CMD; CMD"',
    help: 'the commands (split at ; and newlines); without -c (or a command after the flags) they come from stdin, one a line',
    short: true,
  },
  prompt: boolFlag('print the prompt and each command too, as an interactive zkCli shows them'),
};

/** The four-letter words a 3.8 server answers (4lw.commands.whitelist=*). */
const FOUR_LETTER_WORDS = [
  'ruok',
  'srvr',
  'stat',
  'mntr',
  'conf',
  'cons',
  'wchs',
  'envi',
  'dump',
  'wchc',
  'wchp',
  'crst',
  'srst',
  'dirs',
  'isro',
  'gtmk',
  'hash',
];

export const cliCmd: Command = {
  exitCodes:
    "exit codes: zkCli's (the last command's status: 0 done, 1 failed, 127 command not found; a one-command run: that command's), 2 bad input",
  name: 'cli',
  synopsis:
    '[--config ZOO.CFG... [--gap MS | --together] | -server HOST:PORT,...[/chroot] [-timeout MS]] [-c "CMD; CMD" | CMD ARGS...] [--prompt]',
  summary:
    'the zkCli 3.8 shell against a simulated standalone server or pseudo-cluster, or over TCP against served (zksim serve) or real servers; prints what zkCli prints with stdin piped',
  about: [
    '',
    'With a command after the flags (zksim cli -server 127.0.0.1:2181 ls /) it runs that one command and exits with its status, as zkCli.sh -server HOST:PORT CMD ARGS does.',
  ],
  flags: cliFlags,
  run: (argv, out, err) => cliCommand(argv, out, err),
};

export const fourLetterCmd: Command = {
  exitCodes: EXIT_0_OR_2,
  name: '4lw',
  synopsis: 'CMD [--config ZOO.CFG... [--gap MS | --together] | --server HOST:PORT,...]',
  summary: 'a four-letter word to each simulated server (or served ones: --server), as echo CMD | nc host port',
  about: ['', `CMD: ${FOUR_LETTER_WORDS.join(' ')}`],
  flags: tcpFlags,
  run: (argv, out) => fourLetterCommand(argv, out),
};

export const statusCmd: Command = {
  exitCodes: EXIT_0_OR_2,
  name: 'status',
  synopsis: '[--config ZOO.CFG... [--gap MS | --together] | --server HOST:PORT,...]',
  summary: 'what zkServer.sh status says for each simulated server (or served ones: --server)',
  flags: tcpFlags,
  run: (argv, out) => statusCommand(argv, out),
};

/** Split -c "a; b" into commands (zkCli runs one command per line). */
function commandsOf(text: string): string[] {
  return text
    .split(/\n|;/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** A handle of the shell: simulated (SimClient) or over TCP (TcpClient). */
type ShellClient = SimClient | TcpClient;

export async function cliCommand(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  stdinLines?: () => AsyncIterable<string>,
): Promise<number> {
  // MyCommandOptions.parseOptions: options, then the first word that is not one is the command,
  // and every argument after it is the command's.
  const { positional, flags: f } = parseArgs(argv, cliFlags, { rest: true });
  const unknown = positional.find(
    (a, i) => a.startsWith('-') && positional.slice(0, i).every((b) => b.startsWith('-')),
  );
  if (unknown !== undefined) throw new UsageError(`unknown flag ${unknown}`);
  const inline = f.c as string | undefined;
  if (inline !== undefined && positional.length > 0)
    throw new UsageError(`-c and a command ('${positional[0]}'): give one of them`);
  const configs = (f.config as string[] | undefined) ?? [];
  const server = f.server as string | undefined;
  if (server !== undefined && configs.length > 0)
    throw new UsageError('-server asks running servers; --config starts simulated ones: give one of them');
  if (server !== undefined && f.seed !== undefined)
    throw new UsageError('--seed: seeds simulated servers; -server asks running ones');
  if (server !== undefined && (f.gap !== undefined || f.together))
    throw new UsageError(
      `--${f.gap !== undefined ? 'gap' : 'together'}: starts simulated servers; -server asks running ones`,
    );
  const timeout = (f.timeout as number | undefined) ?? 30_000;

  let text = '';
  const write = (s: string) => {
    text += s;
    let nl: number;
    while ((nl = text.indexOf('\n')) >= 0) {
      out(text.slice(0, nl));
      text = text.slice(nl + 1);
    }
  };
  const writeErr = (s: string) => {
    write(''); // keep order with stdout
    for (const line of s.replace(/\n$/, '').split('\n')) err(line);
  };

  // Every handle lives in the one zkCli process (`connect host:port` opens a new one there).
  let connect: (connectString: string) => ShellClient;
  let addr: string;
  /** Between commands: let what a command set going arrive (simulated: run the world a little). */
  let settle: (c: ShellClient) => void = () => {};
  /** The JVM exits: its sockets close, its timers stop. */
  let exitProcess: () => void = () => {};
  if (server !== undefined) {
    const proc = new TcpClientProcess();
    addr = server;
    connect = (cs) => {
      const c = proc.connect(cs, timeout);
      c.createWithStat = false; // CreateCommand: create(path, data, acl, mode), no stat asked for
      return c;
    };
    exitProcess = () => proc.exit();
  } else {
    const setup = startSimServers(configs, (f.seed as number | undefined) ?? 1, startPlanOf(f));
    addr = setup.connectString;
    connect = (cs) => {
      const c = new SimClient(setup.world, 'zkcli', cs, timeout);
      c.createWithStat = false;
      return c;
    };
    settle = (c) => (c as SimClient).advance(10);
  }
  const client = connect(addr);
  let exitCode: number | undefined;
  const shell = new ZooKeeperMain(client, write, {
    err: writeErr,
    connect,
    fullVersion: ZK_VERSION,
    onExit: (c) => (exitCode = c),
  });
  try {
    if (positional.length > 0) {
      // zkCli.sh -server HOST:PORT CMD ARGS: run() processes the one command, then System.exit.
      shell.startup({ interactive: false });
      const code = await shell.runCommand(positional);
      return exitCode ?? code;
    }
    shell.startup({ interactive: true, jline: false });
    if (client instanceof SimClient) await client.open();
    const lines = inline !== undefined ? commandsOf(inline) : stdinLines ? stdinLines() : readStdin();
    for await (const line of lines) {
      if (exitCode !== undefined) break;
      if (f.prompt) write(`${shell.prompt()}${line}\n`);
      await shell.executeLine(line);
      settle(shell.client as ShellClient);
      if (exitCode !== undefined) break;
    }
    // End of input: run() returns and the JVM exits with the last command's status.
    return exitCode ?? shell.exitCode;
  } finally {
    if (text.length > 0) out(text);
    exitProcess();
  }
}

async function* readStdin(): AsyncIterable<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of rl) yield line;
  } finally {
    // The shell may end before its input does (quit, a crash): stop reading, so the process can exit.
    rl.close();
    process.stdin.destroy();
  }
}

export async function fourLetterCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { positional, flags: f } = parseArgs(argv, tcpFlags);
  const configs = (f.config as string[] | undefined) ?? [];
  if (positional.length !== 1) throw new UsageError(`4lw needs one command (${FOUR_LETTER_WORDS.join(', ')})`);
  const cmd = positional[0]!;
  if (!/^[a-z]{4}$/.test(cmd)) throw new UsageError(`4lw: '${cmd}' is not a four-letter word`);
  const plan = startPlanOf(f);
  if (f.server) {
    const addrs = (f.server as string).split(',');
    for (const a of addrs) {
      if (addrs.length > 1) out(`--- ${a}`);
      out((await fourLetterWordTcp(a, cmd)).replace(/\n$/, ''));
    }
    return 0;
  }
  const setup = startSimServers(configs, (f.seed as number | undefined) ?? 1, plan);
  for (const s of setup.servers) {
    if (setup.ensemble) out(`--- server.${s.sid} (${s.clientAddr})`);
    out(fourLetterWord(setup.world, s.clientAddr, cmd).replace(/\n$/, ''));
  }
  return 0;
}

/** zksim status: what `zkServer.sh status` prints for each server. */
export async function statusCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { positional, flags: f } = parseArgs(argv, tcpFlags);
  const configs = (f.config as string[] | undefined) ?? [];
  if (positional.length > 0) throw new UsageError(`status takes no positional arguments (got '${positional[0]}')`);
  const plan = startPlanOf(f);
  if (f.server) {
    for (const a of (f.server as string).split(',')) {
      const mode = /Mode: (\w+)/.exec(await fourLetterWordTcp(a, 'srvr'))?.[1];
      out('ZooKeeper JMX enabled by default');
      out(
        `Client port found: ${a.slice(a.lastIndexOf(':') + 1)}. Client address: ${a.slice(0, a.lastIndexOf(':'))}. Client SSL: false.`,
      );
      out(mode ? `Mode: ${mode}` : 'Error contacting service. It is probably not running.');
    }
    return 0;
  }
  const setup = startSimServers(configs, (f.seed as number | undefined) ?? 1, plan);
  for (const s of setup.servers) {
    const [host, port] = [
      s.clientAddr.slice(0, s.clientAddr.lastIndexOf(':')),
      s.clientAddr.slice(s.clientAddr.lastIndexOf(':') + 1),
    ];
    const srvr = fourLetterWord(setup.world, s.clientAddr, 'srvr');
    const mode = /Mode: (\w+)/.exec(srvr)?.[1];
    out('ZooKeeper JMX enabled by default');
    out(`Using config: ${s.config}`);
    out(`Client port found: ${port}. Client address: ${host}. Client SSL: false.`);
    out(mode ? `Mode: ${mode}` : 'Error contacting service. It is probably not running.');
  }
  return 0;
}
