import { runScenario } from './sim/runner.ts';
const evs: any[] = [];
const { result } = runScenario({ scenario: 'faults', seed: 3, onEvent: (e) => { if ((e.n === 's4' && (e.k.startsWith('zab') || e.k === 'state' || e.k==='proc' || e.k==='conn' && (e.what==='close'||e.what==='open'))) || e.k === 'fault' || (e.k==='zab.sync' && e.peer===4)) evs.push(e); } });
console.log(result.violations);
const v = result.violations[0];
for (const e of evs) if (e.i <= v.event && e.i > v.event - 400 && e.k !== 'zab.ack') console.log(e.i, (e.t/1000).toFixed(1), e.n, e.k, JSON.stringify(e, (_k, x) => typeof x === 'bigint' ? x.toString(16) : typeof x === 'number' && x > 4294967296 ? '0x' + x.toString(16) : x).slice(0, 170));
