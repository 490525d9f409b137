// getAllChildrenNumber path; getEphemerals path
import { CliCommand, MalformedCommandException, parseArgs, zkCall } from '../CliCommand.ts';
import { javaListString } from '../java.ts';
import { Options } from '../options.ts';
import { validatePath } from '../PathUtils.ts';

const options = new Options();

export class GetAllChildrenNumberCommand extends CliCommand {
  private args: string[] = [];

  constructor() {
    super('getAllChildrenNumber', 'path');
  }

  parse(cmdArgs: string[]): this {
    this.args = parseArgs(options, cmdArgs).args;
    return this;
  }

  async exec(): Promise<boolean> {
    if (this.args.length < 2) throw new MalformedCommandException(this.usageStr());
    const path = this.args[1]!;
    const n = await zkCall(() => {
      validatePath(path);
      return this.zk.getAllChildrenNumber(path);
    });
    this.println(String(n));
    return false;
  }
}

export class GetEphemeralsCommand extends CliCommand {
  private args: string[] = [];

  constructor() {
    super('getEphemerals', 'path');
  }

  parse(cmdArgs: string[]): this {
    this.args = parseArgs(options, cmdArgs).args;
    return this;
  }

  /** Without a path, the session's ephemerals under "/"; printed in the server's order. */
  async exec(): Promise<boolean> {
    const path = this.args.length < 2 ? '/' : this.args[1]!;
    const ephemerals = await zkCall(() => {
      validatePath(path);
      return this.zk.getEphemerals(path);
    });
    this.println(javaListString(ephemerals));
    return false;
  }
}
