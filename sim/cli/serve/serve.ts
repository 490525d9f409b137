// zksim serve: ZooKeeper 3.8's client wire protocol on real loopback ports in front of a
// simulated ensemble, paced to the wall clock; `zksim ctl` breaks it while it runs. The world
// is a ServedWorld (sim/harness/serve/): the same one `zksim replay RECORD` runs again offline.
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { type Server, createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { BugId } from '../../../protocol/bugs.ts';
import { parseZooCfg } from '../../../protocol/config/zoocfg.ts';
import { type ServedConfig, installServed, servedConfigs } from '../../../scenarios/served.ts';
import { type FaultPlan, parseFaultPlan } from '../../faults/plan.ts';
import { type ReleaseName, DEFAULT_RELEASE, runBugs } from '../../harness/releases.ts';
import { CTL_USAGE } from '../../harness/serve/ctl.ts';
import {
  SERVE_RECORD_FORMAT,
  SERVE_RECORD_VERSION,
  type ServeRecord,
  type ServeSetup,
} from '../../harness/serve/record.ts';
import { ServedWorld } from '../../harness/serve/served-world.ts';
import type { RunResult } from '../../harness/runner.ts';
import type { Violation } from '../../engine/world.ts';
import {
  type FlagTable,
  UsageError,
  boolFlag,
  bugsFlag,
  flag,
  intFlag,
  parseArgs,
  pathFlag,
  seedFlag,
  zkFlag,
} from '../args.ts';
import type { Command } from '../command.ts';
import { RunExports, commandLine } from '../exports.ts';
import { checkWritable, writeAtomic } from '../files.ts';
import { resolveConfigs } from '../sim-setup.ts';
import { ServeAdapter } from './adapter.ts';

const speedFlag = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'expected a number, like 1 or 0.5')
  .transform(Number)
  .refine((x) => x > 0 && x <= 100, 'expected a speed above 0 and at most 100');

const DEFAULT_CTL = join(tmpdir(), 'zksim-serve.sock');

const flags: FlagTable = {
  servers: flag(intFlag(1, 9), 'N', 'voting servers 1..N, clientPort 2181..2180+N (default 3)'),
  observers: flag(intFlag(0, 9), 'K', 'observers N+1..N+K'),
  config: {
    kind: 'paths',
    arg: 'ZOO.CFG...',
    help: 'one zoo.cfg per server (myid from <dataDir>/myid, else the file name), or one standalone zoo.cfg',
  },
  seed: seedFlag,
  faults: flag(pathFlag, 'PLAN.JSON', 'a fault plan (times: simulated ms since the ensemble started)'),
  zk: zkFlag,
  bug: bugsFlag,
  speed: flag(
    speedFlag,
    'X',
    'simulated time runs X times the wall clock (default 1; real clients time out by the wall clock)',
  ),
  record: flag(
    pathFlag,
    'FILE',
    'write a record file when serving stops: zksim replay FILE runs the server side again',
  ),
  report: flag(pathFlag, 'DIR', 'write DIR/report.html when serving stops'),
  'stop-on-violation': boolFlag('stop serving at the first checker violation'),
  'port-base': flag(
    intFlag(0, 65000),
    'P',
    'serve server i (in order) on port P+i-1 instead of its clientPort; 0: free ports',
  ),
  host: flag(z.string().min(1), 'ADDR', 'the address to listen on (default 127.0.0.1)'),
  ctl: flag(pathFlag, 'SOCKET', `the control socket for zksim ctl (default ${DEFAULT_CTL})`),
  for: flag(
    intFlag(1, 86_400_000),
    'MS',
    'stop after MS of simulated time (default: until zksim ctl stop, SIGINT or SIGTERM)',
  ),
};

export const serveCmd: Command = {
  name: 'serve',
  synopsis: '[--servers N [--observers K] | --config ZOO.CFG...] [flags]',
  summary:
    "ZooKeeper 3.8's client wire protocol on real loopback ports in front of a simulated ensemble, paced to the wall clock; real clients connect to it",
  about: [
    '',
    'Every server listens on its clientPort (--servers: 2181, 2182, ...); a real connection enters the simulated network from the client host c1, so crashes, partitions and pauses reach it. The checkers run live; violations are printed as they happen. zksim ctl breaks the ensemble while it runs.',
  ],
  flags,
  run: (argv, out, err) => serveCommand(argv, out, err),
};

export const ctlCmd: Command = {
  name: 'ctl',
  synopsis: '[--ctl SOCKET] COMMAND ...',
  summary: 'control a running zksim serve: crash, partition, heal, pause, status, stop',
  about: ['', 'commands:', ...CTL_USAGE.map((u) => `  ${u}`)],
  flags: { ctl: flags.ctl! },
  exitCodes: 'exit codes: 0 done, 1 the command failed, 2 bad input or no zksim serve there',
  run: (argv, out, err) => ctlCommand(argv, out, err),
};

function readPlan(path: string, sids: number[]): FaultPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--faults: cannot read ${path}`);
  }
  return parseFaultPlan(text, sids);
}

/** The served world of a setup (serve, and the replay of its record). */
export function servedWorldOf(
  setup: ServeSetup,
  onEvent?: RunExports['onEvent'],
  traceSink?: (line: string) => void,
): ServedWorld {
  const bugs = setup.bugs as BugId[];
  const first = parseZooCfg(setup.configs[0]!.text);
  return new ServedWorld({
    setup,
    bugs,
    install: (w) => installServed(w, setup.configs as ServedConfig[], bugs),
    tickTime: first.tickTime,
    initLimit: first.initLimit,
    ...(onEvent ? { onEvent } : {}),
    ...(traceSink ? { traceSink } : {}),
  });
}

/** The result of a served run, as run and replay summarise one (for the report). */
export function servedResult(served: ServedWorld, end: ReturnType<ServedWorld['end']>, seed: number): RunResult {
  const leader = served.roles.leader();
  const roles: RunResult['roles'] = {};
  for (const s of served.servers) roles[String(s.sid)] = served.roles.role(s.node);
  return {
    scenario: 'serve',
    seed,
    ok: end.violations.length === 0,
    violations: end.violations,
    traceHash: end.traceHash,
    events: end.events,
    simTimeMs: end.t / 1000,
    leader: leader ? Number(leader.slice(1)) : null,
    roles,
    epoch: leader ? (served.roles.roles.get(leader)?.peerEpoch ?? null) : null,
    stopReason: 'condition',
  };
}

const violationLine = (v: Violation) =>
  `violation: ${v.checker} at ${v.time.toFixed(1)} ms (event ${v.event}): ${v.message}`;

export async function serveCommand(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const { positional, flags: f } = parseArgs(argv, flags);
  if (positional.length > 0) throw new UsageError(`serve takes no positional arguments (got '${positional[0]}')`);
  if (f.config && (f.servers !== undefined || f.observers !== undefined))
    throw new UsageError('--config: give either --config files or --servers/--observers, not both');
  let configs: ServedConfig[];
  if (f.config)
    configs = resolveConfigs(f.config as string[]).map((c) => ({ sid: c.sid, source: c.path, text: c.text }));
  else configs = servedConfigs((f.servers as number | undefined) ?? 3, (f.observers as number | undefined) ?? 0);
  const sids = configs.map((c) => c.sid);
  const zk = (f.zk as ReleaseName | undefined) ?? DEFAULT_RELEASE;
  const setup: ServeSetup = {
    seed: (f.seed as number | undefined) ?? 1,
    zk,
    bugs: runBugs(zk, (f.bug as BugId[] | undefined) ?? []),
    configs,
    plan: f.faults
      ? readPlan(
          f.faults as string,
          sids.filter((s) => s > 0),
        )
      : null,
  };
  if (f.record) checkWritable('--record', f.record as string);
  const exports = new RunExports({ report: f.report });
  const ctlPath = (f.ctl as string | undefined) ?? DEFAULT_CTL;
  const speed = (f.speed as number | undefined) ?? 1;
  const host = (f.host as string | undefined) ?? '127.0.0.1';

  const served = servedWorldOf(setup, exports.onEvent);
  served.boot();
  const portBase = f['port-base'] as number | undefined;
  const ports = new Map<number, number>();
  served.servers.forEach((s, i) =>
    ports.set(s.sid, portBase === undefined ? s.clientPort : portBase === 0 ? 0 : portBase + i),
  );

  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((r) => (finish = r));
  let stopping = false;
  const adapter = new ServeAdapter(served, {
    host,
    ports,
    speed,
    onViolation: (v) => {
      out(violationLine(v));
      if (f['stop-on-violation']) void stop('a checker found a violation (--stop-on-violation)');
    },
  });
  const ctlServer = await listenCtl(ctlPath, (words) => {
    if (words[0] === 'stop') {
      const s = served.status();
      void stop('zksim ctl stop');
      return s;
    }
    return adapter.command(words);
  });

  const stop = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const t = adapter.simNowUs();
    await adapter.stop();
    await new Promise<void>((r) => ctlServer.close(() => r()));
    const end = served.end(t);
    out(`stopped: ${why}`);
    out(
      `served ${((end.t - served.servedFromUs) / 1000).toFixed(1)} simulated ms; ${served.inputs.length} inputs; ${end.events} trace events; trace ${end.traceHash}`,
    );
    out(
      end.violations.length === 0
        ? 'every checker passed'
        : `${end.violations.length} violation(s), the first: ${end.violations[0]!.checker}`,
    );
    if (f.record) {
      const record: ServeRecord = {
        format: SERVE_RECORD_FORMAT,
        version: SERVE_RECORD_VERSION,
        setup,
        servedFromUs: served.servedFromUs,
        inputs: served.inputs,
        end: { t: end.t, traceHash: end.traceHash, events: end.events, violations: end.violations },
      };
      writeAtomic(f.record as string, `${JSON.stringify(record)}\n`);
      out(`record: ${f.record} (zksim replay ${f.record})`);
    }
    for (const line of exports.write(servedResult(served, end, setup.seed), {
      command: commandLine(['serve', ...argv]),
      replayCommand: f.record ? commandLine(['replay', f.record as string]) : commandLine(['serve', ...argv]),
    }))
      out(line);
    finish(end.violations.length === 0 ? 0 : 1);
  };

  try {
    await adapter.start();
  } catch (e) {
    await adapter.stop();
    await new Promise<void>((r) => ctlServer.close(() => r()));
    const io = e as NodeJS.ErrnoException & { port?: number };
    throw new UsageError(`cannot listen on ${host}:${io.port ?? '?'} (${io.code ?? io.message})`);
  }
  for (const s of served.servers)
    out(`server.${s.sid}: ${served.roleOf(s)} on ${host}:${adapter.bound.get(s.sid)} (simulated ${s.clientAddr})`);
  out(`connect string: ${served.servers.map((s) => `${host}:${adapter.bound.get(s.sid)}`).join(',')}`);
  out(`control: zksim ctl --ctl ${ctlPath} status`);
  out(`serving at ${speed}x the wall clock`);
  const onSignal = () => void stop('signal');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const forMs = f.for as number | undefined;
  const forTimer = forMs !== undefined ? setTimeout(() => void stop(`--for ${forMs}`), forMs / speed) : undefined;
  const code = await done;
  if (forTimer) clearTimeout(forTimer);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  void err;
  return code;
}

/** The control socket: one command a connection, a line of words in, the answer out. */
async function listenCtl(path: string, handle: (words: string[]) => string): Promise<Server> {
  if (existsSync(path)) {
    // A socket nobody answers on is a stale one (a serve that died): take it over.
    const alive = await new Promise<boolean>((r) => {
      const c = createConnection(path);
      c.once('connect', () => {
        c.destroy();
        r(true);
      });
      c.once('error', () => r(false));
    });
    if (alive) throw new UsageError(`--ctl: another zksim serve answers on ${path} (give another --ctl)`);
    unlinkSync(path);
  }
  const server = createServer((c) => {
    let buf = '';
    c.on('data', (d) => {
      buf += d.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      let words: string[];
      try {
        words = JSON.parse(buf.slice(0, nl)) as string[];
      } catch {
        c.end('error: expected a JSON array of words\n');
        return;
      }
      c.end(`${handle(words)}\n`);
    });
    c.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) =>
      reject(new UsageError(`--ctl: cannot listen on ${path} (${(e as NodeJS.ErrnoException).code})`)),
    );
    server.listen(path, () => resolve());
  });
  return server;
}

export async function ctlCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const ctlAt = argv.indexOf('--ctl');
  let path = DEFAULT_CTL;
  const words = [...argv];
  if (ctlAt >= 0) {
    if (argv[ctlAt + 1] === undefined) throw new UsageError('--ctl needs a value');
    path = argv[ctlAt + 1]!;
    words.splice(ctlAt, 2);
  }
  if (words.length === 0)
    throw new UsageError(`ctl needs a command (${CTL_USAGE.map((u) => u.split(' ')[0]).join(', ')})`);
  const answer = await new Promise<string>((resolve, reject) => {
    const c = createConnection(path);
    let text = '';
    c.on('connect', () => c.write(`${JSON.stringify(words)}\n`));
    c.on('data', (d) => (text += d.toString('utf8')));
    c.on('end', () => resolve(text));
    c.on('error', (e) =>
      reject(new UsageError(`ctl: no zksim serve on ${path} (${(e as NodeJS.ErrnoException).code ?? e.message})`)),
    );
  });
  const lines = answer.replace(/\n$/, '').split('\n');
  if (lines[0]?.startsWith('error: ')) {
    err(`zksim ctl: ${lines[0].slice(7)}`);
    return 1;
  }
  for (const l of lines) out(l);
  return 0;
}
