// The zksim command. Exit codes: 0 every check passed, 1 a violation, 2 bad input.
import { ConfigError } from '../../protocol/config/zoocfg.ts';
import { scenarios } from '../../scenarios/index.ts';
import { FaultPlanError } from '../faults/plan.ts';
import { FAULT_KINDS } from '../faults/registry.ts';
import { UsageError } from './args.ts';
import { benchCommand } from './bench.ts';
import { checkConfigCommand } from './check-config.ts';
import { demoCommand } from './demo.ts';
import { walkthroughCommand } from './walkthrough.ts';
import { runCommand } from './run.ts';
import { cliCommand, fourLetterCommand, statusCommand } from './zkcli.ts';
import { fuzzCommand } from './fuzz.ts';
import { replayCommand } from './replay.ts';
import { fuzzMergeCommand } from './fuzz-merge.ts';
import { shrinkCommand } from './shrink.ts';
import { BUG_CATALOG } from '../harness/bugs.ts';
import { SummaryFileError } from '../harness/fuzz-summary.ts';
import { gateCommand } from './gate.ts';
import { ReplayFileError } from '../harness/replay.ts';

import { checkerNames } from '../checkers/index.ts';

/** The fault kinds (sim/faults/registry.ts), wrapped under the --faults flag of the usage. */
const faultTypes = FAULT_KINDS.map((k) => k.type)
  .reduce<string[]>((lines, t) => {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + t.length <= 66) lines[lines.length - 1] = `${last} ${t}`;
    else lines.push(t);
    return lines;
  }, [])
  .map((l) => `${' '.repeat(24)}${l}`)
  .join('\n');

const usage = `zksim — a deterministic simulator of an Apache ZooKeeper 3.8 ensemble

usage:
  zksim demo [--seed S]                     the docs' election walkthroughs, run and explained
  zksim walkthrough NAME [--servers N] [--seed S] [--format text|md|html] [--lang en|zh]
                                            one run narrated step by step from its trace:
                                            first-start (--servers N), restart, leader-crash,
                                            partition, observer
  zksim run SCENARIO [options]              one seeded run
      --seed S          run seed (default 1)
      --servers N       voting servers (first-start; default 5)
      --observers K     observers after the voters (first-start; default 0)
      --order 3,1,2     start order (first-start; default 1..N)
      --gap MS          ms between starts (first-start; default 3000)
      --until MS        end of the run, simulated ms (default: the scenario's)
      --json            one JSON object: scenario, seed, ok, violations, traceHash, events,
                        simTimeMs, leader, roles, epoch
      --trace FILE      every trace event as JSONL
      --save-replay F   write the run's replay file
      --bug ZK-NNNN     switch a historical bug back on (zksim list bugs)
      --swarm           swarm testing: the fault plan uses a random subset of fault kinds
      --report DIR      write DIR/report.html: summary, checker verdicts, a space-time
                        diagram (zoom, filters, the violation highlighted), per-server tracks
      --shiviz FILE     the trace as a ShiViz log with vector clocks (ShiViz regex:
                        (?<event>.*)\\n(?<host>\\S*) (?<clock>{.*}))
      --mermaid FILE    a Mermaid sequenceDiagram of the messages; --mermaid-window A..B (ms),
                        --mermaid-types T1,T2, --mermaid-max N (default 300) pick what to show
      --faults FILE     a fault plan (JSON): {"faults": [{"type": "crash", "at": 10000,
                        "servers": [3]}, ...]}; types:
${faultTypes}
  zksim cli [--config zoo.cfg ...] [-c "cmd; cmd"] [--prompt]
                                            the zkCli 3.8 shell against a simulated standalone
                                            server, or a pseudo-cluster from one zoo.cfg per
                                            server (commands from -c or stdin)
  zksim 4lw CMD [--config zoo.cfg ...]      a four-letter word (ruok srvr stat mntr conf cons
                                            wchs envi dump) to each simulated server
  zksim status [--config zoo.cfg ...]       what zkServer.sh status says for each server
  zksim fuzz SCENARIO --seeds A..B [--swarm] [--bug ID] [--shard I/N] [--workers N] [--time-limit S]
            [--servers N] [--observers K] [--out DIR] [--json]
                                            a seed sweep; exit 1 if any seed fails; a replay
                                            file per failing seed and a summary in DIR
  zksim fuzz-merge DIR... [--json]          one campaign's result from its shards' summaries
  zksim replay FILE [--json] [--trace F] [--until EVENT] [--report DIR] [--shiviz F] [--mermaid F]
                                            run a replay file again: same violation, same
                                            trace hash? --until: stop at that event, show it;
                                            --report/--shiviz/--mermaid as for run
  zksim shrink FILE [--out FILE] [--max-runs N] [--json]
                                            shrink a failing replay's fault plan and workload
                                            to a minimal run failing the same checker
  zksim gate [--seeds N] [--junit FILE] [--json]
                                            the CI gate: a fixed seed set of every scenario,
                                            every checker, a determinism re-run of 5%
  zksim list [scenarios|checkers|bugs|faults] [--json]
                                            what there is (bugs: the catalog for --bug;
                                            faults: the kinds a fault plan can use)
  zksim check-config FILE [--myid N]        validate a zoo.cfg as a server would
  zksim bench [--only engine|election|bugs] [--bug ZK-NNNN] [--max-seeds N] [--json]
  zksim help

exit codes: 0 all checks passed, 1 a checker found a violation, 2 bad input`;

function listCommand(argv: string[], out: (s: string) => void): number {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  const what = rest[0] ?? 'scenarios';
  if (rest.length > 1 || !['scenarios', 'checkers', 'bugs', 'faults'].includes(what))
    throw new UsageError(`list takes 'scenarios', 'checkers', 'bugs' or 'faults' (got '${argv.join(' ')}')`);
  if (what === 'faults') {
    const rows = FAULT_KINDS.map((k) => ({ type: k.type, summary: k.summary }));
    if (json) out(JSON.stringify(rows, null, 2));
    else for (const k of rows) out(`${k.type.padEnd(15)} ${k.summary}`);
  } else if (what === 'bugs') {
    const rows = BUG_CATALOG.map(({ id, jira, summary, component, expectedChecker }) => ({
      id,
      jira,
      summary,
      component,
      expectedChecker,
    }));
    if (json) out(JSON.stringify(rows, null, 2));
    else
      for (const b of rows)
        out(`${b.id.padEnd(8)} ${b.component.padEnd(11)} finds: ${b.expectedChecker.padEnd(16)} ${b.summary}`);
  } else if (what === 'scenarios') {
    if (json)
      out(
        JSON.stringify(
          scenarios.map((s) => ({ name: s.name, summary: s.summary, checks: s.checks })),
          null,
          2,
        ),
      );
    else for (const s of scenarios) out(`${s.name.padEnd(14)} ${s.summary} [checks: ${s.checks.join(', ')}]`);
  } else if (json) out(JSON.stringify(checkerNames, null, 2));
  else for (const c of checkerNames) out(c);
  return 0;
}

export async function main(
  argv: string[],
  out: (s: string) => void = (s) => console.log(s),
  err: (s: string) => void = (s) => console.error(s),
): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out(usage);
        return 0;
      case 'run':
        return runCommand(rest, out);
      case 'demo':
        return demoCommand(rest, out);
      case 'walkthrough':
        return walkthroughCommand(rest, out);
      case 'list':
        return listCommand(rest, out);
      case 'bench':
        return benchCommand(rest, out);
      case 'check-config':
        return checkConfigCommand(rest, out);
      case 'cli':
        return await cliCommand(rest, out, err);
      case '4lw':
        return await fourLetterCommand(rest, out);
      case 'status':
        return await statusCommand(rest, out);
      case 'fuzz':
        return await fuzzCommand(rest, out);
      case 'replay':
        return replayCommand(rest, out);
      case 'fuzz-merge':
        return fuzzMergeCommand(rest, out);
      case 'shrink':
        return shrinkCommand(rest, out);
      case 'gate':
        return gateCommand(rest, out);
      default:
        throw new UsageError(`unknown command '${cmd}' (try: zksim help)`);
    }
  } catch (e) {
    if (
      e instanceof UsageError ||
      e instanceof ConfigError ||
      e instanceof FaultPlanError ||
      e instanceof ReplayFileError ||
      e instanceof SummaryFileError
    ) {
      err(`zksim: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
