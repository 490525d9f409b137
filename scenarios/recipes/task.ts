// A recipe's code, as an application developer writes it against the promise API of the client
// (protocol/client/api.ts), but as a generator: `yield* app.create(...)` where a program writes
// `await zk.create(...)`. A promise's continuation runs on the microtask queue, outside the
// simulated event loop (which runs to its end before any microtask could), so inside the world a
// recipe cannot await; a generator stepped by the callback of each operation reads the same —
// try/catch of KeeperException, loops, early returns — and stays deterministic. The runner below
// steps it: an operation's callback, a timer or a watched event resumes it, synchronously.
import { KeeperException } from '../../protocol/errors.ts';
import type { WatchedEvent } from '../../protocol/data.ts';

/** What a recipe yields: start an operation (resume with its value, or throw its rc), sleep, or wait for an event. */
export type Step =
  | { kind: 'call'; start: (done: (rc: number, value?: unknown) => void) => void; path?: string }
  | { kind: 'sleep'; ms: number }
  | { kind: 'event'; since: number };

/** A piece of recipe code that returns T: run it with `yield*`. */
export type Task<T = void> = Generator<Step, T, unknown>;

/** What the runner needs from its host: timers and the events seen so far. */
export interface TaskHost {
  setTimer(ms: number, tag: string, onFire: () => void): number;
  cancelTimer(id: number): void;
  /** The events heard so far (index n is the n-th), and a way to hear of the next. */
  events(): readonly WatchedEvent[];
  onNextEvent(wake: () => void): void;
}

/**
 * Steps one generator until it returns or throws (onEnd), or until cancel(): a cancelled task's
 * pending callbacks, timers and waits resume nothing (its session is gone, a new task runs).
 */
export class TaskRunner {
  private cancelled = false;
  private timer: number | undefined;

  constructor(
    private readonly host: TaskHost,
    private readonly gen: Task<unknown>,
    private readonly onEnd: (error?: unknown) => void,
  ) {}

  start(): void {
    this.step({ value: undefined });
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    if (this.timer !== undefined) this.host.cancelTimer(this.timer);
    this.gen.return(undefined);
  }

  /** Resume with a value or an error, and go on while steps complete at once (no recursion). */
  private step(input: { value: unknown } | { error: unknown }): void {
    let next = input;
    for (;;) {
      if (this.cancelled) return;
      let r: IteratorResult<Step, unknown>;
      try {
        r = 'error' in next ? this.gen.throw(next.error) : this.gen.next(next.value);
      } catch (e) {
        this.onEnd(e);
        return;
      }
      if (r.done) {
        this.onEnd();
        return;
      }
      const now = this.await(r.value);
      if (now === undefined) return;
      next = now;
    }
  }

  /** Start waiting for a step; its outcome if it is known at once. */
  private await(s: Step): { value: unknown } | { error: unknown } | undefined {
    switch (s.kind) {
      case 'call': {
        let sync: { value: unknown } | { error: unknown } | undefined;
        let waiting = false;
        s.start((rc, value) => {
          const out = rc === 0 ? { value } : { error: new KeeperException(rc, s.path) };
          if (waiting) this.step(out);
          else sync = out;
        });
        waiting = sync === undefined;
        return sync;
      }
      case 'sleep':
        this.timer = this.host.setTimer(s.ms, 'recipe.sleep', () => {
          this.timer = undefined;
          this.step({ value: undefined });
        });
        return undefined;
      case 'event': {
        const seen = this.host.events();
        if (seen.length > s.since) return { value: seen[s.since] };
        this.host.onNextEvent(() => this.step({ value: this.host.events()[s.since] }));
        return undefined;
      }
    }
  }
}
