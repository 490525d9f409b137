// get [-s] [-w] path
import { CliCommand, CliParseException, deprecatedWatchArg, parseArgs, zkCall } from '../CliCommand.ts';
import { statLines } from '../format.ts';
import { type CommandLine, Options } from '../options.ts';
import { validatePath } from '../PathUtils.ts';

const options = new Options().addOption('s', false, 'stats').addOption('w', false, 'watch');

export class GetCommand extends CliCommand {
  private cl!: CommandLine;

  constructor() {
    super('get', '[-s] [-w] path');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(options, cmdArgs);
    if (this.cl.args.length < 2) throw new CliParseException(this.usageStr());
    this.cl = deprecatedWatchArg(
      this.cl,
      options,
      cmdArgs,
      this.io,
      "'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead.",
    );
    return this;
  }

  async exec(): Promise<boolean> {
    const watch = this.cl.hasOption('w');
    const path = this.cl.args[1]!;
    const { data, stat } = await zkCall(() => {
      validatePath(path);
      return this.zk.getData(path, watch);
    });
    this.println(data ?? 'null');
    if (this.cl.hasOption('s')) this.io.out(statLines(stat));
    return watch;
  }
}
