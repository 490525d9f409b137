// zksim cli: the zkCli shell of ZooKeeper 3.8 against a simulated server. Commands come from
// -c "cmd; cmd" or from stdin, one per line, and print what zkCli prints with its stdin piped
// (no prompt, JLine disabled) — or with --prompt, the interactive prompt too.
// zksim 4lw CMD: a four-letter word to the simulated server.
import { createInterface } from 'node:readline';
import { ZooKeeperMain } from '../../protocol/client/shell/ZooKeeperMain.ts';
import { ZK_VERSION } from '../../protocol/server/FourLetterWords.ts';
import { SimClient } from '../harness/client-driver.ts';
import { UsageError, intFlag, parseArgs } from './args.ts';
import { startSimServers, takeConfigs } from './sim-setup.ts';
import { fourLetterWord } from './fourlw.ts';

const flags = { seed: intFlag(0, Number.MAX_SAFE_INTEGER), prompt: 'bool' } as const;

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
  // -c takes the commands; everything else is a --flag.
  const rest: string[] = [];
  let inline: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-c') {
      inline = argv[++i];
      if (inline === undefined) throw new UsageError('-c needs the commands, like -c "ls /; create /a"');
    } else rest.push(argv[i]!);
  }
  const { configs, rest: others } = takeConfigs(rest);
  const { positional, flags: f } = parseArgs(others, flags);
  if (positional.length > 0) throw new UsageError(`cli takes no positional arguments (got '${positional[0]}')`);
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
  const { configs, rest } = takeConfigs(argv);
  const { positional, flags: f } = parseArgs(rest, { seed: intFlag(0, Number.MAX_SAFE_INTEGER) });
  const known = [
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
  if (positional.length !== 1) throw new UsageError(`4lw needs one command (${known.join(', ')})`);
  const cmd = positional[0]!;
  if (!/^[a-z]{4}$/.test(cmd)) throw new UsageError(`4lw: '${cmd}' is not a four-letter word`);
  const setup = startSimServers(configs, (f.seed as number | undefined) ?? 1);
  for (const s of setup.servers) {
    if (setup.ensemble) out(`--- server.${s.sid} (${s.clientAddr})`);
    out(fourLetterWord(setup.world, s.clientAddr, cmd).replace(/\n$/, ''));
  }
  return 0;
}

/** zksim status: what `zkServer.sh status` prints for each server. */
export async function statusCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { configs, rest } = takeConfigs(argv);
  const { positional, flags: f } = parseArgs(rest, { seed: intFlag(0, Number.MAX_SAFE_INTEGER) });
  if (positional.length > 0) throw new UsageError(`status takes no positional arguments (got '${positional[0]}')`);
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
