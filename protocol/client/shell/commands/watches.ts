// addWatch [-m mode] path; removewatches path [-c|-d|-a] [-l]
import { AddWatchMode, WatcherType } from '../../../data.ts';
import {
  CliCommand,
  CliParseException,
  CliWrapperException,
  cliFrame,
  parseArgs,
  withFrames,
  zkCall,
} from '../CliCommand.ts';
import { KeeperException } from '../../../errors.ts';
import { type CommandLine, Options } from '../options.ts';
import { validatePath } from '../PathUtils.ts';

const MODE_NAMES = ['PERSISTENT', 'PERSISTENT_RECURSIVE'] as const;
const DEFAULT_MODE = 'PERSISTENT_RECURSIVE';
const addWatchOptions = new Options().addOption('m', true, '');

export class AddWatchCommand extends CliCommand {
  private cl!: CommandLine;
  /** Set at construction and by -m only: like 3.8's singleton, a mode given once sticks. */
  private mode: AddWatchMode = AddWatchMode[DEFAULT_MODE];

  constructor() {
    super(
      'addWatch',
      `[-m mode] path # optional mode is one of [${MODE_NAMES.join(', ')}] - default is ${DEFAULT_MODE}`,
    );
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(addWatchOptions, cmdArgs);
    if (this.cl.args.length !== 2) throw new CliParseException(this.usageStr());
    if (this.cl.hasOption('m')) {
      const name = this.cl.getOptionValue('m')!.toUpperCase();
      if (!(MODE_NAMES as readonly string[]).includes(name)) throw new CliParseException(this.usageStr());
      this.mode = AddWatchMode[name as (typeof MODE_NAMES)[number]];
    }
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.cl.args[1]!;
    // Only KeeperException is caught: a bad path ends the shell (IllegalArgumentException).
    withFrames(
      () => validatePath(path),
      'org.apache.zookeeper.ZooKeeper.addWatch(ZooKeeper.java:2808)',
      'org.apache.zookeeper.ZooKeeper.addWatch(ZooKeeper.java:2840)',
      cliFrame('AddWatchCommand', 'exec', 77),
    );
    try {
      await this.zk.addWatch(path, this.mode);
    } catch (e) {
      if (e instanceof KeeperException) throw new CliWrapperException(e);
      throw e;
    }
    return false;
  }
}

const removeOptions = new Options()
  .addOption('c', false, 'child watcher type')
  .addOption('d', false, 'data watcher type')
  .addOption('a', false, 'any watcher type')
  .addOption('l', false, 'remove locally when there is no server connection');

export class RemoveWatchesCommand extends CliCommand {
  private cl!: CommandLine;

  constructor() {
    super('removewatches', 'path [-c|-d|-a] [-l]');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(removeOptions, cmdArgs);
    if (this.cl.args.length < 2) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.cl.args[1]!;
    let type: WatcherType = WatcherType.Any;
    if (this.cl.hasOption('c')) type = WatcherType.Children;
    else if (this.cl.hasOption('d')) type = WatcherType.Data;
    else if (this.cl.hasOption('a')) type = WatcherType.Any;
    const local = this.cl.hasOption('l');
    await zkCall(() => {
      validatePath(path);
      return this.zk.removeWatches(path, type, local);
    });
    return true;
  }
}
