// sync path
import { KeeperException } from '../../../errors.ts';
import { CliCommand, CliParseException, parseArgs, zkCall } from '../CliCommand.ts';
import { Options } from '../options.ts';
import { validatePath } from '../PathUtils.ts';

const options = new Options();

export class SyncCommand extends CliCommand {
  private args: string[] = [];

  constructor() {
    super('sync', 'path');
  }

  parse(cmdArgs: string[]): this {
    this.args = parseArgs(options, cmdArgs).args;
    if (this.args.length < 2) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1]!;
    // The async sync's result code is printed, never thrown.
    const rc = await zkCall(async () => {
      validatePath(path);
      try {
        await this.zk.sync(path);
        return 0;
      } catch (e) {
        if (e instanceof KeeperException) return e.code;
        throw e;
      }
    });
    this.println(rc === 0 ? 'Sync is OK' : `Sync has failed. rc=${rc}`);
    return false;
  }
}
