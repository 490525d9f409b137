// delete [-v version] path
import { CliCommand, CliParseException, parseArgs, zkCall, cliFrame, withFrames } from '../CliCommand.ts';
import { parseInt32 } from '../java.ts';
import { type CommandLine, Options } from '../options.ts';
import { validatePath } from '../PathUtils.ts';

const options = new Options().addOption('v', true, 'version');

export class DeleteCommand extends CliCommand {
  private cl!: CommandLine;

  constructor() {
    super('delete', '[-v version] path');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(options, cmdArgs);
    if (this.cl.args.length < 2) throw new CliParseException(this.usageStr());
    if (this.cl.args.length > 2) {
      // 3.8 warns about "delete path version" but parses the same tokens again: the version
      // argument is ignored and the node is deleted whatever its version.
      this.eprintln("'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead.");
      this.cl = parseArgs(options, cmdArgs);
    }
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.cl.args[1]!;
    // Integer.parseInt outside any try: a bad -v ends the shell with a NumberFormatException.
    const version = this.cl.hasOption('v')
      ? withFrames(() => parseInt32(this.cl.getOptionValue('v')!), cliFrame('DeleteCommand', 'exec', 81))
      : -1;
    await zkCall(() => {
      validatePath(path);
      return this.zk.delete(path, version);
    });
    return false;
  }
}
