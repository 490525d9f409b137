// getAcl [-s] path; setAcl [-s] [-v version] [-R] path acl
import type { ACL } from '../../../data.ts';
import { Code, KeeperException } from '../../../errors.ts';
import {
  CliCommand,
  CliParseException,
  keeperMessage,
  parseArgs,
  zkCall,
  cliFrame,
  withFrames,
} from '../CliCommand.ts';
import { aclLine, statLines } from '../format.ts';
import { parseInt32 } from '../java.ts';
import { type CommandLine, Options } from '../options.ts';
import { validatePath } from '../PathUtils.ts';
import { visitSubTreeDFS } from '../ZKUtil.ts';
import { parseAcl } from './AclParser.ts';

const getOptions = new Options().addOption('s', false, 'stats');

export class GetAclCommand extends CliCommand {
  private cl!: CommandLine;

  constructor() {
    super('getAcl', '[-s] path');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(getOptions, cmdArgs);
    if (this.cl.args.length < 2) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.cl.args[1]!;
    const { acl, stat } = await zkCall(() => {
      validatePath(path);
      return this.zk.getACL(path);
    });
    for (const a of acl) this.println(aclLine(a));
    if (this.cl.hasOption('s')) this.io.out(statLines(stat));
    return false;
  }
}

const setOptions = new Options()
  .addOption('s', false, 'stats')
  .addOption('v', true, 'version')
  .addOption('R', false, 'recursive');

export class SetAclCommand extends CliCommand {
  private cl!: CommandLine;

  constructor() {
    super('setAcl', '[-s] [-v version] [-R] path acl');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(setOptions, cmdArgs);
    if (this.cl.args.length < 3) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.cl.args[1]!;
    const acl = parseAcl(this.cl.args[2]!, (t) => this.io.err(t));
    // Integer.parseInt outside any try: a bad -v ends the shell with a NumberFormatException.
    const version = this.cl.hasOption('v')
      ? withFrames(() => parseInt32(this.cl.getOptionValue('v')!), cliFrame('SetAclCommand', 'exec', 76))
      : -1;
    await zkCall(async () => {
      if (this.cl.hasOption('R')) {
        // Each node's failure is printed with print(), no newline, and the walk goes on.
        await visitSubTreeDFS(this.zk, path, false, async (p) => {
          try {
            await this.setACL(p, acl, version);
          } catch (e) {
            if (!(e instanceof KeeperException)) throw e;
            this.io.out(keeperMessage(e));
          }
        });
      } else {
        const stat = await this.setACL(path, acl, version);
        if (this.cl.hasOption('s')) this.io.out(statLines(stat));
      }
    });
    return false;
  }

  /** ZooKeeper.setACL's client-side checks (path, then a non-empty ACL), then the call. */
  private setACL(path: string, acl: ACL[], version: number) {
    validatePath(path);
    if (acl.length === 0) throw new KeeperException(Code.INVALIDACL);
    return this.zk.setACL(path, acl, version);
  }
}
