// stat [-w] path
import { Code, KeeperException } from '../../../errors.ts';
import {
  CliCommand,
  CliParseException,
  CliWrapperException,
  deprecatedWatchArg,
  parseArgs,
  zkCall,
} from '../CliCommand.ts';
import { statLines } from '../format.ts';
import { type CommandLine, Options } from '../options.ts';
import { validatePath } from '../PathUtils.ts';

const options = new Options().addOption('w', false, 'watch');

export class StatCommand extends CliCommand {
  private cl!: CommandLine;

  constructor() {
    super('stat', '[-w] path');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(options, cmdArgs);
    if (this.cl.args.length < 2) throw new CliParseException(this.usageStr());
    this.cl = deprecatedWatchArg(
      this.cl,
      options,
      cmdArgs,
      this.io,
      "'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead.",
    );
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.cl.args[1]!;
    const watch = this.cl.hasOption('w');
    const stat = await zkCall(() => {
      validatePath(path);
      return this.zk.exists(path, watch);
    });
    if (stat === null) throw new CliWrapperException(new KeeperException(Code.NONODE, path));
    this.io.out(statLines(stat));
    return watch;
  }
}
