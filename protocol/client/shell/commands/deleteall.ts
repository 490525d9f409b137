// deleteall path [-b batch size]
import { CliCommand, CliParseException, MalformedCommandException, parseArgs, zkCall } from '../CliCommand.ts';
import { NumberFormatException, parseInt32 } from '../java.ts';
import { type CommandLine, Options } from '../options.ts';
import { deleteRecursive } from '../ZKUtil.ts';

const options = new Options().addOption('b', true, 'batch size');

export class DeleteAllCommand extends CliCommand {
  private cl!: CommandLine;

  constructor() {
    super('deleteall', 'path [-b batch size]');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(options, cmdArgs);
    if (this.cl.args.length < 2) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    let batchSize = 1000;
    if (this.cl.hasOption('b')) {
      try {
        batchSize = parseInt32(this.cl.getOptionValue('b')!);
      } catch (e) {
        if (e instanceof NumberFormatException) throw new MalformedCommandException('-b argument must be an int value');
        throw e;
      }
    }
    const path = this.cl.args[1]!;
    const success = await zkCall(() => deleteRecursive(this.zk, path, batchSize));
    if (!success) this.eprintln('Failed to delete some node(s) in the subtree!');
    return false;
  }
}
