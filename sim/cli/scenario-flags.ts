// The flags of scenario options (run, fuzz, walkthrough), from the scenarios' own schemas
// (sim/harness/options.ts): a flag is parsed as text first, since which scenario it is for is
// not known until the command line is read, then by the named scenario's spec; a flag that
// scenario does not take is an error naming both.
import { z } from 'zod';
import { type OptionSpec, flagSchema } from '../harness/options.ts';
import type { AnyOptions, Scenario } from '../harness/scenario.ts';
import { type Flag, type FlagKind, type FlagTable, UsageError } from './args.ts';

/**
 * Every option flag of these scenarios, in the order they first appear, read as text ('bool'
 * for on/off flags); its help names the scenarios that take it.
 */
export function optionFlagsOf(list: readonly Scenario[]): FlagTable {
  const flags: Record<string, Flag> = {};
  const takers = new Map<string, string[]>();
  /** The first default of each flag, and the scenarios whose default differs from it, by their default. */
  const firstDefault = new Map<string, unknown>();
  const otherDefaults = new Map<string, Map<string, string[]>>();
  for (const s of list)
    for (const spec of Object.values(s.options.specs)) {
      const kind: FlagKind = spec.text === 'bool' ? 'bool' : z.string();
      const seen = flags[spec.flag];
      if (seen !== undefined && (seen.kind === 'bool') !== (kind === 'bool'))
        throw new Error(`--${spec.flag} is an on/off flag of one scenario and takes a value in another`);
      takers.set(spec.flag, [...(takers.get(spec.flag) ?? []), s.name]);
      const help = `${spec.help}${spec.default !== undefined ? ` (default ${String(spec.default)})` : ''}`;
      if (seen === undefined) firstDefault.set(spec.flag, spec.default);
      else if (spec.default !== undefined && spec.default !== firstDefault.get(spec.flag)) {
        const by = otherDefaults.get(spec.flag) ?? new Map<string, string[]>();
        by.set(String(spec.default), [...(by.get(String(spec.default)) ?? []), s.name]);
        otherDefaults.set(spec.flag, by);
      }
      flags[spec.flag] = seen ?? { kind, ...(spec.arg ? { arg: spec.arg } : {}), help };
    }
  for (const [name, f] of Object.entries(flags)) {
    const who = takers.get(name)!;
    const others = [...(otherDefaults.get(name) ?? [])].map(([d, names]) => ` (default ${d} for ${names.join(', ')})`);
    flags[name] = {
      ...f,
      help: `${f.help}; ${who.length === list.length ? 'every scenario' : who.join(', ')}${others.join('')}`,
    };
  }
  return flags;
}

function specByFlag(scenario: Scenario, flag: string): [string, OptionSpec<unknown>] | undefined {
  return Object.entries(scenario.options.specs).find(([, s]) => s.flag === flag);
}

/**
 * The options the given flags (`f`, as parsed with optionFlagsOf's table) set for `scenario`:
 * each read by the scenario's own spec, then all checked together by its schema.
 */
export function optionsFromFlags(
  scenario: Scenario,
  f: Record<string, unknown>,
  flagNames: Iterable<string>,
  where = `scenario ${scenario.name}`,
): AnyOptions {
  const o: AnyOptions = {};
  for (const flag of flagNames) {
    const text = f[flag];
    if (text === undefined) continue;
    const found = specByFlag(scenario, flag);
    if (!found) throw new UsageError(`--${flag} does not apply to ${where}`);
    const [name, spec] = found;
    if (spec.text === 'bool') {
      o[name] = true;
      continue;
    }
    const r = flagSchema(spec).safeParse(text);
    if (!r.success) throw new UsageError(`--${flag}: ${r.error.issues[0]?.message ?? 'invalid value'} (got '${text}')`);
    o[name] = r.data;
  }
  const r = scenario.options.schema.safeParse(o);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const spec = scenario.options.specs[String(issue.path[0])];
    throw new UsageError(`${spec ? `--${spec.flag}` : where}: ${issue.message}`);
  }
  return r.data;
}

/** The flags that set these options again (for a command line to print): in the scenario's order. */
export function flagsOfOptions(scenario: Scenario, opts: AnyOptions): string[] {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(scenario.options.specs)) {
    const v = opts[name];
    if (v === undefined || v === false) continue;
    if (spec.text === 'bool') out.push(`--${spec.flag}`);
    else out.push(`--${spec.flag}`, Array.isArray(v) ? v.join(',') : String(v));
  }
  return out;
}
