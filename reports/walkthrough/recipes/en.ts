// The recipe walkthroughs in English, in the words of seed 002 (section 8) as its English reader
// would put them.
import { eventTypeName } from '../../../protocol/data.ts';
import type { RecipeBook, RecipeWalkthroughName } from './book.ts';
import { token } from './book.ts';

const held = (name: RecipeWalkthroughName) => (name === 'recipe-lock' ? 'the lock' : 'Master');

export const recipeEn: RecipeBook = {
  lang: 'en',
  title: (name, seed) => `zksim walkthrough: ${name} (seed ${seed})`,
  intro: (name) => [
    name === 'recipe-lock'
      ? 'The exclusive lock of seed 002: a znode is a lock. Every client tries to create the ephemeral node /exclusive_lock/lock; ZooKeeper lets exactly one create succeed, and that client holds the lock. Every client that failed registers a child watcher on /exclusive_lock; when the lock node is deleted — the holder deleted it after its work, or its session ended (a crash, a restart) and the ephemeral went with it — they are notified and try to get the lock again.'
      : 'The Master election of seed 002: many clients create the same ephemeral node, /master_election/master; ZooKeeper lets only one create succeed, and that client is the Master. The others register a child watcher on /master_election to see whether the Master is alive; once its node is gone, they elect again.',
    `Here two clients, c1 and c2, run it against three servers, with 4-second sessions; whoever holds ${held(name)} writes to a protected resource every 200 ms. c2 gets ${held(name)} first, and then its process is paused for 6 seconds (a long GC pause, SIGSTOP) — longer than its session timeout. The same story is run twice: without fencing, and with fencing (--fencing: each write carries the czxid of the node that gave the writer ${held(name)}, and the resource rejects a token lower than the highest it has seen). Every step below is read from the trace of a real run; the checkers watch every step.`,
  ],
  part: (fencing) => (fencing ? 'With fencing (--fencing)' : 'Without fencing'),
  step(name, s) {
    switch (s.k) {
      case 'start':
        return `client ${s.client} starts`;
      case 'session':
        return `${s.client} ${s.again ? 'opens a new session' : 'has a session'} ${s.session} on server ${s.server} (timeout ${s.timeout} ms)`;
      case 'create':
        return s.created
          ? `${s.client} creates ${s.path} (czxid ${token(s.token!)})`
          : `${s.client} tries to create ${s.path}: it exists already (NodeExists)`;
      case 'watch':
        return `${s.client} registers a child watcher on ${s.path}`;
      case 'notified':
        return `${s.client} is notified: ${eventTypeName[s.type] ?? s.type} on ${s.path}`;
      case 'acquired':
        return s.again
          ? `${s.client} is connected again and still owns its node: it ${name === 'recipe-lock' ? 'holds the lock' : 'is Master'} again`
          : `${s.client} ${name === 'recipe-lock' ? 'holds the lock' : 'is the Master'} (token ${token(s.token)}) and writes to the resource at once, then every 200 ms`;
      case 'released':
        return s.why === 'done'
          ? `${s.client} is done after ${s.writes} write${s.writes === 1 ? '' : 's'}: it ${name === 'recipe-lock' ? 'releases the lock' : 'steps down'} and deletes its node`
          : s.why === 'suspended'
            ? `${s.client} heard its connection drop: it stops acting as ${name === 'recipe-lock' ? 'holder' : 'Master'} until it knows more`
            : s.why === 'expired'
              ? `${s.client} learns its session expired: it ${name === 'recipe-lock' ? 'no longer holds the lock' : 'is no longer Master'}`
              : `${s.client} stops (the run's contention is over)`;
      case 'write':
        return s.accepted
          ? `${s.client}${s.afterPause ? ', just resumed,' : ''} writes to the resource with token ${token(s.token)}: accepted`
          : `${s.client}${s.afterPause ? ', just resumed,' : ''} writes to the resource with token ${token(s.token)}: REJECTED, the resource has seen ${token(s.highest)}`;
      case 'pause':
        return `${s.client}'s process is paused (GC, SIGSTOP): its timers and sockets wait`;
      case 'resume':
        return `${s.client}'s process resumes after ${Math.round(s.ms)} ms; it still believes what it believed`;
      case 'crash':
        return `${s.client}'s process crashes`;
      case 'disconnected':
        return `${s.client} hears nothing from its server in time: disconnected, it reconnects`;
      case 'expired':
        return `${s.client} reconnects and is told its session expired`;
      case 'expire':
        return `leader ${s.server} expires ${s.client}'s session (nothing heard for ${s.timeout} ms)${s.deleted.length > 0 ? `: its ephemeral ${s.deleted.join(', ')} is deleted` : ''}`;
      case 'violation':
        return `CHECKER ${s.checker}: ${s.message}`;
    }
  },
  result: (r) => [
    r.ok
      ? 'every checker passed'
      : `${[...new Set(r.violations.map((v) => v.checker))].join(', ')} fired: ${r.violations[0]!.message}`,
    `${r.events} trace events, ${(r.simTimeMs / 1000).toFixed(3)} s simulated, trace hash ${r.traceHash}`,
  ],
  outro: (name) => [
    `What the runs show: ZooKeeper did its part — it expired the paused client's session, deleted its ephemeral node and told the other client, which got ${held(name)}. But a paused process cannot notice anything: when c2 resumed, its next write came before it could hear that its session was gone. Without fencing the resource took the write, and two clients acted as ${name === 'recipe-lock' ? 'holder' : 'Master'} at once. With fencing the resource already had c1's larger token, and rejected c2's write. A lock or an election on ZooKeeper alone cannot stop a paused holder; the resource has to check a token (Kleppmann, "How to do distributed locking"; Curator's documentation says the same).`,
  ],
  headings: { result: 'Result', colon: ':' },
};
