// setquota -n|-b|-N|-B val path; listquota path; delquota [-n|-b|-N|-B] path
// Quotas are plain znodes under /zookeeper/quota/<path>/{zookeeper_limits,zookeeper_stats},
// written and read here through the client API, exactly as 3.8's commands do.
import type { ZooKeeperClient } from '../../api.ts';
import { CreateMode, Ids } from '../../../data.ts';
import { Code, KeeperException } from '../../../errors.ts';
import {
  CliCommand,
  CliParseException,
  CliWrapperException,
  MalformedPathException,
  parseArgs,
} from '../CliCommand.ts';
import { IllegalArgumentException, NumberFormatException, javaSplit, parseInt32, parseInt64 } from '../java.ts';
import { type CommandLine, Options } from '../options.ts';
import { validatePath } from '../PathUtils.ts';
import {
  StatsTrack,
  limitNode,
  limitPath,
  procZookeeper,
  quotaPath,
  quotaZookeeper,
  statNode,
  statPath,
  trimQuotaPath,
} from '../Quotas.ts';
import { visitSubTreeDFS } from '../ZKUtil.ts';

/** Every API call of the quota code goes through the client's path check first. */
class Zk {
  constructor(readonly raw: ZooKeeperClient) {}
  exists(path: string) {
    validatePath(path);
    return this.raw.exists(path, false);
  }
  async getData(path: string): Promise<string | null> {
    validatePath(path);
    return (await this.raw.getData(path, false)).data;
  }
  async getChildren(path: string): Promise<string[]> {
    validatePath(path);
    return (await this.raw.getChildren(path, false)).children;
  }
  async create(path: string, data: string | null): Promise<void> {
    validatePath(path);
    await this.raw.create(path, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
  }
  async createIfAbsent(path: string, data: string | null): Promise<void> {
    try {
      await this.create(path, data);
    } catch (e) {
      if (!isCode(e, Code.NODEEXISTS)) throw e;
    }
  }
  async setData(path: string, data: string): Promise<void> {
    validatePath(path);
    await this.raw.setData(path, data, -1);
  }
  delete(path: string): Promise<void> {
    validatePath(path);
    return this.raw.delete(path, -1);
  }
}

function isCode(e: unknown, code: number): e is KeeperException {
  return e instanceof KeeperException && e.code === code;
}

/** The commands' catch blocks: a bad path or a refused quota (IllegalArgumentException) → MalformedPathException. */
async function quotaCall(fn: () => Promise<void>, onNoNode?: () => void): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof IllegalArgumentException) throw new MalformedPathException(e.javaMessage);
    if (onNoNode !== undefined && isCode(e, Code.NONODE)) return onNoNode();
    if (e instanceof KeeperException) throw new CliWrapperException(e);
    throw e;
  }
}

const QUOTA_OPTIONS: [string, string][] = [
  ['n', 'num soft quota'],
  ['b', 'bytes soft quota'],
  ['N', 'num hard quota'],
  ['B', 'bytes hard quota'],
];

export class SetQuotaCommand extends CliCommand {
  private readonly options = new Options().addOptionGroup(
    true,
    ...QUOTA_OPTIONS.map(([o, d]) => [o, true, d] as [string, boolean, string]),
  );
  private cl!: CommandLine;

  constructor() {
    super('setquota', '-n|-b|-N|-B val path');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(this.options, cmdArgs);
    if (this.cl.args.length < 2) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.cl.args[1]!;
    if (path.startsWith(quotaZookeeper)) {
      this.eprintln(`cannot set a quota under the path: ${quotaZookeeper}`);
      return false;
    }
    const quota = new StatsTrack();
    quota.count = -1n;
    quota.bytes = -1n;
    quota.countHardLimit = -1n;
    quota.byteHardLimit = -1n;
    if (!this.checkOptionValue(quota)) return false;
    await quotaCall(() => createQuota(new Zk(this.zk), path, quota, (t) => this.println(t)));
    return false;
  }

  private checkOptionValue(quota: StatsTrack): boolean {
    const value = (o: string) => this.cl.getOptionValue(o)!;
    try {
      if (this.cl.hasOption('n')) {
        const count = parseInt32(value('n'));
        if (count <= 0) return this.refuse('the num quota must be greater than zero');
        quota.count = BigInt(count);
      }
      if (this.cl.hasOption('b')) {
        const bytes = parseInt64(value('b'));
        if (bytes < 0n) return this.refuse('the bytes quota must be greater than or equal to zero');
        quota.bytes = bytes;
      }
      if (this.cl.hasOption('N')) {
        const count = parseInt32(value('N'));
        if (count <= 0) return this.refuse('the num quota must be greater than zero');
        quota.countHardLimit = BigInt(count);
      }
      if (this.cl.hasOption('B')) {
        const bytes = parseInt64(value('B'));
        if (bytes < 0n) return this.refuse('the bytes quota must be greater than or equal to zero');
        quota.byteHardLimit = bytes;
      }
    } catch (e) {
      if (e instanceof NumberFormatException)
        return this.refuse('NumberFormatException happens when parsing the option value');
      throw e;
    }
    return true;
  }

  private refuse(message: string): false {
    this.eprintln(message);
    return false;
  }
}

/** SetQuotaCommand.createQuota. `println` is System.out (the [Warning] lines). */
async function createQuota(zk: Zk, path: string, quota: StatsTrack, println: (t: string) => void): Promise<void> {
  if ((await zk.exists(path)) === null) throw new IllegalArgumentException(`${path} does not exist.`);
  await checkIfChildQuota(zk, path);
  await checkIfParentQuota(zk, path);
  if ((await zk.exists(quotaZookeeper)) === null) {
    try {
      await zk.create(procZookeeper, null);
      await zk.create(quotaZookeeper, null);
    } catch (e) {
      if (!isCode(e, Code.NODEEXISTS)) throw e;
    }
  }
  let node = quotaZookeeper;
  for (const part of javaSplit(path, '/').slice(1)) {
    node = `${node}/${part}`;
    if ((await zk.exists(node)) === null) await zk.createIfAbsent(node, null);
  }
  const stats = `${node}/${statNode}`;
  const limits = `${node}/${limitNode}`;
  if ((await zk.exists(limits)) === null) {
    await zk.create(limits, quota.toString());
    const initial = new StatsTrack();
    initial.count = 0n;
    initial.bytes = 0n;
    await zk.create(stats, initial.toString());
    checkQuota(new StatsTrack(await zk.getData(limits)), new StatsTrack(await zk.getData(stats)), println);
  } else {
    const current = new StatsTrack(await zk.getData(limits));
    if (quota.count > -1n) current.count = quota.count;
    if (quota.bytes > -1n) current.bytes = quota.bytes;
    if (quota.countHardLimit > -1n) current.countHardLimit = quota.countHardLimit;
    if (quota.byteHardLimit > -1n) current.byteHardLimit = quota.byteHardLimit;
    checkQuota(current, new StatsTrack(await zk.getData(stats)), println);
    await zk.setData(limits, current.toString());
  }
}

function checkQuota(quota: StatsTrack, stat: StatsTrack, println: (t: string) => void): void {
  if (
    (quota.count > -1n && quota.count < stat.count) ||
    (quota.countHardLimit > -1n && quota.countHardLimit < stat.count)
  ) {
    println(`[Warning]: the count quota you create is less than the existing count:${stat.count}`);
  }
  if (
    (quota.bytes > -1n && quota.bytes < stat.bytes) ||
    (quota.byteHardLimit > -1n && quota.byteHardLimit < stat.bytes)
  ) {
    println(`[Warning]: the bytes quota you create is less than the existing bytes:${stat.bytes}`);
  }
}

/** Refuses a quota on a node below which some node already has one. */
async function checkIfChildQuota(zk: Zk, path: string): Promise<void> {
  const own = quotaPath(path);
  try {
    await visitSubTreeDFS(zk.raw, own, false, async (node) => {
      let children: string[] = [];
      try {
        children = await zk.getChildren(node);
      } catch (e) {
        if (isCode(e, Code.NONODE)) return; // removed during the check
        if (!(e instanceof KeeperException)) throw e;
        // 3.8 prints the stack trace and goes on with no children
      }
      for (const child of children) {
        if (node !== own && child === limitNode) {
          throw new IllegalArgumentException(`${path} has a child ${trimQuotaPath(node)} which has a quota`);
        }
      }
    });
  } catch (e) {
    if (!isCode(e, Code.NONODE)) throw e;
  }
}

/** Refuses a quota on a node some ancestor of which already has one. */
async function checkIfParentQuota(zk: Zk, path: string): Promise<void> {
  const splits = javaSplit(path, '/');
  let node = quotaZookeeper;
  for (let i = 1; i < splits.length - 1; i++) {
    node = `${node}/${splits[i]}`;
    let children: string[];
    try {
      children = await zk.getChildren(node);
    } catch (e) {
      if (isCode(e, Code.NONODE)) return;
      throw e;
    }
    if (children.length === 0) return;
    for (const child of children) {
      if (node !== quotaPath(path) && child === limitNode) {
        throw new IllegalArgumentException(`${path} has a parent ${trimQuotaPath(node)} which has a quota`);
      }
    }
  }
}

const noOptions = new Options();

export class ListQuotaCommand extends CliCommand {
  private args: string[] = [];

  constructor() {
    super('listquota', 'path');
  }

  parse(cmdArgs: string[]): this {
    this.args = parseArgs(noOptions, cmdArgs).args;
    if (this.args.length < 2) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.args[1]!;
    const zk = new Zk(this.zk);
    await quotaCall(
      async () => {
        this.eprintln(`absolute path is ${limitPath(path)}`);
        const quota = new StatsTrack(await zk.getData(limitPath(path)));
        const stat = new StatsTrack(await zk.getData(statPath(path)));
        this.println(`Output quota for ${path} ${quota}`);
        this.println(`Output stat for ${path} ${stat}`);
      },
      () => this.eprintln(`quota for ${path} does not exist.`),
    );
    return false;
  }
}

export class DelQuotaCommand extends CliCommand {
  private readonly options = new Options().addOptionGroup(
    false,
    ...QUOTA_OPTIONS.map(([o, d]) => [o, false, d] as [string, boolean, string]),
  );
  private cl!: CommandLine;

  constructor() {
    super('delquota', '[-n|-b|-N|-B] path');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(this.options, cmdArgs);
    if (this.cl.args.length < 2) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const path = this.cl.args[1]!;
    const which = new StatsTrack();
    if (this.cl.hasOption('n')) which.count = 1n;
    if (this.cl.hasOption('b')) which.bytes = 1n;
    if (this.cl.hasOption('N')) which.countHardLimit = 1n;
    if (this.cl.hasOption('B')) which.byteHardLimit = 1n;
    const flagSet = ['n', 'N', 'b', 'B'].some((o) => this.cl.hasOption(o));
    await quotaCall(
      () => delQuota(new Zk(this.zk), path, flagSet ? which : null, (t) => this.println(t)),
      () => this.eprintln(`quota for ${path} does not exist.`),
    );
    return false;
  }
}

/** DelQuotaCommand.delQuota: unset the chosen limits (set to -1), or with none chosen remove the quota nodes. */
async function delQuota(zk: Zk, path: string, which: StatsTrack | null, println: (t: string) => void): Promise<void> {
  const parent = quotaPath(path);
  const limits = limitPath(path);
  if ((await zk.exists(limits)) === null) {
    println(`Quota does not exist for ${path}`);
    return;
  }
  const current = new StatsTrack(await zk.getData(limits));
  if (which === null) {
    for (const child of await zk.getChildren(parent)) await zk.delete(`${parent}/${child}`);
    await trimProcQuotas(zk, parent);
    return;
  }
  if (which.count > 0n) current.count = -1n;
  if (which.bytes > 0n) current.bytes = -1n;
  if (which.countHardLimit > 0n) current.countHardLimit = -1n;
  if (which.byteHardLimit > 0n) current.byteHardLimit = -1n;
  await zk.setData(limits, current.toString());
}

/** Removes now-empty quota directories upwards, stopping at /zookeeper/quota. */
async function trimProcQuotas(zk: Zk, path: string): Promise<void> {
  while (path !== quotaZookeeper) {
    if ((await zk.getChildren(path)).length !== 0) return;
    await zk.delete(path);
    path = path.substring(0, path.lastIndexOf('/'));
  }
}
