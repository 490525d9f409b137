// zksim cli: the zkCli shell of ZooKeeper 3.8 against a simulated server. Commands come from
// -c "cmd; cmd" or from stdin, one per line, and print what zkCli prints with its stdin piped
// (no prompt, JLine disabled) — or with --prompt, the interactive prompt too.
// zksim 4lw CMD: a four-letter word to the simulated server.
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ZooKeeperMain } from '../../protocol/client/shell/ZooKeeperMain.ts';
import { ZK_VERSION } from '../../protocol/server/FourLetterWords.ts';
import { SimClient } from '../harness/client-driver.ts';
import { type Flag, type FlagTable, UsageError, boolFlag, flag, parseArgs, seedFlag } from './args.ts';
import { type Command, EXIT_0_OR_2 } from './command.ts';
import { startSimServers } from './sim-setup.ts';
import { fourLetterWord } from './fourlw.ts';
import { fourLetterWordTcp } from './fourlw-tcp.ts';

/** --config a.cfg b.cfg c.cfg: every path up to the next flag (and --config may come again). */
const configFlag: Flag = {
  kind: 'paths',
  arg: 'ZOO.CFG...',
  help: "one zoo.cfg: a standalone server (default: the docs' tickTime=2000 dataDir=/var/lib/zookeeper clientPort=2181); one per server: a pseudo-cluster (myid from <dataDir>/myid, else the file name's digits)",
};
const serverFlags: FlagTable = {
  config: configFlag,
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

const cliFlags: FlagTable = {
  ...serverFlags,
  c: {
    kind: z.string(),
    arg: '"CMD; CMD"',
    help: 'the commands (split at ; and newlines); without -c they come from stdin, one a line',
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
  exitCodes: "exit codes: zkCli's (0 unless the shell quit with another), 2 bad input",
  name: 'cli',
  synopsis: '[--config ZOO.CFG...] [-c "CMD; CMD"] [--prompt]',
  summary:
    'the zkCli 3.8 shell against a simulated standalone server or pseudo-cluster; prints what zkCli prints with stdin piped',
  flags: cliFlags,
  run: (argv, out, err) => cliCommand(argv, out, err),
};

export const fourLetterCmd: Command = {
  exitCodes: EXIT_0_OR_2,
  name: '4lw',
  synopsis: 'CMD [--config ZOO.CFG...]',
  summary: 'a four-letter word to each simulated server (or served ones: --server), as echo CMD | nc host port',
  about: ['', `CMD: ${FOUR_LETTER_WORDS.join(' ')}`],
  flags: tcpFlags,
  run: (argv, out) => fourLetterCommand(argv, out),
};

export const statusCmd: Command = {
  exitCodes: EXIT_0_OR_2,
  name: 'status',
  synopsis: '[--config ZOO.CFG...]',
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

export async function cliCommand(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  stdinLines?: () => AsyncIterable<string>,
): Promise<number> {
  const { positional, flags: f } = parseArgs(argv, cliFlags);
  if (positional.length > 0) throw new UsageError(`cli takes no positional arguments (got '${positional[0]}')`);
  const inline = f.c as string | undefined;
  const configs = (f.config as string[] | undefined) ?? [];
  const { world, connectString: addr } = startSimServers(configs, (f.seed as number | undefined) ?? 1);
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
  const connect = (connectString: string) => {
    const c = new SimClient(world, 'zkcli', connectString);
    c.createWithStat = false; // CreateCommand: create(path, data, acl, mode), no stat asked for
    return c;
  };
  const client = connect(addr);
  let exitCode: number | undefined;
  const shell = new ZooKeeperMain(client, write, {
    err: writeErr,
    connect,
    fullVersion: ZK_VERSION,
    onExit: (c) => (exitCode = c),
  });
  shell.startup({ interactive: true, jline: false });
  await client.open();
  const lines = inline !== undefined ? commandsOf(inline) : stdinLines ? stdinLines() : readStdin();
  for await (const line of lines) {
    if (exitCode !== undefined) break;
    if (f.prompt) write(`${shell.prompt()}${line}\n`);
    await shell.executeLine(line);
    // Let what the command set going arrive (watch events of other sessions, pings).
    (shell.client as SimClient).advance(10);
  }
  if (text.length > 0) out(text);
  return exitCode ?? 0;
}

async function* readStdin(): AsyncIterable<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) yield line;
}

export async function fourLetterCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { positional, flags: f } = parseArgs(argv, tcpFlags);
  const configs = (f.config as string[] | undefined) ?? [];
  if (positional.length !== 1) throw new UsageError(`4lw needs one command (${FOUR_LETTER_WORDS.join(', ')})`);
  const cmd = positional[0]!;
  if (!/^[a-z]{4}$/.test(cmd)) throw new UsageError(`4lw: '${cmd}' is not a four-letter word`);
  if (f.server) {
    const addrs = (f.server as string).split(',');
    for (const a of addrs) {
      if (addrs.length > 1) out(`--- ${a}`);
      out((await fourLetterWordTcp(a, cmd)).replace(/\n$/, ''));
    }
    return 0;
  }
  const setup = startSimServers(configs, (f.seed as number | undefined) ?? 1);
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
  const setup = startSimServers(configs, (f.seed as number | undefined) ?? 1);
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
