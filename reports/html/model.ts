// A run's trace → what the HTML report draws: one lane per node, messages (send → recv,
// paired by connection order), marks on lanes (role and epoch changes, process events,
// faults), shaded spans (down, paused, and what each fault kind's drawing shades, see
// sim/faults/kinds/: partitioned, disk stalled) and per-server tracks of role, epoch and last
// zxid. Built online from runScenario's onEvent, so a long run keeps
// only what is drawn. Rows are arrays, to keep the JSON embedded in the page small.
import type { Violation } from '../../sim/engine/world.ts';
import type { EventOf, TraceEvent } from '../../sim/engine/trace.ts';
import { Pairer, laneOrder } from '../pairing.ts';
import { zxidHex } from '../../protocol/zxid.ts';
import { serversLabel } from '../../sim/faults/kind.ts';
import { firedFault } from '../../sim/faults/registry.ts';

/** [sendIndex, recvIndex (-1: lost), fromLane, toLane, typeIndex, sendUs, recvUs (-1), detail] */
export type MsgRow = [number, number, number, number, number, number, number, string];
export type MarkKind = 'role' | 'epoch' | 'proc' | 'fault' | 'recipe';
/** [traceIndex, us, lane (-1: every lane), kind, label] */
export type MarkRow = [number, number, number, MarkKind, string];
/** down and paused (process spans), or the `shade` of a fault kind's span (sim/faults/kinds/). */
export type SpanKind = 'down' | 'paused' | (string & {});
/** [fromIndex, toIndex, lane (-1: every lane), kind, label, fromUs, toUs] */
export type SpanRow = [number, number, number, SpanKind, string, number, number];
/** [us, traceIndex, role, currentEpoch, lastZxid] — one row per change. */
export type TrackRow = [number, number, string, number, number];

export interface ReportModel {
  lanes: string[];
  types: string[];
  msgs: MsgRow[];
  marks: MarkRow[];
  spans: SpanRow[];
  /** Per lane (servers; clients have none). */
  tracks: TrackRow[][];
  violation: { i: number; t: number; lane: number; checker: string; message: string } | null;
  lastIndex: number;
  endUs: number;
}

interface RawMsg {
  s: number;
  r: number;
  from: string;
  to: string | undefined;
  type: string;
  ts: number;
  tr: number;
  d: string;
}

const DETAIL_MAX = 140;

/** A message's fields other than its type, short: zxids in hex. */
export function messageDetail(msg: object): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(msg)) {
    if (k === 'type') continue;
    let s: string;
    if (typeof v === 'number' && /zxid/i.test(k) && v >= 0) s = zxidHex(v);
    else if (typeof v === 'bigint') s = `0x${v.toString(16)}`;
    else if (typeof v === 'object' && v !== null)
      s = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `0x${x.toString(16)}` : x));
    else s = String(v);
    parts.push(`${k}=${s}`);
  }
  const text = parts.join(' ');
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text;
}

interface Track {
  role: string;
  epoch: number;
  zxid: number;
  rows: [number, number, string, number, number][];
}

export class ReportModelBuilder {
  private readonly pairer = new Pairer<RawMsg>();
  private readonly msgs: RawMsg[] = [];
  private readonly nodes = new Set<string>();
  private readonly marks: [number, number, string | null, MarkKind, string][] = [];
  private readonly spans: [number, number, string | null, SpanKind, string, number, number][] = [];
  /** Open spans by key (`down:s1`, `partition`): until an event, a heal, or a time (untilUs). */
  private readonly open = new Map<
    string,
    { i: number; t: number; node: string | null; kind: SpanKind; label: string; untilUs?: number; untilHeal?: true }
  >();
  private readonly tracks = new Map<string, Track>();
  private last: TraceEvent | undefined;
  /** The node of every trace event (index into nodeNames, -1 none): where a violation happened. */
  private readonly nodeAt: number[] = [];
  private readonly nodeNames: string[] = [];

  readonly onEvent = (ev: TraceEvent): void => {
    this.last = ev;
    if (ev.n && !this.nodes.has(ev.n)) {
      this.nodes.add(ev.n);
      this.nodeNames.push(ev.n);
    }
    this.nodeAt[ev.i] = ev.n ? this.nodeNames.indexOf(ev.n) : -1;
    this.closeTimed(ev);
    this.pairer.observe(ev);
    switch (ev.k) {
      case 'send': {
        const msg = ev.msg;
        const raw: RawMsg = {
          s: ev.i,
          r: -1,
          from: ev.n,
          to: undefined,
          type: msg.type,
          ts: ev.t,
          tr: -1,
          d: messageDetail(msg),
        };
        raw.to = this.pairer.send(ev, raw).to;
        this.msgs.push(raw);
        return;
      }
      case 'recv': {
        const { sent } = this.pairer.recv(ev);
        if (sent) {
          sent.payload.r = ev.i;
          sent.payload.tr = ev.t;
          sent.payload.to ??= ev.n;
        }
        return;
      }
      case 'conn':
        if (ev.what === 'drop') this.pairer.drop(ev);
        return;
      case 'state': {
        const state = ev.state;
        this.mark(ev, ev.n, 'role', `${state}${ev.leader !== null && state !== 'LEADING' ? ` → ${ev.leader}` : ''}`);
        this.track(ev, { role: state.toLowerCase(), zxid: ev.zxid });
        return;
      }
      case 'peer.loaded':
        this.track(ev, { epoch: ev.currentEpoch, zxid: ev.lastZxid });
        return;
      case 'zab.epoch':
        if (ev.file === 'currentEpoch') {
          this.mark(ev, ev.n, 'epoch', `epoch ${ev.value}`);
          this.track(ev, { epoch: ev.value });
        }
        return;
      case 'zab.logged':
      case 'zab.truncate':
      case 'zab.snap':
        this.track(ev, { zxid: ev.zxid });
        return;
      case 'proc':
        return this.onProc(ev);
      case 'fault':
        return this.onFault(ev);
      case 'recipe':
        return this.onRecipe(ev);
    }
  };

  /** What a recipe's client believes: a span while it holds, marks when it takes and lets go, and each write fenced off. */
  private onRecipe(ev: EventOf<'recipe'>): void {
    const n = ev.n;
    // the data recipes' (config, membership, queue, barrier) hold no role: a mark for what the application did
    if (!('role' in ev)) {
      const label = dataRecipeLabel(ev);
      if (label !== undefined) this.mark(ev, n, 'recipe', label);
      return;
    }
    const what = ev.role === 'master' ? 'master' : 'the lock';
    if (ev.what === 'acquired') {
      this.mark(
        ev,
        n,
        'recipe',
        `${ev.role === 'master' ? 'becomes master' : 'holds the lock'} (token ${zxidHex(ev.token)})`,
      );
      if (!this.open.has(`holds:${n}`))
        this.open.set(`holds:${n}`, { i: ev.i, t: ev.t, node: n, kind: 'holds', label: `holds ${what}` });
    } else if (ev.what === 'released') {
      this.mark(ev, n, 'recipe', `lets go of ${what} (${ev.why})`);
      this.close(`holds:${n}`, ev);
    } else if (ev.what === 'write' && !ev.accepted)
      this.mark(ev, n, 'recipe', `write rejected: token ${zxidHex(ev.token)} < ${zxidHex(ev.highest)}`);
  }

  private mark(ev: TraceEvent, node: string | null, kind: MarkKind, label: string): void {
    this.marks.push([ev.i, ev.t, node, kind, label]);
  }

  /** A change of a server's track, at an event on that server. */
  private track(
    ev: { i: number; t: number; n: string },
    change: Partial<Pick<Track, 'role' | 'epoch' | 'zxid'>>,
  ): void {
    const n = ev.n;
    if (!/^s\d+$/.test(n)) return;
    let tr = this.tracks.get(n);
    if (!tr) this.tracks.set(n, (tr = { role: 'down', epoch: 0, zxid: 0, rows: [[0, 0, 'down', 0, 0]] }));
    const next = { role: change.role ?? tr.role, epoch: change.epoch ?? tr.epoch, zxid: change.zxid ?? tr.zxid };
    if (next.role === tr.role && next.epoch === tr.epoch && next.zxid === tr.zxid) return;
    Object.assign(tr, next);
    const lastRow = tr.rows[tr.rows.length - 1]!;
    const row: [number, number, string, number, number] = [ev.t, ev.i, next.role, next.epoch, next.zxid];
    if (lastRow[0] === ev.t) tr.rows[tr.rows.length - 1] = row;
    else tr.rows.push(row);
  }

  private onProc(ev: EventOf<'proc'>): void {
    const n = ev.n;
    const what = ev.what;
    this.mark(ev, n, 'proc', ev.what === 'exit' ? `exit: ${ev.reason}` : what);
    if (what === 'crash' || what === 'exit') {
      this.close(`paused:${n}`, ev);
      this.close(`holds:${n}`, ev);
      if (!this.open.has(`down:${n}`))
        this.open.set(`down:${n}`, {
          i: ev.i,
          t: ev.t,
          node: n,
          kind: 'down',
          label: what === 'exit' ? 'exited' : 'crashed',
        });
      this.track(ev, { role: 'down' });
    } else if (what === 'start') {
      this.close(`down:${n}`, ev);
      this.track(ev, { role: 'starting' });
    } else if (what === 'pause') {
      this.open.set(`paused:${n}`, { i: ev.i, t: ev.t, node: n, kind: 'paused', label: 'paused' });
    } else if (what === 'resume') {
      this.close(`paused:${n}`, ev);
    }
  }

  /** A fault: a mark on every lane labelled as its kind draws it, and its kind's span, if any. */
  private onFault(ev: EventOf<'fault'>): void {
    const { kind, fault } = firedFault(ev);
    const drawing = kind?.report;
    const client = (fault as { client?: unknown }).client;
    const label = drawing
      ? drawing.label(fault)
      : typeof client === 'string'
        ? `${serversLabel(fault).replace(fault.type, `${fault.type} ${client} |`)}`
        : serversLabel(fault);
    this.mark(ev, null, 'fault', label);
    const span = drawing?.span;
    if (span && 'until' in span) {
      let k = span.shade;
      for (let j = 1; this.open.has(k); j++) k = `${span.shade}#${j}`;
      this.open.set(k, { i: ev.i, t: ev.t, node: null, kind: span.shade, label, untilHeal: true });
    } else if (span) {
      const untilUs = ev.t + span.ms(fault) * 1000;
      for (const s of span.lanes(fault))
        this.open.set(`${span.shade}:s${s}:${ev.i}`, {
          i: ev.i,
          t: ev.t,
          node: `s${s}`,
          kind: span.shade,
          label,
          untilUs,
        });
    }
    if (drawing?.heals) for (const [key, o] of [...this.open]) if (o.untilHeal) this.close(key, ev);
  }

  private close(key: string, ev: TraceEvent): void {
    const o = this.open.get(key);
    if (!o) return;
    this.open.delete(key);
    this.spans.push([o.i, ev.i, o.node, o.kind, o.label, o.t, ev.t]);
  }

  private closeTimed(ev: TraceEvent): void {
    if (this.open.size === 0) return;
    for (const [key, o] of this.open) if (o.untilUs !== undefined && ev.t >= o.untilUs) this.close(key, ev);
  }

  /** The model, once the run is over. */
  finish(violations: readonly Violation[], endUs?: number): ReportModel {
    const lastIndex = this.last?.i ?? 0;
    const end = Math.max(endUs ?? 0, this.last?.t ?? 0);
    for (const [key, o] of [...this.open]) {
      this.open.delete(key);
      this.spans.push([
        o.i,
        lastIndex,
        o.node,
        o.kind,
        o.label,
        o.t,
        o.untilUs !== undefined ? Math.min(o.untilUs, end) : end,
      ]);
    }
    const lanes = laneOrder(this.nodes);
    const laneOf = new Map(lanes.map((n, j) => [n, j]));
    const lane = (n: string | null | undefined) => (n == null ? -1 : (laneOf.get(n) ?? -1));
    const types = [...new Set(this.msgs.map((m) => m.type))].sort();
    const typeOf = new Map(types.map((t, j) => [t, j]));
    const v = violations[0];
    return {
      lanes,
      types,
      msgs: this.msgs.map((m) => [m.s, m.r, lane(m.from), lane(m.to ?? m.from), typeOf.get(m.type)!, m.ts, m.tr, m.d]),
      marks: this.marks.map(([i, t, n, kind, label]) => [i, t, lane(n), kind, label]),
      spans: this.spans
        .sort((a, b) => a[0] - b[0])
        .map(([a, b, n, kind, label, ta, tb]) => [a, b, lane(n), kind, label, ta, tb]),
      tracks: lanes.map((n) => this.tracks.get(n)?.rows ?? []),
      violation: v
        ? {
            i: v.event,
            t: Math.round(v.time * 1000),
            lane: lane(this.nodeNames[this.nodeAt[v.event] ?? -1]),
            checker: v.checker,
            message: v.message,
          }
        : null,
      lastIndex,
      endUs: end,
    };
  }
}

/** A data recipe event's mark in the report (sim/engine/data-recipe-events.ts); undefined: not drawn. */
function dataRecipeLabel(ev: EventOf<'recipe'>): string | undefined {
  switch (ev.what) {
    case 'config-write':
      return `publishes ${ev.value} (version ${ev.version})`;
    case 'config-write-unknown':
      return `publish of ${ev.value}: ConnectionLoss, outcome unknown`;
    case 'config-seen':
      return `reads ${ev.value ?? 'null'} (version ${ev.version})`;
    case 'member-joined':
      return `registers ${ev.node}`;
    case 'member-left':
      return `leaves ${ev.node}`;
    case 'members-seen':
      return `sees ${ev.members.length} member(s)`;
    case 'queue-put':
      return `puts ${ev.item}`;
    case 'queue-took':
      return `takes ${ev.item}`;
    case 'barrier-arrived':
      return `arrives in round ${ev.round}`;
    case 'barrier-passed':
      return `passes the enter barrier of round ${ev.round}`;
    case 'barrier-left':
      return `leaves the barrier of round ${ev.round}`;
    default:
      return undefined;
  }
}
