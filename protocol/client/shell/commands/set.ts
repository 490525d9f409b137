// set [-s] [-v version] path data
import { CliCommand, CliParseException, parseArgs, zkCall, cliFrame, withFrames } from '../CliCommand.ts';
import { statLines } from '../format.ts';
import { parseInt32 } from '../java.ts';
import { type CommandLine, Options } from '../options.ts';
import { validatePath } from '../PathUtils.ts';

const options = new Options().addOption('s', false, 'stats').addOption('v', true, 'version');

export class SetCommand extends CliCommand {
  private cl!: CommandLine;

  constructor() {
    super('set', '[-s] [-v version] path data');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(options, cmdArgs);
    if (this.cl.args.length < 3) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const [, path, data] = this.cl.args as [string, string, string];
    // Integer.parseInt outside any try: a bad -v ends the shell with a NumberFormatException.
    const version = this.cl.hasOption('v')
      ? withFrames(() => parseInt32(this.cl.getOptionValue('v')!), cliFrame('SetCommand', 'exec', 69))
      : -1;
    const stat = await zkCall(() => {
      validatePath(path);
      return this.zk.setData(path, data, version);
    });
    if (this.cl.hasOption('s')) this.io.out(statLines(stat));
    return false;
  }
}
