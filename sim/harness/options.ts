// Scenario options, each defined once: the schema of its value (what a replay file's `options`
// hold, checked by the scenario's own schema when the file loads), the run/fuzz flag that sets
// it (name, placeholder, help; the flag's text is read into a value the same schema checks),
// its default, and so the TypeScript type the scenario's build() is handed. A scenario family
// lists its options in one scenarioOptions({...}) call (scenarios/options.ts): adding an
// option is one edit there, and reading it in build().
import { z } from 'zod';
import { DEFAULT_RELEASE, RELEASE_NAMES } from './releases.ts';

/** How a flag's text becomes a value: a number, server ids separated by commas, no text (on/off), or one of some names. */
export type OptionText = 'number' | 'ids' | 'bool' | 'choice';

export interface OptionSpec<T> {
  /** The value, as replay files hold it. */
  readonly schema: z.ZodType<T>;
  readonly text: OptionText;
  /** What a good value is, for people ("a whole number from 2 to 99"). */
  readonly expected: string;
  /** The run/fuzz flag that sets it, without dashes ("gap" for gapMs). */
  readonly flag: string;
  /** The value's placeholder in usage ("N"); a boolean flag has none. */
  readonly arg?: string;
  readonly help: string;
  /** The value when the option is not given (none: the scenario decides, as its help says). */
  readonly default?: T;
}

/** What the builders below take: the flag's name, placeholder and help, and the default. */
export interface FlagText<T> {
  flag: string;
  arg?: string;
  help: string;
  default?: T;
}

/** A spec whose FlagText gave a default has one for sure (Resolved then says the value is always there). */
type WithDefault<T, F> = OptionSpec<T> & (F extends { default: T } ? { readonly default: T } : unknown);

function withFlag<T, F extends FlagText<T>>(
  schema: z.ZodType<T>,
  text: OptionText,
  expected: string,
  f: F,
): WithDefault<T, F> {
  return { schema, text, expected, ...f } as WithDefault<T, F>;
}

export function wholeNumber<F extends FlagText<number>>(min: number, max: number, f: F) {
  const expected = `a whole number from ${min} to ${max}`;
  const e = `expected ${expected}`;
  return withFlag(z.number({ error: e }).int(e).min(min, e).max(max, e), 'number', expected, f);
}

/** Simulated milliseconds, fractions allowed: from min (or above it, with `above`) to max. */
export function simMs<F extends FlagText<number>>(min: number, max: number, f: F, above = false) {
  const expected = above ? `simulated ms above ${min}, at most ${max}` : `simulated ms from ${min} to ${max}`;
  const e = `expected ${expected}`;
  const n = z.number({ error: e });
  return withFlag((above ? n.gt(min, e) : n.min(min, e)).max(max, e), 'number', expected, f);
}

export function serverIds<F extends FlagText<number[]>>(f: F) {
  const e = 'expected server ids (whole numbers from 1)';
  return withFlag(
    z.array(z.number({ error: e }).int(e).min(1, e), { error: e }),
    'ids',
    'server ids separated by commas, like 3,1,2',
    f,
  );
}

export function onOff<F extends FlagText<boolean>>(f: F) {
  return withFlag(z.boolean({ error: 'expected true or false' }), 'bool', 'true or false', f);
}

/** One of these names (a release, say): the flag's text as it is. */
export function oneOf<const V extends string, F extends FlagText<V>>(values: readonly [V, ...V[]], f: F) {
  const expected = `one of ${values.join(', ')}`;
  return withFlag(z.enum(values, { error: `expected ${expected}` }), 'choice', expected, f);
}

/** How a flag's text is read: into a value, then checked by the option's schema (one message for both). */
export function flagSchema<T>(spec: OptionSpec<T>): z.ZodType<T, string> {
  const e = `expected ${spec.expected}`;
  if (spec.text === 'choice') return z.string().pipe(spec.schema as z.ZodType<T, string>);
  if (spec.text === 'ids')
    return z
      .string()
      .regex(/^\d+(,\d+)*$/, e)
      .transform((s) => s.split(',').map(Number))
      .pipe(spec.schema as z.ZodType<T, number[]>);
  return z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, e)
    .transform(Number)
    .pipe(spec.schema as z.ZodType<T, number>);
}

// biome-ignore lint/suspicious/noExplicitAny: any option's spec, whatever its value type
type AnySpec = OptionSpec<any>;
export type Specs = Readonly<Record<string, AnySpec>>;
type ValueOf<S> = S extends OptionSpec<infer T> ? T : never;

/** The options as given (a replay file's `options`, a run's): each may be left out. */
export type OptionsOf<S extends Specs> = { [K in keyof S]?: ValueOf<S[K]> };
/** With the defaults filled in: an option with a default is always there. */
export type Resolved<S extends Specs> = {
  [K in keyof S]: S[K] extends { default: infer T } ? T : ValueOf<S[K]> | undefined;
};

/** Options every scenario takes. */
export const RUN_OPTIONS = {
  untilMs: simMs(
    0,
    86_400_000,
    { flag: 'until', arg: 'MS', help: "end of the run, simulated ms (default: the scenario's)" },
    true,
  ),
  /**
   * The fix of ZK-1549 (the ZOOKEEPER-1549 class, open, in every 3.8 release): Leader.lead takes no
   * snapshot (ZOOKEEPER-1558's fix, as branch-3.4 had it from 3.4.6). Off by default: zksim runs
   * 3.8 as it is. A sweep that should show only what nobody has filed yet sets it.
   */
  noLeadSnapshot: onOff({
    flag: 'no-lead-snapshot',
    help: 'Leader.lead takes no snapshot: ZK-1549 off (every 3.8 release has it; ZOOKEEPER-1558 removed that snapshot on branch-3.4), for a sweep clean of that known divergence',
  }),
  /** The ZooKeeper release whose behaviour the servers have (sim/harness/releases.ts): its catalog bugs are on. */
  zk: oneOf(RELEASE_NAMES, {
    flag: 'zk',
    arg: 'VERSION',
    help: `the ZooKeeper 3.8 release to simulate: the catalog bugs it still has are on (zksim list releases; default ${DEFAULT_RELEASE}, the newest)`,
  }),
} as const;

export interface ScenarioOptionsSchema<O extends object = Record<string, unknown>> {
  /** Each option's spec by option name, in the order usage lists them. */
  readonly specs: Specs;
  /** The options as a replay file holds them: strict (an option the scenario does not take is an error). */
  readonly schema: z.ZodType<O>;
  /** The scenario has a fault plan and a client workload of its own, as data (replay files carry them). */
  readonly data: boolean;
  /** The options with the defaults filled in. */
  resolve(o: O): object;
}

export interface FamilyOptions<S extends Specs> extends ScenarioOptionsSchema<OptionsOf<S>> {
  readonly specs: S;
  resolve(o: OptionsOf<S>): Resolved<S>;
}

/**
 * A scenario family's options (the run options every scenario takes come with them). `check`
 * looks at them all together, defaults filled in, and names the field of a bad combination.
 */
export function scenarioOptions<S extends Specs>(
  own: S,
  more: {
    data?: boolean;
    check?: (o: Resolved<S & typeof RUN_OPTIONS>, issue: (field: string, message: string) => void) => void;
  } = {},
): FamilyOptions<S & typeof RUN_OPTIONS> {
  const specs = { ...own, ...RUN_OPTIONS } as S & typeof RUN_OPTIONS;
  const names = Object.keys(specs);
  const resolve = (o: OptionsOf<typeof specs>) => {
    const r: Record<string, unknown> = { ...o };
    for (const [k, s] of Object.entries(specs)) if (r[k] === undefined && s.default !== undefined) r[k] = s.default;
    return r as Resolved<typeof specs>;
  };
  const schema = z
    .strictObject(Object.fromEntries(names.map((k) => [k, specs[k]!.schema.optional()])), {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? `unknown option ${iss.keys.join(', ')} (this scenario takes ${names.join(', ')})`
          : undefined,
    })
    .superRefine((o, ctx) =>
      more.check?.(resolve(o as OptionsOf<typeof specs>), (field, message) =>
        ctx.addIssue({ code: 'custom', path: [field], message }),
      ),
    ) as unknown as z.ZodType<OptionsOf<typeof specs>>;
  return { specs, schema, data: more.data ?? false, resolve };
}

/** The options a run was given, as a replay file holds them: the options the scenario takes, set ones only. */
export function givenOptions(schema: ScenarioOptionsSchema, opts: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(schema.specs)) {
    const v = opts[k];
    if (v === undefined || (s.text === 'bool' && v === false)) continue;
    o[k] = v;
  }
  return o;
}

/** The options, as `zksim list scenarios --json` shows them. */
export function describeOptions(schema: ScenarioOptionsSchema): Record<string, unknown>[] {
  return Object.entries(schema.specs).map(([name, s]) => {
    const { $schema: _, ...json } = z.toJSONSchema(s.schema);
    return {
      name,
      flag: `--${s.flag}`,
      ...(s.arg ? { arg: s.arg } : {}),
      value: s.expected,
      ...(s.default !== undefined ? { default: s.default } : {}),
      help: s.help,
      schema: json,
    };
  });
}
