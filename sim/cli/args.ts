import { BUG_IDS, type BugId } from '../../protocol/bugs.ts';
import { RUN_OPTIONS } from '../harness/options.ts';
// Command-line flags, validated with zod. A bad flag is one line naming it, exit code 2. Each
// command's flag table is what its parser reads and what its usage (`zksim help COMMAND`) prints.
import { z } from 'zod';

export class UsageError extends Error {}

/** How a flag's value is read: a zod schema over its text, 'bool' (no value), or 'paths' (every argument up to the next flag). */
export type FlagKind = z.ZodType<unknown> | 'bool' | 'paths';

export interface Flag {
  readonly kind: FlagKind;
  /** The value's placeholder in usage ("N", "FILE"). */
  readonly arg?: string;
  readonly help: string;
  /** Spelled with one dash (zkCli's -c). */
  readonly short?: boolean;
}

export type FlagTable = Readonly<Record<string, Flag>>;

export const flag = (kind: FlagKind, arg: string | undefined, help: string): Flag =>
  arg === undefined ? { kind, help } : { kind, arg, help };
export const boolFlag = (help: string): Flag => ({ kind: 'bool', help });

export interface Parsed {
  positional: string[];
  flags: Record<string, unknown>;
}

/**
 * Parse argv against the flag table (names without dashes). With `rest`, the first positional
 * argument and everything after it are positional (zkCli's `-server H cmd args`: the command's
 * own options are not ours).
 */
export function parseArgs(argv: readonly string[], table: FlagTable, opts: { rest?: boolean } = {}): Parsed {
  const positional: string[] = [];
  const flags: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const short = !a.startsWith('--') && a.startsWith('-') && table[a.slice(1)]?.short === true;
    if (!a.startsWith('--') && !short) {
      if (opts.rest && !a.startsWith('-')) {
        positional.push(...argv.slice(i));
        break;
      }
      positional.push(a);
      continue;
    }
    let name = a.slice(short ? 1 : 2);
    const dashed = short ? `-${name}` : `--${name}`;
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0 && !short) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const f = table[name];
    if (f === undefined || (f.short === true) !== short) throw new UsageError(`unknown flag ${dashed}`);
    const kind = f.kind;
    if (kind === 'paths') {
      const given = value !== undefined ? [value] : [];
      while (value === undefined && i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) given.push(argv[++i]!);
      if (given.length === 0) throw new UsageError(`${dashed} needs a path`);
      flags[name] = [...((flags[name] as string[] | undefined) ?? []), ...given];
      continue;
    }
    if (name in flags) throw new UsageError(`${dashed} given twice`);
    if (kind === 'bool') {
      if (value !== undefined) throw new UsageError(`${dashed} takes no value`);
      flags[name] = true;
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`${dashed} needs a value`);
    }
    const r = kind.safeParse(value);
    if (!r.success)
      throw new UsageError(`${dashed}: ${r.error.issues[0]?.message ?? 'invalid value'} (got '${value}')`);
    flags[name] = r.data;
  }
  return { positional, flags };
}

export const intFlag = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected a whole number from ${min} to ${max}`);

export const pathFlag = z.string().min(1, 'expected a file path');

/** --bug ZK-NNNN[,ZK-MMMM]: historical bugs to switch back on (zksim list bugs). */
export const bugFlag = z
  .string()
  .transform((s) => s.split(','))
  .refine(
    (ids) => ids.every((id) => (BUG_IDS as readonly string[]).includes(id)),
    `expected bug ids from zksim list bugs (${BUG_IDS.join(', ')})`,
  )
  .transform((ids) => [...new Set(ids)] as BugId[]);

/** The flags every seeded command shares. */
export const seedFlag = flag(intFlag(0, Number.MAX_SAFE_INTEGER), 'S', 'the run seed (default 1)');
export const jsonFlag = (what: string) => boolFlag(`print ${what} as JSON`);
/** --zk VERSION for commands that run fixed cases (gate, demo): the run option's own schema and help. */
export const zkFlag = flag(RUN_OPTIONS.zk.schema as z.ZodType<string, string>, 'VERSION', RUN_OPTIONS.zk.help);
export const bugsFlag = flag(
  bugFlag,
  'ZK-NNNN[,..]',
  'switch historical bugs back on at their code paths (zksim list bugs)',
);
