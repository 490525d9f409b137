// version; close; reconfig
import type { Stat } from '../../../data.ts';
import { CliCommand, CliParseException, CliWrapperException, parseArgs, zkCall } from '../CliCommand.ts';
import { statLines } from '../format.ts';
import { NumberFormatException, parseInt64 } from '../java.ts';
import { type CommandLine, Options } from '../options.ts';

/** Version.getFullVersion() of Debian's zookeeper 3.8.0 package (its build leaves the git id unset). */
export const ZK_FULL_VERSION = '3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC';

const noOptions = new Options();

export class VersionCommand extends CliCommand {
  constructor(private readonly fullVersion: string = ZK_FULL_VERSION) {
    super('version', '');
  }

  parse(cmdArgs: string[]): this {
    if (parseArgs(noOptions, cmdArgs).args.length > 1) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    this.println(`ZooKeeper CLI version: ${this.fullVersion}`);
    return false;
  }
}

export class CloseCommand extends CliCommand {
  constructor() {
    super('close', '');
  }

  parse(): this {
    return this;
  }

  async exec(): Promise<boolean> {
    try {
      await this.zk.close();
    } catch (e) {
      throw new CliWrapperException(e);
    }
    return false;
  }
}

/** ZooKeeperAdmin.reconfigure, for a client that offers it (the ZooKeeperClient API does not). */
export interface ReconfigAdmin {
  reconfigure(
    joining: string | null,
    leaving: string | null,
    members: string | null,
    fromConfig: bigint,
  ): Promise<{ data: string | null; stat: Stat }>;
}

function isAdmin(zk: unknown): zk is ReconfigAdmin {
  return typeof (zk as Partial<ReconfigAdmin>).reconfigure === 'function';
}

const reconfigOptions = new Options()
  .addOption('s', false, 'stats')
  .addOption('v', true, 'required current config version')
  .addOption('file', true, 'path of config file to parse for membership')
  .addOption('members', true, 'comma-separated list of config strings for non-incremental reconfig')
  .addOption('add', true, 'comma-separated list of config strings for new servers')
  .addOption('remove', true, 'comma-separated list of server IDs to remove');

export class ReconfigCommand extends CliCommand {
  private cl!: CommandLine;
  private joining: string | null = null;
  private leaving: string | null = null;
  private members: string | null = null;
  private version = -1n;

  constructor() {
    super(
      'reconfig',
      '[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]',
    );
  }

  parse(cmdArgs: string[]): this {
    this.joining = this.leaving = this.members = null;
    const cl = (this.cl = parseArgs(reconfigOptions, cmdArgs));
    const nonIncremental = cl.hasOption('file') || cl.hasOption('members');
    const incremental = cl.hasOption('add') || cl.hasOption('remove');
    if (!nonIncremental && !incremental) throw new CliParseException(this.usageStr());
    this.version = -1n;
    if (cl.hasOption('v')) {
      try {
        this.version = parseInt64(cl.getOptionValue('v')!, 16);
      } catch (e) {
        if (e instanceof NumberFormatException)
          throw new CliParseException('-v must be followed by a long (configuration version)');
        throw e;
      }
    }
    if (nonIncremental && incremental) {
      throw new CliParseException(
        "Can't use -file or -members together with -add or -remove (mixing incremental and non-incremental modes is not allowed)",
      );
    }
    if (cl.hasOption('file') && cl.hasOption('members')) {
      throw new CliParseException("Can't use -file and -members together (conflicting non-incremental modes)");
    }
    if (cl.hasOption('add')) this.joining = cl.getOptionValue('add')!.toLowerCase();
    if (cl.hasOption('remove')) this.leaving = cl.getOptionValue('remove')!.toLowerCase();
    if (cl.hasOption('members')) this.members = cl.getOptionValue('members')!.toLowerCase();
    if (cl.hasOption('file')) {
      // The shell has no file system: every file is one that cannot be opened (FileInputStream's message).
      const file = cl.getOptionValue('file')!;
      throw new CliParseException(`Error processing ${file}${file} (No such file or directory)`);
    }
    return this;
  }

  /** As 3.8: with a handle that is not a ZooKeeperAdmin, reconfig does nothing. */
  async exec(): Promise<boolean> {
    const zk = this.zk;
    if (!isAdmin(zk)) return false;
    const { data, stat } = await zkCall(() => zk.reconfigure(this.joining, this.leaving, this.members, this.version));
    this.println(`Committed new configuration:\n${data ?? 'null'}`);
    if (this.cl.hasOption('s')) this.io.out(statLines(stat));
    return false;
  }
}
