// A serve record file (zksim serve --record FILE): what the server side of a served run needs to
// be run again offline — the ensemble's zoo.cfg texts, the seed, the release and bugs, the fault
// plan — and every input from outside the event loop at the simulated time it entered it: a real
// connection opened, its bytes, its close, a control command. `zksim replay FILE` runs the same
// world at full speed to `end.t` and compares the trace hash. zod-validated on load.
import { z } from 'zod';
import { FaultPlan } from '../../faults/plan.ts';

export const SERVE_RECORD_FORMAT = 'zksim-serve-record';
export const SERVE_RECORD_VERSION = 1;

const us = z.number().int().min(0);
const key = z.number().int().min(1);

export const ServeInput = z.discriminatedUnion('k', [
  /** A real client connected to server s's port (s 0: the standalone server). */
  z.strictObject({ t: us, k: z.literal('open'), c: key, s: z.number().int().min(0).max(255) }),
  /** Bytes it sent, hex. */
  z.strictObject({
    t: us,
    k: z.literal('data'),
    c: key,
    hex: z.string().regex(/^([0-9a-f]{2})+$/, 'expected bytes as lower-case hex'),
  }),
  /** It closed its socket. */
  z.strictObject({ t: us, k: z.literal('close'), c: key }),
  /** A control command (zksim ctl ...), its words. */
  z.strictObject({ t: us, k: z.literal('ctl'), cmd: z.array(z.string()).min(1) }),
]);
export type ServeInput = z.infer<typeof ServeInput>;

export const ServeSetup = z.strictObject({
  seed: z.number().int(),
  zk: z.string(),
  bugs: z.array(z.string()),
  configs: z
    .array(z.strictObject({ sid: z.number().int().min(0).max(255), source: z.string(), text: z.string() }))
    .min(1),
  plan: FaultPlan.nullable(),
});
export type ServeSetup = z.infer<typeof ServeSetup>;

export const ServeRecord = z.strictObject({
  format: z.literal(SERVE_RECORD_FORMAT),
  version: z.literal(SERVE_RECORD_VERSION),
  setup: ServeSetup,
  /** When serving began (the boot is part of the world: the same in a replay). */
  servedFromUs: us,
  inputs: z.array(ServeInput),
  end: z.strictObject({
    t: us,
    traceHash: z.string(),
    events: z.number().int(),
    violations: z.array(
      z.strictObject({ checker: z.string(), message: z.string(), time: z.number(), event: z.number() }),
    ),
  }),
});
export type ServeRecord = z.infer<typeof ServeRecord>;

/** Is this JSON text a serve record (rather than a scenario replay file)? */
export function isServeRecord(text: string): boolean {
  return /^\s*\{\s*"format"\s*:\s*"zksim-serve-record"/.test(text);
}
