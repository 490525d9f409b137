// SyncRequestProcessor of 3.8: appends every txn to the log, group-commits with one fsync for
// everything appended while the previous fsync was in flight, and only then hands the
// requests on. Reads (no txn) overtake nothing: with writes waiting on an fsync they queue
// behind them, keeping each session's order. After snapCount/2 + a random roll of txns the
// log rolls and a snapshot is taken while the log keeps growing. Its Context is its own
// scope (its server's child): shutdown flushes what was appended, then closes it.
import type { Context } from '../actor.ts';
import type { PipelineMetrics } from './PrepRequestProcessor.ts';
import type { Request } from './Request.ts';

export interface SyncTarget {
  /** Append the request's txn to the log; returns the log file appended to. */
  append(request: Request): string;
  rollLog(): void;
  takeSnapshot(): void;
  /** The requests are durable (or need no durability): pass them on. */
  flushed(requests: Request[]): void;
  /** A batch's fsyncs completed and it was passed on; the next batch, if any, is in flight. */
  synced(): void;
  readonly metrics?: PipelineMetrics;
}

export class SyncRequestProcessor {
  private toFlush: Request[] = [];
  private inFlight: Request[] | undefined;
  private pendingFiles = new Set<string>();
  private logCount = 0;
  private randRoll: number;

  constructor(
    private readonly ctx: Context,
    private readonly target: SyncTarget,
    private readonly snapCount: number,
  ) {
    this.randRoll = Math.floor(ctx.random() * (snapCount / 2));
  }

  processRequest(request: Request): void {
    const m = this.target.metrics;
    m?.add('sync_processor_request_queued');
    m?.sample('sync_processor_queue_time_ms', 0);
    m?.sample('sync_processor_queue_size', 0);
    this.queuedAt.set(request, this.ctx.currentElapsedTime()); // request.syncQueueStartTime = Time.currentElapsedTime()
    if (request.hdr) {
      m?.sample('sync_process_time', 0);
      this.pendingFiles.add(this.target.append(request));
      this.toFlush.push(request);
      this.logCount++;
      if (this.logCount > this.snapCount / 2 + this.randRoll) {
        this.randRoll = Math.floor(this.ctx.random() * (this.snapCount / 2));
        this.logCount = 0;
        this.target.rollLog();
        this.target.takeSnapshot();
      }
      this.maybeFlush();
      return;
    }
    // A read: straight on if nothing waits for the disk, else behind the writes.
    if (this.toFlush.length === 0 && this.inFlight === undefined) {
      this.queuedAt.delete(request);
      this.target.flushed([request]);
    } else {
      m?.sample('sync_process_time', 0);
      this.toFlush.push(request);
    }
  }

  private maybeFlush(): void {
    if (this.inFlight !== undefined || this.toFlush.length === 0) return;
    const batch = this.toFlush;
    this.toFlush = [];
    this.target.metrics?.sample('sync_processor_batch_size', batch.length);
    this.flushStart = this.ctx.currentElapsedTime(); // flush(): flushStartTime = Time.currentElapsedTime()
    const files = [...this.pendingFiles];
    this.pendingFiles.clear();
    if (files.length === 0) {
      this.handOn(batch);
      return;
    }
    this.inFlight = batch;
    // One fsync per file touched; the batch goes on when the last completes.
    this.waiting = files.length;
    for (const f of files) this.ctx.fsync(f, () => this.fsynced());
  }

  /** fsyncs of the batch in flight not completed yet. */
  private waiting = 0;

  /** One of the batch's fsyncs completed (FileTxnLog.commit: one fsync per log file). */
  private fsynced(): void {
    // FileTxnLog.commit's fsync time: System.nanoTime() around the fsync.
    this.target.metrics?.sample('fsynctime', this.ctx.currentElapsedTime() - this.flushStart);
    if (--this.waiting > 0) return;
    const batch = this.inFlight!;
    this.inFlight = undefined;
    this.handOn(batch);
    this.maybeFlush();
    this.target.synced();
    this.maybeStopped();
  }

  private onShutdown: (() => void) | undefined;

  /**
   * SyncRequestProcessor.shutdown: 3.8 joins the thread, then flush() — everything appended
   * is fsynced and handed on — before the processor stops. Here the fsyncs in flight (and the
   * requests behind them) complete first; then its scope closes and `flushed` runs (at once
   * if nothing is pending).
   */
  shutdown(flushed: () => void): void {
    this.onShutdown = flushed;
    this.maybeStopped();
  }

  private maybeStopped(): void {
    const done = this.onShutdown;
    if (!done || this.pending() > 0) return;
    this.onShutdown = undefined;
    this.ctx.close();
    done();
  }

  private flushStart = 0;
  private readonly queuedAt = new Map<Request, number>();

  /** The end of flush(): the batch is durable; each request goes on. */
  private handOn(batch: Request[]): void {
    const m = this.target.metrics;
    const now = this.ctx.currentElapsedTime(); // flush(): Time.currentElapsedTime() after the commit
    m?.sample('sync_processor_queue_flush_time_ms', now - this.flushStart);
    for (const r of batch) {
      m?.sample('sync_processor_queue_and_flush_time_ms', now - (this.queuedAt.get(r) ?? now));
      this.queuedAt.delete(r);
    }
    this.target.flushed(batch);
  }

  /** Requests appended but not yet durable (for four-letter words and shutdown). */
  pending(): number {
    return this.toFlush.length + (this.inFlight?.length ?? 0);
  }
}
