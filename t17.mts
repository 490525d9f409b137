import { runScenario } from './sim/runner.ts';
const evs: any[] = [];
const seed = Number(process.argv[2]); const who = process.argv[3];
const { result } = runScenario({ scenario: 'faults', seed, onEvent: (e) => { if (((e.n === who) && (e.k.startsWith('zab') && !['zab.ack','zab.logged','zab.deliver','zab.propose','zab.commit'].includes(e.k) || e.k === 'state' || e.k==='proc' || e.k === 'zk.warn' || e.k === 'peer.loaded')) || e.k === 'fault' || (e.k==='zab.sync') || e.k === 'zab.established') evs.push(e); } });
console.log(result.violations);
const v = result.violations[0];
for (const e of evs) if (e.i <= v.event) console.log(e.i, (e.t/1000).toFixed(1), e.n, e.k, JSON.stringify(e, (_k, x) => typeof x === 'bigint' ? x.toString(16) : typeof x === 'number' && x > 4294967296 ? '0x' + x.toString(16) : x).slice(0, 200));
