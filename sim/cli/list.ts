// zksim list [scenarios|checkers|bugs|faults|releases] [--json]: what there is.
import { scenarios } from '../../scenarios/index.ts';
import { checkerNames } from '../checkers/index.ts';
import { BUG_CATALOG } from '../harness/bugs.ts';
import { catalogTable } from '../harness/catalog-table.ts';
import { FAULT_KINDS } from '../faults/registry.ts';
import { describeOptions } from '../harness/options.ts';
import { RELEASES, releaseHas, releaseRows } from '../harness/releases.ts';
import { type FlagTable, UsageError, boolFlag, parseArgs } from './args.ts';
import { type Command, EXIT_0_OR_2 } from './command.ts';

const flags: FlagTable = {
  json: boolFlag('as JSON (scenarios: with their options, flags and value schemas)'),
  markdown: boolFlag(
    "bugs only: the catalog as the README's markdown table (what finds each, its first detecting seed)",
  ),
};

export const listCmd: Command = {
  exitCodes: EXIT_0_OR_2,
  name: 'list',
  synopsis: '[scenarios|checkers|bugs|faults|releases] [--json] [--markdown]',
  summary:
    'what there is: the scenarios (what each checks, its options), the checkers, the bug catalog for --bug, the fault kinds a fault plan can use, the ZooKeeper releases for --zk (the default marked *) and what each has that the default does not',
  flags,
  run: (argv, out) => listCommand(argv, out),
};

function listCommand(argv: string[], out: (s: string) => void): number {
  const { positional: rest, flags: f } = parseArgs(argv, flags);
  const json = f.json === true;
  const what = rest[0] ?? 'scenarios';
  if (rest.length > 1 || !['scenarios', 'checkers', 'bugs', 'faults', 'releases'].includes(what))
    throw new UsageError(
      `list takes 'scenarios', 'checkers', 'bugs', 'faults' or 'releases' (got '${rest.join(' ')}')`,
    );
  if (f.markdown === true && what !== 'bugs')
    throw new UsageError(`--markdown is for 'list bugs' only (got '${what}')`);
  if (f.markdown === true && json) throw new UsageError('--markdown and --json: give one');
  if (f.markdown === true) {
    out(catalogTable());
    return 0;
  }
  if (what === 'releases') {
    const rows = releaseRows();
    if (json) out(JSON.stringify(rows, null, 2));
    else {
      for (const r of rows) out(`${r.name}${r.default ? '*' : ' '} ${r.date}  ${r.tag.padEnd(16)} ${r.differs}`);
      const open = rows.at(-1)?.open ?? [];
      if (open.length > 0)
        out(
          `every release also has the open JIRAs ${open.join(', ')}: run with the fix they ask for unless --bug names them`,
        );
    }
    return 0;
  }
  if (what === 'faults') {
    const rows = FAULT_KINDS.map((k) => ({ type: k.type, summary: k.summary }));
    if (json) out(JSON.stringify(rows, null, 2));
    else for (const k of rows) out(`${k.type.padEnd(15)} ${k.summary}`);
  } else if (what === 'bugs') {
    const rows = BUG_CATALOG.map(({ id, jira, summary, component, expectedChecker, affects, fixedIn, fixedBy }) => ({
      id,
      jira,
      summary,
      component,
      expectedChecker,
      affects,
      fixedIn,
      fixedBy,
      releases: RELEASES.filter((r) => releaseHas(r.name, BUG_CATALOG.find((b) => b.id === id)!)).map((r) => r.name),
    }));
    if (json) out(JSON.stringify(rows, null, 2));
    else
      for (const b of rows)
        out(
          `${b.id.padEnd(8)} ${b.component.padEnd(11)} finds: ${b.expectedChecker.padEnd(16)} fixed in ${(b.fixedIn ?? 'none').padEnd(6)} ${b.summary}`,
        );
  } else if (what === 'scenarios') {
    if (json)
      out(
        JSON.stringify(
          scenarios.map((s) => ({
            name: s.name,
            summary: s.summary,
            checks: s.checks,
            options: describeOptions(s.options),
          })),
          null,
          2,
        ),
      );
    else
      for (const s of scenarios) {
        const flags = Object.values(s.options.specs).map((o) => `--${o.flag}`);
        out(`${s.name.padEnd(14)} ${s.summary} [checks: ${s.checks.join(', ')}] [options: ${flags.join(' ')}]`);
      }
  } else if (json) out(JSON.stringify(checkerNames, null, 2));
  else for (const c of checkerNames) out(c);
  return 0;
}
