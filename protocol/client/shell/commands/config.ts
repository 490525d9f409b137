// config [-c] [-w] [-s]
import { CliCommand, CliParseException, parseArgs, zkCall } from '../CliCommand.ts';
import { statLines } from '../format.ts';
import { javaTrim } from '../java.ts';
import { type CommandLine, Options } from '../options.ts';

const options = new Options()
  .addOption('s', false, 'stats')
  .addOption('w', false, 'watch')
  .addOption('c', false, 'client connection string');

export class GetConfigCommand extends CliCommand {
  private cl!: CommandLine;

  constructor() {
    super('config', '[-c] [-w] [-s]');
  }

  parse(cmdArgs: string[]): this {
    this.cl = parseArgs(options, cmdArgs);
    if (this.cl.args.length < 1) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    const watch = this.cl.hasOption('w');
    const { data, stat } = await zkCall(() => this.zk.getConfig(watch));
    const text = data ?? 'null';
    this.println(this.cl.hasOption('c') ? clientConfigStr(text) : text);
    if (this.cl.hasOption('s')) this.io.out(statLines(stat));
    return watch;
  }
}

/**
 * ConfigUtils.getClientConfigStr: "<version> <host:port,...>", the client addresses of the
 * server.N entries of a dynamic config, in the iteration order of java.util.Properties (a
 * ConcurrentHashMap of 16 bins while it holds at most 11 keys, which is what this reproduces).
 */
export function clientConfigStr(configData: string): string {
  const props = loadProperties(configData);
  let version = '';
  const addresses: string[] = [];
  for (const [rawKey, rawValue] of javaHashOrder(props)) {
    const key = javaTrim(rawKey);
    const value = javaTrim(rawValue);
    if (key === 'version') version = value;
    if (!key.startsWith('server.')) continue;
    addresses.push(clientAddress(value));
  }
  return `${version} ${addresses.join(',')}`;
}

/** QuorumServer's client part, after ";": "host:port" or just "port" (host 0.0.0.0); '' when absent. */
function clientAddress(value: string): string {
  const parts = value.split(';');
  if (parts.length < 2) return '';
  const client = javaTrim(parts[1]!).split(':');
  const host = client.length === 2 ? client[0]! : '0.0.0.0';
  return `${host}:${Number.parseInt(client[client.length - 1]!, 10)}`;
}

/** Properties.load, enough for a dynamic config file: key=value / key:value lines, # and ! comments. */
function loadProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]*)[ \t\f]*[=:]?[ \t\f]*(.*)$/.exec(line)!;
    props.set(m[1]!, m[2]!);
  }
  return props;
}

/** String.hashCode. */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Entries in ConcurrentHashMap order for a 16-bin table: by bin, then insertion. */
function javaHashOrder(map: Map<string, string>): [string, string][] {
  const bin = (k: string) => {
    const h = javaHash(k);
    return (h ^ (h >>> 16)) & 0x7fffffff & 15;
  };
  const entries = [...map.entries()].map((e, i) => ({ e, i, b: bin(e[0]) }));
  entries.sort((x, y) => x.b - y.b || x.i - y.i);
  return entries.map((x) => x.e);
}
