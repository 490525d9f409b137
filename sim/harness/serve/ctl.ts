// The control commands of a served ensemble (zksim ctl ...), as words: what each does to the
// world. Server faults are the fault plan's (sim/faults/kinds/): `crash 2` is
// {"type":"crash","servers":[2]} applied now. The client host (c1, where every real connection
// comes from) can be paused and partitioned too. Parsing is pure: a bad command is a one-line
// error and changes nothing.
import { Fault, FaultPlanError, checkServers } from '../../faults/plan.ts';
import type { Fault as FaultT } from '../../faults/plan.ts';

/** The client host's node name. */
export const CLIENT_HOST = 'c1';

export type CtlAction =
  | { kind: 'fault'; fault: FaultT }
  | { kind: 'pause-client'; forMs: number | undefined }
  | { kind: 'resume-client' }
  /** Cut the client host off from these servers (and the servers' groups from each other). */
  | { kind: 'partition'; groups: (number | 'c1')[][] }
  | { kind: 'status' }
  | { kind: 'stop' };

export class CtlError extends Error {}

export const CTL_USAGE = [
  'crash S|leader|follower|observer [MS]   crash a server (with MS: restart it MS later)',
  'restart S|leader|...                    crash and start again',
  'start S                                 start a server that is down',
  'pause S|leader|...|c1 [MS]              pause (SIGSTOP) a server or the client host; with MS resume later',
  'resume S|leader|...|c1                  resume it',
  'isolate S|leader|... [MS]               cut a server off from every other server',
  'partition A / B [/ C]                   groups of server ids (and c1, the client host): 1 / 2,3   c1 / 1,2',
  'heal                                    end every partition',
  'fault JSON                              any fault of a fault plan, applied now (\'{"type":"latency",...}\')',
  'status                                  roles, epoch, connections, violations, simulated time',
  'stop                                    stop serving: write the record file, print the summary',
];

const ROLE_WORDS = new Set(['leader', 'follower', 'observer', 'syncing-follower']);

function who(
  word: string | undefined,
  cmd: string,
): { servers: number[] } | { target: 'leader' | 'follower' | 'observer' | 'syncing-follower' } {
  if (word === undefined) throw new CtlError(`${cmd} needs a server id or a role (leader, follower, observer)`);
  if (ROLE_WORDS.has(word)) return { target: word as 'leader' };
  if (/^\d+$/.test(word)) return { servers: [Number(word)] };
  throw new CtlError(`${cmd}: '${word}' is not a server id or a role`);
}

function ms(word: string | undefined, cmd: string): number | undefined {
  if (word === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(word)) throw new CtlError(`${cmd}: '${word}' is not a time in ms`);
  return Number(word);
}

function validated(f: unknown, known: readonly number[]): FaultT {
  const r = Fault.safeParse(f);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new CtlError(`fault ${issue.path.join('.') || '(fault)'}: ${issue.message}`);
  }
  const fault = r.data as FaultT;
  try {
    checkServers({ faults: [fault] }, known);
  } catch (e) {
    if (e instanceof FaultPlanError) throw new CtlError(e.message.replace(/^fault plan faults\[0\]\./, 'fault '));
    throw e;
  }
  return fault;
}

/** The action of a command's words, for an ensemble of these server ids, at simulated time atMs. */
export function parseCtl(words: readonly string[], known: readonly number[], atMs: number): CtlAction {
  const [cmd, ...args] = words;
  const at = Math.max(0, atMs);
  switch (cmd) {
    case 'status':
      return { kind: 'status' };
    case 'stop':
      return { kind: 'stop' };
    case 'heal':
      return { kind: 'fault', fault: validated({ type: 'heal', at }, known) };
    case 'crash':
    case 'isolate': {
      const forMs = ms(args[1], cmd);
      return {
        kind: 'fault',
        fault: validated({ type: cmd, at, ...who(args[0], cmd), ...(forMs !== undefined ? { forMs } : {}) }, known),
      };
    }
    case 'restart':
    case 'start':
    case 'resume':
      if (cmd === 'resume' && args[0] === CLIENT_HOST) return { kind: 'resume-client' };
      return { kind: 'fault', fault: validated({ type: cmd, at, ...who(args[0], cmd) }, known) };
    case 'pause': {
      const forMs = ms(args[1], cmd);
      if (args[0] === CLIENT_HOST) return { kind: 'pause-client', forMs };
      return {
        kind: 'fault',
        fault: validated({ type: 'pause', at, ...who(args[0], cmd), ...(forMs !== undefined ? { forMs } : {}) }, known),
      };
    }
    case 'partition': {
      const groups = args
        .join(' ')
        .split('/')
        .map((g) =>
          g
            .split(/[\s,]+/)
            .filter((w) => w.length > 0)
            .map((w) => {
              if (w === CLIENT_HOST) return CLIENT_HOST;
              if (!/^\d+$/.test(w)) throw new CtlError(`partition: '${w}' is not a server id or ${CLIENT_HOST}`);
              if (!known.includes(Number(w)))
                throw new CtlError(`partition: no server ${w} (servers: ${known.join(', ')})`);
              return Number(w);
            }),
        );
      if (groups.length < 2 || groups.some((g) => g.length === 0))
        throw new CtlError('partition needs two or more groups separated by /, like: partition 1 / 2,3');
      if (!groups.flat().includes(CLIENT_HOST))
        return { kind: 'fault', fault: validated({ type: 'partition', at, groups }, known) };
      return { kind: 'partition', groups };
    }
    case 'fault': {
      let f: unknown;
      try {
        f = JSON.parse(args.join(' '));
      } catch {
        throw new CtlError('fault needs one fault as JSON, like {"type":"crash","servers":[2]}');
      }
      const o = f !== null && typeof f === 'object' ? (f as Record<string, unknown>) : {};
      if (o.on !== undefined) throw new CtlError('fault: a control fault happens now (no "on")');
      return { kind: 'fault', fault: validated({ ...o, at }, known) };
    }
    default:
      throw new CtlError(
        `unknown command '${cmd ?? ''}' (commands: ${CTL_USAGE.map((u) => u.split(' ')[0]).join(', ')})`,
      );
  }
}
