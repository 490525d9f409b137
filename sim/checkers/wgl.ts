// Wing & Gong's linearizability check with Lowe's memoization (G. Lowe, "Testing for
// linearizability", 2017; as Porcupine and Knossos' "wgl" do): a depth-first search over the
// history's call/return entries that linearizes a pending call when the model accepts it, and
// backtracks when an operation's return is reached before it was linearized. A cache of
// (linearized set, model state) cuts repeated configurations. Bounded by a step budget: past
// it the answer is 'unknown', never a guess.
//
// Operations whose outcome is unknown (no reply: connection loss, timeouts, the run ended) have
// no return: they may be linearized anywhere after their call, or never (deferring one to the
// end is the same as never, as no definite operation follows it then).

/** One operation of a history; times in any one unit (here simulated µs). */
export interface WglOp<I> {
  call: number;
  /** Infinity: unknown outcome (open-ended). */
  ret: number;
  input: I;
}

/** A sequential model: step returns the next state, or undefined if the op's output is impossible in s. */
export interface WglModel<S, I> {
  init: S;
  step(s: S, input: I): S | undefined;
  key(s: S): string;
}

export type WglResult = 'ok' | 'fail' | 'unknown';

interface Entry {
  op: number;
  isCall: boolean;
  time: number;
  match: Entry | null;
  prev: Entry | null;
  next: Entry | null;
}

/** Is the history linearizable with respect to the model? steps: a counter the caller can read. */
export function wglCheck<S, I>(
  model: WglModel<S, I>,
  ops: readonly WglOp<I>[],
  budget: number,
  counter: { steps: number } = { steps: 0 },
): WglResult {
  // Entries sorted by time; at equal times calls first (the more concurrent, lenient reading).
  const evs: { op: number; isCall: boolean; time: number }[] = [];
  let definite = 0;
  ops.forEach((o, i) => {
    evs.push({ op: i, isCall: true, time: o.call });
    if (o.ret !== Infinity) {
      evs.push({ op: i, isCall: false, time: o.ret });
      definite++;
    }
  });
  evs.sort((a, b) => a.time - b.time || (a.isCall === b.isCall ? a.op - b.op : a.isCall ? -1 : 1));
  const head: Entry = { op: -1, isCall: false, time: -Infinity, match: null, prev: null, next: null };
  let last = head;
  const calls = new Map<number, Entry>();
  for (const e of evs) {
    const en: Entry = { op: e.op, isCall: e.isCall, time: e.time, match: null, prev: last, next: null };
    last.next = en;
    last = en;
    if (e.isCall) calls.set(e.op, en);
    else {
      const c = calls.get(e.op)!;
      c.match = en;
      en.match = c;
    }
  }
  const lift = (c: Entry) => {
    c.prev!.next = c.next;
    if (c.next) c.next.prev = c.prev;
    const r = c.match;
    if (r) {
      r.prev!.next = r.next;
      if (r.next) r.next.prev = r.prev;
    }
  };
  const unlift = (c: Entry) => {
    const r = c.match;
    if (r) {
      r.prev!.next = r;
      if (r.next) r.next.prev = r;
    }
    c.prev!.next = c;
    if (c.next) c.next.prev = c;
  };
  const words = new Uint32Array(Math.ceil(ops.length / 32) + 1);
  const cache = new Set<string>();
  const stack: { entry: Entry; state: S }[] = [];
  let state = model.init;
  let linearizedDefinite = 0;
  let entry = head.next;
  while (linearizedDefinite < definite) {
    if (++counter.steps > budget) return 'unknown';
    if (entry === null) return 'fail'; // only unknown calls left but definite ops pending: cannot happen
    if (entry.isCall) {
      const next = model.step(state, ops[entry.op]!.input);
      if (next !== undefined) {
        words[entry.op >>> 5]! |= 1 << (entry.op & 31);
        const k = `${words.join(',')}|${model.key(next)}`;
        if (!cache.has(k)) {
          cache.add(k);
          stack.push({ entry, state });
          state = next;
          if (entry.match) linearizedDefinite++;
          lift(entry);
          entry = head.next;
          continue;
        }
        words[entry.op >>> 5]! &= ~(1 << (entry.op & 31));
      }
      entry = entry.next;
    } else {
      // A return before its call was linearized: undo the last linearization.
      const top = stack.pop();
      if (top === undefined) return 'fail';
      state = top.state;
      const c = top.entry;
      words[c.op >>> 5]! &= ~(1 << (c.op & 31));
      if (c.match) linearizedDefinite--;
      unlift(c);
      entry = c.next;
    }
  }
  return 'ok';
}
