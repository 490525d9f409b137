// org.apache.zookeeper.cli.CliCommand and its exceptions. A command is parsed, then executed
// against the ZooKeeperClient; whatever goes wrong surfaces as a CliException whose message is
// the one line zkCli 3.8 prints on stderr.
import type { ZooKeeperClient } from '../api.ts';
import { Code, KeeperException, codeMessage } from '../../errors.ts';
import { IllegalArgumentException, JavaCrash } from './java.ts';
import { type CommandLine, type Options, ParseException, parseOptions } from './options.ts';

/** Where a command prints: System.out and System.err of the shell. */
export interface Console {
  out(text: string): void;
  err(text: string): void;
}

export class CliException extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Bad arguments: either commons-cli's ParseException (printed as its toString) or a usage line. */
export class CliParseException extends CliException {
  constructor(cause: ParseException | string) {
    super(typeof cause === 'string' ? cause : cause.toString());
  }
}

export class MalformedCommandException extends CliException {}

export class MalformedPathException extends CliException {}

export class CommandNotFoundException extends CliException {
  constructor(message: string) {
    super(`Command not found: ${message}`, 127);
  }
}

/** KeeperException.getMessage(): "KeeperErrorCode = NoNode for /a". */
export function keeperMessage(e: KeeperException): string {
  const path = e.path;
  return `KeeperErrorCode = ${codeMessage(e.code)}${path === undefined || path === '' ? '' : ` for ${path}`}`;
}

const wrapped: Record<number, string> = {
  [Code.NONODE]: 'Node does not exist: ',
  [Code.NOCHILDRENFOREPHEMERALS]: 'Ephemerals cannot have children: ',
  [Code.NODEEXISTS]: 'Node already exists: ',
  [Code.NOTEMPTY]: 'Node not empty: ',
  [Code.NOTREADONLY]: 'Not a read-only call: ',
  [Code.INVALIDACL]: 'Acl is not valid : ',
  [Code.NOAUTH]: 'Insufficient permission : ',
  [Code.BADARGUMENTS]: 'Arguments are not valid : ',
  [Code.BADVERSION]: 'version No is not valid : ',
  [Code.QUOTAEXCEEDED]: 'Quota has exceeded : ',
};

/** CliWrapperException: a KeeperException (or another cause) turned into zkCli's one-liner. */
export class CliWrapperException extends CliException {
  constructor(cause: unknown) {
    super(CliWrapperException.messageOf(cause));
  }

  static messageOf(cause: unknown): string {
    if (cause instanceof KeeperException) {
      const prefix = wrapped[cause.code];
      if (prefix !== undefined) return prefix + (cause.path ?? 'null');
      if (cause.code === Code.RECONFIGINPROGRESS)
        return 'Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)';
      if (cause.code === Code.NEWCONFIGNOQUORUM) {
        return 'No quorum of new config is connected and up-to-date with the leader of last committed config - try invoking reconfiguration after new servers are connected and synced';
      }
      return keeperMessage(cause);
    }
    return cause instanceof Error ? cause.message : String(cause);
  }
}

/** DefaultParser.parse, a ParseException becoming CliParseException. */
export function parseArgs(options: Options, cmdArgs: readonly string[]): CommandLine {
  try {
    return parseOptions(options, cmdArgs);
  } catch (e) {
    if (e instanceof ParseException) throw new CliParseException(e);
    throw e;
  }
}

/**
 * The 3.4-era "cmd path watch" form of ls, get and stat: with more than one argument the third
 * token is rewritten to -w (whatever it was), a deprecation line goes to stderr, and the line is
 * parsed again.
 */
export function deprecatedWatchArg(
  cl: CommandLine,
  options: Options,
  cmdArgs: string[],
  io: Console,
  warning: string,
): CommandLine {
  if (cl.args.length <= 2) return cl;
  cmdArgs[2] = '-w';
  io.err(`${warning}\n`);
  return parseArgs(options, cmdArgs);
}

/**
 * The usual try/catch of a command's exec: IllegalArgumentException (a bad path) becomes
 * MalformedPathException, KeeperException becomes CliWrapperException; anything else
 * propagates (a JavaCrash ends the shell, as an uncaught exception ends the JVM).
 */
export async function zkCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof IllegalArgumentException) throw new MalformedPathException(e.javaMessage);
    if (e instanceof KeeperException) throw new CliWrapperException(e);
    throw e;
  }
}

/** The line of each 3.8.0 command class whose parse() calls DefaultParser.parse (for crash traces). */
const PARSE_LINES: Record<string, [string, number]> = {
  create: ['CreateCommand', 59],
  delete: ['DeleteCommand', 48],
  deleteall: ['DeleteAllCommand', 54],
  set: ['SetCommand', 51],
  get: ['GetCommand', 52],
  ls: ['LsCommand', 60],
  getAcl: ['GetAclCommand', 51],
  setAcl: ['SetAclCommand', 57],
  stat: ['StatCommand', 49],
  sync: ['SyncCommand', 47],
  setquota: ['SetQuotaCommand', 67],
  listquota: ['ListQuotaCommand', 50],
  delquota: ['DelQuotaCommand', 59],
  addauth: ['AddAuthCommand', 44],
  reconfig: ['ReconfigCommand', 88],
  config: ['GetConfigCommand', 54],
  removewatches: ['RemoveWatchesCommand', 52],
  getEphemerals: ['GetEphemeralsCommand', 44],
  getAllChildrenNumber: ['GetAllChildrenNumberCommand', 43],
  version: ['VersionCommand', 43],
  addWatch: ['AddWatchCommand', 54],
};

/** "org.apache.zookeeper.cli.SetCommand.exec(SetCommand.java:69)". */
export function cliFrame(javaClass: string, method: string, line: number): string {
  return `org.apache.zookeeper.cli.${javaClass}.${method}(${javaClass}.java:${line})`;
}

/** Runs fn; an uncaught Java exception leaving it gets `frames` added to its stack. */
export function withFrames<T>(fn: () => T, ...frames: string[]): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof JavaCrash) e.at(...frames);
    throw e;
  }
}

export abstract class CliCommand {
  protected zk!: ZooKeeperClient;
  protected io!: Console;

  constructor(
    readonly cmdStr: string,
    readonly optionStr: string,
  ) {}

  /** "create [-s] [-e] [-c] [-t ttl] path [data] [acl]". */
  usageStr(): string {
    return `${this.cmdStr} ${this.optionStr}`;
  }

  bind(zk: ZooKeeperClient, io: Console): this {
    this.zk = zk;
    this.io = io;
    return this;
  }

  /** Parse the whole token list (tokens[0] is the command name). */
  abstract parse(cmdArgs: string[]): this;

  /** parse(), with the command's frame on a crash inside commons-cli. */
  parseArgs(cmdArgs: string[]): this {
    const site = PARSE_LINES[this.cmdStr];
    return site === undefined
      ? this.parse(cmdArgs)
      : withFrames(() => this.parse(cmdArgs), cliFrame(site[0], 'parse', site[1]));
  }

  /** Run it; true when the command left a watch. */
  abstract exec(): Promise<boolean>;

  protected println(text: string): void {
    this.io.out(`${text}\n`);
  }

  protected eprintln(text: string): void {
    this.io.err(`${text}\n`);
  }
}
