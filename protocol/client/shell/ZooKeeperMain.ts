// org.apache.zookeeper.ZooKeeperMain of 3.8: the zkCli shell. executeLine() takes one input
// line as the REPL does (quote-aware split, history, command counter), runs the command against
// a ZooKeeperClient and prints exactly what 3.8 prints: on stdout the results, watch events and
// "Not connected"; on stderr usages, errors and "Created /x".
import type { ClientState, ZooKeeperClient } from '../api.ts';
import { type WatchedEvent, eventTypeName, keeperStateName } from '../../data.ts';
import {
  type CliCommand,
  type Console,
  CliException,
  CommandNotFoundException,
  MalformedCommandException,
} from './CliCommand.ts';
import { JavaCrash, decodeInt32 } from './java.ts';
import { GetAclCommand, SetAclCommand } from './commands/acl.ts';
import { AddAuthCommand, WhoAmICommand } from './commands/auth.ts';
import { GetAllChildrenNumberCommand, GetEphemeralsCommand } from './commands/children.ts';
import { GetConfigCommand } from './commands/config.ts';
import { CreateCommand } from './commands/create.ts';
import { DeleteCommand } from './commands/delete.ts';
import { DeleteAllCommand } from './commands/deleteall.ts';
import { GetCommand } from './commands/get.ts';
import { LsCommand } from './commands/ls.ts';
import { CloseCommand, ReconfigCommand, VersionCommand } from './commands/misc.ts';
import { DelQuotaCommand, ListQuotaCommand, SetQuotaCommand } from './commands/quota.ts';
import { SetCommand } from './commands/set.ts';
import { StatCommand } from './commands/stat.ts';
import { SyncCommand } from './commands/sync.ts';
import { AddWatchCommand, RemoveWatchesCommand } from './commands/watches.ts';

export interface ZooKeeperMainOptions {
  /** System.err; defaults to the `out` given to the constructor (one merged terminal). */
  err?: (text: string) => void;
  /** Opens a new handle for `connect host:port` (ZooKeeperMain.connectToZK). */
  connect?: (connectString: string) => ZooKeeperClient;
  /** Called when the JVM would exit: `quit`, or an exception zkCli does not catch. */
  onExit?: (code: number) => void;
  /** What `version` prints after "ZooKeeper CLI version: ". */
  fullVersion?: string;
}

const USAGE_HEADER = 'ZooKeeper -server host:port -client-configuration properties-file cmd args';
const WS = '[ \\t\\n\\x0B\\f\\r]';

/** ZooKeeperMain.MyCommandOptions.ARGS_PATTERN and QUOTED_PATTERN, with Java's \s and `.`. */
const ARGS_PATTERN = new RegExp(`${WS}*([^"']${WS.replace('[', '[^')}*|"[^"]*"|'[^']*')${WS}*`, 'g');
const QUOTED_PATTERN = /^(['"])([^\n\r\u0085\u2028\u2029]*)(\1)$/;

/** The parsed line: command and all tokens (the command included). Kept across lines, as in 3.8. */
class MyCommandOptions {
  command: string | null = null;
  cmdArgs: string[] | null = null;

  /** False (and the previous command kept!) when the line has no token. */
  parseCommand(line: string): boolean {
    const args: string[] = [];
    for (const m of line.matchAll(ARGS_PATTERN)) {
      let value = m[1]!;
      if (QUOTED_PATTERN.test(value)) value = value.substring(1, value.length - 1);
      args.push(value);
    }
    if (args.length === 0) return false;
    this.command = args[0]!;
    this.cmdArgs = args;
    return true;
  }

  argArray(): string[] {
    if (this.cmdArgs === null) {
      throw new JavaCrash(
        'java.lang.NullPointerException',
        'Cannot invoke "java.util.List.toArray(Object[])" because "this.cmdArgs" is null',
        ['org.apache.zookeeper.ZooKeeperMain$MyCommandOptions.getArgArray(ZooKeeperMain.java:157)'],
      );
    }
    return [...this.cmdArgs];
  }
}

const MAIN = 'org.apache.zookeeper.ZooKeeperMain';

/** fn, called from processZKCmd at that line of ZooKeeperMain.java (for crash traces). */
function atLine<T>(line: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof JavaCrash) e.at(`${MAIN}.processZKCmd(ZooKeeperMain.java:${line})`);
    throw e;
  }
}

/** System.exit: unwinds the shell. */
class ShellExit extends Error {}

function isAlive(state: ClientState): boolean {
  return state !== 'CLOSED' && state !== 'AUTH_FAILED';
}

/** WatchedEvent.toString() of 3.8. */
export function watchedEventString(e: WatchedEvent): string {
  return `WatchedEvent state:${keeperStateName[e.state]} type:${eventTypeName[e.type]} path:${e.path}`;
}

export class ZooKeeperMain {
  private zk: ZooKeeperClient;
  private host: string;
  private readonly io: Console;
  private readonly cl = new MyCommandOptions();
  private readonly history = new Map<number, string>();
  private readonly commands = new Map<string, CliCommand>();
  /** ZooKeeperMain.commandMap: every command name → its option string (the usage listing). */
  private readonly commandMap = new Map<string, string>([
    ['connect', 'host:port'],
    ['history', ''],
    ['redo', 'cmdno'],
    ['printwatches', 'on|off'],
    ['quit', ''],
  ]);
  commandCount = 0;
  printWatches = true;
  exitCode = 0;
  /** True once `quit` ran or an uncaught exception "ended the JVM"; later lines are ignored. */
  exited = false;

  constructor(
    client: ZooKeeperClient,
    out: (text: string) => void,
    private readonly opts: ZooKeeperMainOptions = {},
  ) {
    this.io = { out, err: opts.err ?? out };
    this.zk = client;
    this.host = client.connectString;
    this.watch(client);
    const commands: CliCommand[] = [
      new CloseCommand(),
      new CreateCommand(),
      new DeleteCommand(),
      new DeleteAllCommand(),
      new SetCommand(),
      new GetCommand(),
      new LsCommand(),
      new GetAclCommand(),
      new SetAclCommand(),
      new StatCommand(),
      new SyncCommand(),
      new SetQuotaCommand(),
      new ListQuotaCommand(),
      new DelQuotaCommand(),
      new AddAuthCommand(),
      new ReconfigCommand(),
      new GetConfigCommand(),
      new RemoveWatchesCommand(),
      new GetEphemeralsCommand(),
      new GetAllChildrenNumberCommand(),
      new VersionCommand(opts.fullVersion),
      new AddWatchCommand(),
      new WhoAmICommand(),
    ];
    for (const c of commands) {
      this.commands.set(c.cmdStr, c);
      this.commandMap.set(c.cmdStr, c.optionStr);
    }
  }

  /** The handle commands run against (replaced by `connect`). */
  get client(): ZooKeeperClient {
    return this.zk;
  }

  /** "[zk: 127.0.0.1:2181(CONNECTED) 0] ". */
  prompt(): string {
    return `[zk: ${this.host}(${this.zk.state()}) ${this.commandCount}] `;
  }

  /**
   * What the JVM prints before the first command: "Connecting to <host>" (the constructor), then
   * for an interactive shell the welcome lines (run()). Debian's 3.8.0 build has no JLine.
   */
  startup({ interactive = true, jline = false }: { interactive?: boolean; jline?: boolean } = {}): void {
    this.io.out(`Connecting to ${this.host}\n`);
    if (interactive) this.io.out(`Welcome to ZooKeeper!\nJLine support is ${jline ? 'enabled' : 'disabled'}\n`);
  }

  /**
   * Non-interactive mode, `zkCli.sh -server host:port cmd args`: one command from the argument
   * vector (no quote handling, no history), then the JVM exits with its status, which is returned.
   */
  async runCommand(cmdArgs: string[]): Promise<number> {
    this.cl.command = cmdArgs[0] ?? null;
    this.cl.cmdArgs = [...cmdArgs];
    const frames = [`${MAIN}.run(ZooKeeperMain.java:350)`, `${MAIN}.main(ZooKeeperMain.java:293)`];
    if (!(await this.guard(() => this.processCmd(this.cl), frames))) return this.exitCode;
    this.exit(this.exitCode);
    return this.exitCode;
  }

  /** The usage listing (ZooKeeperMain.usage(), on stderr). */
  usage(): string {
    const names = [...this.commandMap.keys()].sort();
    return `${USAGE_HEADER}\n${names.map((n) => `\t${n} ${this.commandMap.get(n)}\n`).join('')}`;
  }

  /** One input line, as ZooKeeperMain.executeLine. */
  async executeLine(line: string): Promise<void> {
    if (this.exited || line === '') return;
    this.cl.parseCommand(line);
    this.history.set(this.commandCount, line);
    const frames = [
      `${MAIN}.executeLine(ZooKeeperMain.java:359)`,
      `${MAIN}.run(ZooKeeperMain.java:345)`,
      `${MAIN}.main(ZooKeeperMain.java:293)`,
    ];
    if (await this.guard(() => this.processCmd(this.cl), frames)) this.commandCount++;
  }

  /** Runs fn; false when the "JVM" ended in it (System.exit, or an exception zkCli does not catch). */
  private async guard(fn: () => Promise<unknown>, frames: string[]): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (e) {
      if (e instanceof ShellExit) return false;
      if (e instanceof JavaCrash) {
        this.io.err(e.at(...frames).trace());
        this.exitCode = 1;
        this.exit(1);
        return false;
      }
      throw e;
    }
  }

  private exit(code: number): void {
    this.exited = true;
    this.opts.onExit?.(code);
  }

  private async processCmd(co: MyCommandOptions): Promise<boolean> {
    try {
      const watch = await this.processZKCmd(co);
      this.exitCode = 0;
      return watch;
    } catch (e) {
      if (e instanceof JavaCrash) e.at(`${MAIN}.processCmd(ZooKeeperMain.java:367)`);
      if (!(e instanceof CliException)) throw e;
      this.exitCode = e.exitCode;
      this.io.err(`${e.message}\n`);
      return false;
    }
  }

  private async processZKCmd(co: MyCommandOptions): Promise<boolean> {
    const args = atLine(377, () => co.argArray());
    const cmd = co.command!;
    if (args.length < 1) {
      this.io.err(this.usage());
      throw new MalformedCommandException('No command entered');
    }
    if (!this.commandMap.has(cmd)) {
      this.io.err(this.usage());
      throw new CommandNotFoundException(`Command not found ${cmd}`);
    }
    if (cmd === 'quit') {
      await this.zk.close();
      this.exit(this.exitCode);
      throw new ShellExit();
    } else if (cmd === 'redo' && args.length >= 2) {
      const i = atLine(397, () => decodeInt32(args[1]!));
      if (this.commandCount <= i || i < 0) throw new MalformedCommandException('Command index out of range');
      this.cl.parseCommand(this.history.get(i)!);
      if (this.cl.command === 'redo') throw new MalformedCommandException('No redoing redos');
      this.history.set(this.commandCount, this.history.get(i)!);
      await this.processCmd(this.cl);
    } else if (cmd === 'history') {
      for (let i = Math.max(0, this.commandCount - 10); i <= this.commandCount; ++i) {
        this.io.out(`${i} - ${this.history.get(i) ?? 'null'}\n`);
      }
    } else if (cmd === 'printwatches') {
      if (args.length === 1) this.io.out(`printwatches is ${this.printWatches ? 'on' : 'off'}\n`);
      else this.printWatches = args[1] === 'on';
    } else if (cmd === 'connect') {
      await this.connectToZK(args.length >= 2 ? args[1]! : this.host);
    }

    // Below commands all need a live connection
    if (!isAlive(this.zk.state())) {
      this.io.out('Not connected\n');
      return false;
    }
    const cliCmd = this.commands.get(cmd);
    if (cliCmd === undefined) return false;
    cliCmd.bind(this.zk, this.io);
    try {
      return await cliCmd.parseArgs(args).exec();
    } catch (e) {
      if (e instanceof JavaCrash) e.at(`${MAIN}.processZKCmd(ZooKeeperMain.java:438)`);
      throw e;
    }
  }

  private async connectToZK(newHost: string): Promise<void> {
    const open = this.opts.connect;
    if (open === undefined) throw new Error('ZooKeeperMain: `connect` needs opts.connect to open a new handle');
    if (isAlive(this.zk.state())) await this.zk.close();
    this.host = newHost;
    this.zk = open(newHost);
    this.watch(this.zk);
  }

  /** ZooKeeperMain.MyWatcher: every default-watcher event, while printwatches is on. */
  private watch(client: ZooKeeperClient): void {
    client.onEvent((event) => {
      if (!this.printWatches) return;
      this.io.out('\nWATCHER::\n');
      this.io.out(`\n${watchedEventString(event)}\n`);
    });
  }
}
