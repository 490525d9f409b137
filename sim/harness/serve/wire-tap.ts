// What a real client does, read off its connection's bytes (zksim serve): the simulated client
// host sees both directions and traces them as the simulated client library would — client.call
// for each request, client.return for each reply, client.event for each watch event,
// client.connected / client.expired for the connect response, and ConnectionLoss for every
// call still pending when the connection closes — so the checkers that judge clients (durability,
// client-consistency, session, liveness) judge real ones too. It only reads: a stream it cannot
// parse is left alone (the server decides what it means).
import type { Context } from '../../../protocol/actor.ts';
import { callFields, returnFields } from '../../../protocol/client/call-trace.ts';
import { Code } from '../../../protocol/errors.ts';
import { BinaryInputArchive } from '../../../protocol/jute/archive.ts';
import {
  readConnectRequest,
  readConnectResponse,
  readReplyHeader,
  readRequestHeader,
  readWatcherEvent,
} from '../../../protocol/jute/records.ts';
import { readRequest, simulatedOp } from '../../../protocol/jute/requests.ts';
import { readResponse } from '../../../protocol/jute/responses.ts';
import { FrameReader } from '../../../protocol/jute/frames.ts';
import { fromHex } from '../../../protocol/jute/utf8.ts';
import type { RequestBody } from '../../../protocol/proto.ts';
import type { ProtocolTraceEvents } from '../../../protocol/trace.ts';
import { OpCode } from '../../../protocol/server/txn.ts';

/** Splits a byte stream into frames as they complete (a stream that is not jute, a four-letter word or a bad length, is left alone). */
class Frames {
  private readonly reader = new FrameReader(0x1000000);

  push(hex: string): Uint8Array[] {
    return this.reader.push(fromHex(hex));
  }
}

interface Pending {
  op: number;
  path: string;
}

/** The watch a request asks for (as protocol/client/ZooKeeper.ts traces it), if any. */
function watchOf(op: number, b: RequestBody): 'exist' | 'data' | 'child' | 'persistent' | 'recursive' | undefined {
  const o = b as { watch?: boolean; mode?: number };
  if (op === OpCode.addWatch) return o.mode === 1 ? 'recursive' : 'persistent';
  if (!o.watch) return undefined;
  if (op === OpCode.exists) return 'exist';
  if (op === OpCode.getData) return 'data';
  if (op === OpCode.getChildren || op === OpCode.getChildren2) return 'child';
  return undefined;
}

export class WireTap {
  private readonly up = new Frames();
  private readonly down = new Frames();
  private connectSeen = false;
  private responseSeen = false;
  /** The session: the one asked for, then the one the server gave. */
  private session = 0n;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly ctx: Context,
    /** The server's client address, for client.connected. */
    private readonly server: string,
  ) {}

  get serverAddr(): string {
    return this.server;
  }

  /** The stream began with a four-letter word, not a connect request. */
  fourLetterWord = false;

  /** Bytes the real client sent. */
  sent(hex: string): void {
    if (!this.connectSeen && !this.fourLetterWord && /^[0-9a-f]{8}/.test(hex)) {
      const len = Number.parseInt(hex.slice(0, 8), 16);
      this.fourLetterWord =
        len >= 0x20000000 && len < 0x80000000 && /^[a-z]{4}$/.test(String.fromCharCode(...fromHex(hex.slice(0, 8))));
    }
    for (const f of this.up.push(hex)) {
      try {
        this.request(f);
      } catch {
        // not ours to judge
      }
    }
  }

  private request(f: Uint8Array): void {
    const a = new BinaryInputArchive(f);
    if (!this.connectSeen) {
      this.connectSeen = true;
      const { req } = readConnectRequest(a);
      this.session = req.sessionId;
      this.ctx.trace('client.connecting', { server: this.server, session: this.session });
      return;
    }
    const h = readRequestHeader(a);
    // Negative xids are the special ones (ping -2, auth -4, setWatches -8); node-zookeeper-client counts from 0.
    if (h.xid < 0 || !simulatedOp(h.type) || h.type === OpCode.ping) return;
    const body = readRequest(h.type, a);
    const o = body as { path?: string; prefixPath?: string };
    const call: Pending = { op: h.type, path: o.path ?? o.prefixPath ?? '' };
    this.pending.set(h.xid, call);
    const watch = watchOf(h.type, body);
    this.ctx.trace('client.call', {
      session: this.session,
      xid: h.xid,
      ...call,
      ...callFields(body),
      ...(watch ? { watch } : {}),
    });
  }

  /** Bytes the server sent to the real client. */
  received(hex: string): void {
    for (const f of this.down.push(hex)) {
      try {
        this.reply(f);
      } catch {
        // not ours to judge
      }
    }
  }

  private reply(f: Uint8Array): void {
    const a = new BinaryInputArchive(f);
    if (!this.responseSeen) {
      this.responseSeen = true;
      const r = readConnectResponse(a);
      if (r.timeOut <= 0) {
        this.ctx.trace('client.expired', { session: this.session });
        return;
      }
      this.session = r.sessionId;
      this.ctx.trace('client.connected', { session: r.sessionId, timeout: r.timeOut, server: this.server });
      return;
    }
    const h = readReplyHeader(a);
    if (h.xid === -1) {
      const e = readWatcherEvent(a);
      this.ctx.trace('client.event', {
        session: this.session,
        type: e.type,
        state: e.state,
        path: e.path,
        watchers: 1,
      });
      return;
    }
    const call = this.pending.get(h.xid);
    if (!call) return;
    this.pending.delete(h.xid);
    const ret: ProtocolTraceEvents['client.return'] = {
      session: this.session,
      xid: h.xid,
      op: call.op,
      path: call.path,
      rc: h.err,
      zxid: h.zxid,
    };
    // What the reply carries, as ZooKeeper.finish traces it for the simulated client: the data
    // read, the version of the stat returned, the path created (not the request's data/version).
    if (h.err === 0) {
      const f = returnFields(readResponse(call.op, a));
      if (call.op === OpCode.sync) delete f.created;
      Object.assign(ret, f);
    }
    this.ctx.trace('client.return', ret);
  }

  /** The connection closed: what was pending failed with ConnectionLoss, as the client library reports it. */
  closed(): void {
    if (this.responseSeen) this.ctx.trace('client.disconnected', { session: this.session });
    for (const [xid, call] of this.pending) {
      this.ctx.trace('client.return', {
        session: this.session,
        xid,
        op: call.op,
        path: call.path,
        rc: Code.CONNECTIONLOSS,
        zxid: -1,
      });
    }
    this.pending.clear();
  }
}
