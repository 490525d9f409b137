// create [-s] [-e] [-c] [-t ttl] path [data] [acl]
import { Ids, CreateMode, isSequential } from '../../../data.ts';
import { Code, KeeperException } from '../../../errors.ts';
import {
  CliCommand,
  CliParseException,
  CliWrapperException,
  MalformedCommandException,
  MalformedPathException,
  keeperMessage,
  parseArgs,
} from '../CliCommand.ts';
import { IllegalArgumentException, NumberFormatException, parseInt64 } from '../java.ts';
import { type CommandLine, Options } from '../options.ts';
import { validatePath } from '../PathUtils.ts';
import { parseAcl } from './AclParser.ts';

/** EphemeralType.TTL.maxValue(): 40 bits of milliseconds. */
export const MAX_TTL = 0xffffffffffn;

const options = new Options()
  .addOption('e', false, 'ephemeral')
  .addOption('s', false, 'sequential')
  .addOption('c', false, 'container')
  .addOption('t', true, 'ttl');

export class CreateCommand extends CliCommand {
  private cl!: CommandLine;

  constructor() {
    super('create', '[-s] [-e] [-c] [-t ttl] path [data] [acl]');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(options, cmdArgs);
    if (this.cl.args.length < 2) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const cl = this.cl;
    const [hasE, hasS, hasC, hasT] = ['e', 's', 'c', 't'].map((o) => cl.hasOption(o));
    if (hasC && (hasE || hasS)) {
      throw new MalformedCommandException(
        '-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.',
      );
    }
    let ttl = 0n;
    if (hasT) {
      try {
        ttl = parseInt64(cl.getOptionValue('t')!);
      } catch (e) {
        if (e instanceof NumberFormatException) throw new MalformedCommandException('-t argument must be a long value');
        throw e;
      }
    }
    if (hasT && hasE) throw new MalformedCommandException('TTLs cannot be used with Ephemeral znodes');
    if (hasT && hasC) throw new MalformedCommandException('TTLs cannot be used with Container znodes');
    const mode = createMode(hasE, hasS, hasC, hasT);
    if (hasT && (ttl > MAX_TTL || ttl <= 0n)) {
      throw new MalformedCommandException(`ttl must be positive and cannot be larger than: ${MAX_TTL}`);
    }
    const args = cl.args;
    const path = args[1]!;
    const data = args.length > 2 ? args[2]! : null;
    const acl = args.length > 3 ? parseAcl(args[3]!, (t) => this.io.err(t)) : Ids.OPEN_ACL_UNSAFE;
    try {
      // ZooKeeper.create's client-side checks, in its order: path, then ACL.
      validatePath(path, isSequential(mode));
      if (acl.length === 0) throw new KeeperException(Code.INVALIDACL);
      const created = hasT
        ? await this.zk.create(path, data, acl, mode, Number(ttl))
        : await this.zk.create(path, data, acl, mode);
      this.eprintln(`Created ${created.path}`);
    } catch (e) {
      if (e instanceof IllegalArgumentException) throw new MalformedPathException(e.javaMessage);
      if (e instanceof KeeperException) {
        if (e.code === Code.EPHEMERALONLOCALSESSION)
          this.eprintln('Unable to create ephemeral node on a local session');
        if (e.code === Code.INVALIDACL) this.eprintln(keeperMessage(e));
        throw new CliWrapperException(e);
      }
      throw e;
    }
    return true;
  }
}

function createMode(hasE: boolean, hasS: boolean, hasC: boolean, hasT: boolean): CreateMode {
  if (hasE && hasS) return CreateMode.EPHEMERAL_SEQUENTIAL;
  if (hasE) return CreateMode.EPHEMERAL;
  if (hasS) return hasT ? CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL : CreateMode.PERSISTENT_SEQUENTIAL;
  if (hasC) return CreateMode.CONTAINER;
  return hasT ? CreateMode.PERSISTENT_WITH_TTL : CreateMode.PERSISTENT;
}
