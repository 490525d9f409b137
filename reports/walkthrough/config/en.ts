// The configuration center's walkthrough in English, in the words of seed 002 (section 8).
import { zxidHex } from '../../../protocol/zxid.ts';
import type { ConfigBook } from './book.ts';

const v = (value: string | null): string => (value === null ? 'null' : `"${value}"`);

export const configEn: ConfigBook = {
  lang: 'en',
  title: (seed) => `zksim walkthrough: recipe-config, the configuration center (seed ${seed})`,
  intro: () => [
    "Data publish/subscribe — the configuration center (seed 002, section 8): the configuration is kept in a ZooKeeper node; clients watch the node, and when the configuration changes ZooKeeper notifies them and they adjust to it. Publish/subscribe comes in two designs, push (the server sends every update to its subscribers) and pull (clients ask, usually by polling); ZooKeeper combines them: a client registers a Watcher on the node it cares about, the server sends it a Watcher event once the node's data changes, and the client, notified, fetches the newest data from the server itself (push and pull combined).",
    "The story: three servers, no server faults. c1 publishes the configuration /config; c2 and c3 subscribe, with 4-second sessions. Each subscriber answers every notification with getData and a watch: one request pulls the data and sets the next watch, so no change can fall between the two. c3's process is paused for 6 s (a long GC), past its session timeout, while c1 goes on publishing.",
    'Every step below is read from the trace of one real run.',
  ],
  step(s) {
    switch (s.k) {
      case 'session':
        return s.again
          ? `${s.client} opens a new session ${s.session} on server ${s.server} (timeout ${s.timeout} ms)`
          : `${s.client} connects to server ${s.server}: session ${s.session}, timeout ${s.timeout} ms`;
      case 'publish':
        return s.first
          ? `${s.client} creates the configuration: /config = ${v(s.value)}`
          : `${s.client} publishes: setData /config = ${v(s.value)}`;
      case 'published':
        return `${s.client}'s write of ${v(s.value)} is acknowledged: version ${s.version}, zxid ${zxidHex(s.zxid)}`;
      case 'publish-unknown':
        return `${s.client}'s setData ${v(s.value)} fails with ConnectionLoss: it may or may not have been applied; ${s.client} goes on with its next value`;
      case 'notified':
        if (s.late)
          return `a notification ZooKeeper sent before ${s.client}'s session expired reaches it only now: its pull will fail, the session is gone`;
        return `ZooKeeper notifies ${s.client}: NodeDataChanged on /config (the notification carries no data, and the watch is used up)`;
      case 'sync':
        return `${s.client} syncs: the server of its session has caught up with the leader before it reads`;
      case 'pull':
        if (s.why === 'start')
          return `${s.client} reads /config = ${v(s.value)} (version ${s.version}) and sets a watch on it`;
        if (s.why === 'new-session')
          return `${s.client} pulls /config = ${v(s.value)} (version ${s.version}) on its new session and watches it again`;
        return `${s.client} pulls: getData /config = ${v(s.value)} (version ${s.version}), which sets the watch again`;
      case 'pause':
        return `${s.client}'s process is paused (a long GC): it sends and hears nothing`;
      case 'resume':
        return `${s.client} resumes after ${s.ms.toFixed(0)} ms`;
      case 'expire':
        return `server ${s.server}, the leader, expires ${s.client}'s session (nothing heard from it for ${s.timeout} ms): its watch goes with it`;
      case 'expired':
        return `${s.client} is told its session expired: it opens a new one`;
      case 'violation':
        return `checker ${s.checker} fires: ${s.message}`;
    }
  },
  result(r) {
    const lines = [
      `subscribers end on: ${r.ends.map((e) => `${e.client} ${v(e.value)} (version ${e.version})`).join(', ')}${r.last ? `; the last write is ${v(r.last.value)} (version ${r.last.version})` : ''}`,
    ];
    if (r.ok) lines.push('config-convergence and every other checker: passed');
    else for (const x of r.violations) lines.push(`VIOLATION ${x.checker}: ${x.message}`);
    lines.push(`${r.events} events, ${(r.simTimeMs / 1000).toFixed(3)} s simulated, trace hash ${r.traceHash}`);
    return lines;
  },
  outro: () => [
    'What the run shows: a notification only says that /config changed; each subscriber gets the data by pulling, and the same getData sets its next watch, so no change falls between the push and the re-arm. A session that expires takes its watch with it: the subscriber opens a new session, syncs, and pulls again, and ends on the last write like the others.',
    'A subscriber that pulls first and re-arms afterwards (getData without a watch, apply, then exists with one: recipe-config --naive) misses a change committed in between — neither pulled nor pushed; the config-convergence checker catches it within a few seeds of zksim fuzz recipe-config --naive.',
  ],
  headings: { time: 'time', step: 'what happens', result: 'result', colon: ':' },
};
