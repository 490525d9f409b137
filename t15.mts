import { runScenario } from './sim/runner.ts';
const counts = new Map<string, number>();
let last: any[] = [];
let n = 0;
try {
  runScenario({ scenario: 'faults', seed: 2, untilMs: 100000, onEvent: (e) => { n++; if (n > 3_000_000) { throw new Error('too many'); } if (n > 2_990_000) { last.push(e); } } });
} catch (e) { console.log(String(e)); }
const c = new Map<string, number>();
for (const e of last) c.set(e.k + ' ' + (e.n ?? ''), (c.get(e.k + ' ' + (e.n ?? '')) ?? 0) + 1);
console.log([...c].sort((a, b) => b[1] - a[1]).slice(0, 15));
console.log(JSON.stringify(last.slice(-12), (_k, x) => typeof x === 'bigint' ? x.toString(16) : x));
