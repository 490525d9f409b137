// The checker framework: a checker sees every trace event and the world, and reports
// violations under its stable name. Checkers live beside the simulator, never in protocol/.
import type { TraceEvent } from './trace.ts';
import type { World } from './world.ts';

export interface Violation {
  checker: string;
  message: string;
  /** Simulated time of the violating event, ms. */
  time: number;
  /** Index of the violating event in the trace. */
  event: number;
}

export interface Checker {
  readonly name: string;
  /** Called for every trace event, after the world applied it. */
  onEvent(ev: TraceEvent, world: World): void;
  /** Called once when the run ends (time limit, quiescence, ...). */
  finish?(world: World): void;
}
