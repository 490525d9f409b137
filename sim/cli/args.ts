import { BUG_IDS, type BugId } from '../../protocol/bugs.ts';
// Command-line flags, validated with zod. A bad flag is one line naming it, exit code 2.
import { z } from 'zod';

export class UsageError extends Error {}

export type FlagKind = z.ZodType<unknown> | 'bool';

export interface Parsed {
  positional: string[];
  flags: Record<string, unknown>;
}

/** Parse argv against the allowed flags (name without dashes → schema or 'bool'). */
export function parseArgs(argv: readonly string[], allowed: Record<string, FlagKind>): Parsed {
  const positional: string[] = [];
  const flags: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    let name = a.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const kind = allowed[name];
    if (kind === undefined) throw new UsageError(`unknown flag --${name}`);
    if (name in flags) throw new UsageError(`--${name} given twice`);
    if (kind === 'bool') {
      if (value !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
    }
    const r = kind.safeParse(value);
    if (!r.success)
      throw new UsageError(`--${name}: ${r.error.issues[0]?.message ?? 'invalid value'} (got '${value}')`);
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

export const listFlag = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'expected server ids separated by commas, like 3,1,2')
  .transform((s) => s.split(',').map(Number));

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
