// The zksim command. Exit codes: 0 every check passed, 1 a violation, 2 bad input.
import { ConfigError } from '../../protocol/config/zoocfg.ts';
import { FaultPlanError } from '../faults/plan.ts';
import { UsageError } from './args.ts';
import { benchCmd } from './bench.ts';
import { checkConfigCmd } from './check-config.ts';
import { type Command, EXIT_0_OR_2, commandList, usageOf } from './command.ts';
import { demoCmd } from './demo.ts';
import { walkthroughCmd } from './walkthrough.ts';
import { runCmd } from './run.ts';
import { cliCmd, fourLetterCmd, statusCmd } from './zkcli.ts';
import { fuzzCmd } from './fuzz.ts';
import { replayCmd } from './replay.ts';
import { fuzzMergeCmd } from './fuzz-merge.ts';
import { shrinkCmd } from './shrink.ts';
import { listCmd } from './list.ts';
import { SummaryFileError } from '../harness/fuzz-summary.ts';
import { gateCmd } from './gate.ts';
import { ReplayFileError } from '../harness/replay.ts';
import { ctlCmd, serveCmd } from './serve/serve.ts';

const helpCmd: Command = {
  exitCodes: EXIT_0_OR_2,
  name: 'help',
  synopsis: '[COMMAND]',
  summary: "the commands, or one command's usage and flags",
  flags: {},
  run: (argv, out) => {
    if (argv.length > 1) throw new UsageError(`help takes one command (got '${argv.join(' ')}')`);
    const name = argv[0];
    if (name === undefined) {
      out(commandList(COMMANDS));
      return 0;
    }
    const c = COMMANDS.find((x) => x.name === name);
    if (!c) throw new UsageError(`unknown command '${name}' (try: zksim help)`);
    out(usageOf(c));
    return 0;
  },
};

/** Every command, in the order `zksim help` lists them. */
export const COMMANDS: readonly Command[] = [
  demoCmd,
  walkthroughCmd,
  runCmd,
  fuzzCmd,
  fuzzMergeCmd,
  replayCmd,
  shrinkCmd,
  gateCmd,
  cliCmd,
  fourLetterCmd,
  statusCmd,
  serveCmd,
  ctlCmd,
  listCmd,
  checkConfigCmd,
  benchCmd,
  helpCmd,
];

export async function main(
  argv: string[],
  out: (s: string) => void = (s) => console.log(s),
  err: (s: string) => void = (s) => console.error(s),
): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined || cmd === '--help' || cmd === '-h') return await helpCmd.run([], out, err);
    const c = COMMANDS.find((x) => x.name === cmd);
    if (!c) throw new UsageError(`unknown command '${cmd}' (try: zksim help)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      out(usageOf(c));
      return 0;
    }
    return await c.run(rest, out, err);
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
    // A file the checks before the run could not foresee (a disk that filled up): one line too.
    const io = e as NodeJS.ErrnoException;
    if (io instanceof Error && io.syscall !== undefined && io.path !== undefined) {
      err(`zksim: cannot ${io.syscall} ${io.path} (${io.code})`);
      return 2;
    }
    throw e;
  }
}
