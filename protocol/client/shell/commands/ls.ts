// ls [-s] [-w] [-R] path
import { CliCommand, MalformedCommandException, deprecatedWatchArg, parseArgs, zkCall } from '../CliCommand.ts';
import { statLines } from '../format.ts';
import { javaListString } from '../java.ts';
import { type CommandLine, Options, helpText } from '../options.ts';
import { validatePath } from '../PathUtils.ts';
import { visitSubTreeDFS } from '../ZKUtil.ts';

const options = new Options()
  .addOption('?', false, 'help')
  .addOption('s', false, 'stat')
  .addOption('w', false, 'watch')
  .addOption('R', false, 'recurse');

export class LsCommand extends CliCommand {
  private cl!: CommandLine;

  constructor() {
    super('ls', '[-s] [-w] [-R] path');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(options, cmdArgs);
    if (this.cl.hasOption('?')) this.io.out(helpText('ls [options] path', options));
    this.cl = deprecatedWatchArg(
      this.cl,
      options,
      cmdArgs,
      this.io,
      "'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead.",
    );
    return this;
  }

  async exec(): Promise<boolean> {
    const cl = this.cl;
    if (cl.args.length < 2) throw new MalformedCommandException(this.usageStr());
    const path = cl.args[1]!;
    const watch = cl.hasOption('w');
    const withStat = cl.hasOption('s');
    await zkCall(async () => {
      if (cl.hasOption('R')) {
        await visitSubTreeDFS(this.zk, path, watch, (p) => this.println(p));
      } else {
        validatePath(path);
        const { children, stat } = await this.zk.getChildren(path, watch);
        this.io.out(`${javaListString([...children].sort())}\n`);
        if (withStat) this.io.out(statLines(stat));
      }
    });
    return watch;
  }
}
