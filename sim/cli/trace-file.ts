// --trace FILE: JSONL streamed to FILE.tmp in chunks, renamed into place when the run ends,
// so a failed run never leaves half a trace under the real name.
import { closeSync, existsSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { UsageError } from './args.ts';
import { checkWritable } from './files.ts';

export class TraceFile {
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;
  private readonly tmp: string;

  constructor(readonly path: string) {
    checkWritable('--trace', path);
    this.tmp = `${path}.tmp`;
    try {
      this.fd = openSync(this.tmp, 'w');
    } catch (e) {
      throw new UsageError(`--trace: cannot write ${this.tmp} (${(e as NodeJS.ErrnoException).code})`);
    }
  }

  readonly write = (line: string): void => {
    this.buf.push(line);
    this.size += line.length + 1;
    if (this.size > 1 << 16) this.flush();
  };

  private flush(): void {
    if (this.buf.length === 0) return;
    writeSync(this.fd, `${this.buf.join('\n')}\n`);
    this.buf = [];
    this.size = 0;
  }

  commit(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }

  abort(): void {
    closeSync(this.fd);
    if (existsSync(this.tmp)) unlinkSync(this.tmp);
  }
}
