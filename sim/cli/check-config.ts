// zksim check-config FILE [--myid N]: read a zoo.cfg (and a myid) as QuorumPeerConfig would.
import { readFileSync } from 'node:fs';
import { parseZooCfg, selfSpec } from '../../protocol/config/zoocfg.ts';
import { type FlagTable, UsageError, flag, intFlag, parseArgs } from './args.ts';
import { type Command, EXIT_0_OR_2 } from './command.ts';

const table: FlagTable = {
  myid: flag(intFlag(0, 255), 'N', "check it as server N's config (N must be one of its servers)"),
};

export const checkConfigCmd: Command = {
  exitCodes: EXIT_0_OR_2,
  name: 'check-config',
  synopsis: 'FILE [--myid N]',
  summary: 'validate a zoo.cfg as a 3.8 server would (QuorumPeerConfig); a bad key is one line naming it',
  flags: table,
  run: (argv, out) => checkConfigCommand(argv, out),
};

export function checkConfigCommand(argv: string[], out: (s: string) => void): number {
  const { positional, flags } = parseArgs(argv, table);
  if (positional.length !== 1) throw new UsageError('check-config needs one zoo.cfg path');
  let text: string;
  try {
    text = readFileSync(positional[0]!, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${positional[0]}`);
  }
  const cfg = parseZooCfg(text);
  if (flags.myid !== undefined) selfSpec(cfg, flags.myid as number);
  const voters = cfg.servers.filter((s) => s.type === 'participant').length;
  const observers = cfg.servers.length - voters;
  out(
    `${positional[0]}: ok — ${cfg.servers.length === 0 ? 'standalone' : `${voters} voters, ${observers} observers`}, tickTime ${cfg.tickTime}, initLimit ${cfg.initLimit}, syncLimit ${cfg.syncLimit}, dataDir ${cfg.dataDir}`,
  );
  return 0;
}
