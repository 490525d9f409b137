// --trace FILE: JSONL streamed to FILE.tmp in chunks, renamed into place when the run ends,
// so a failed run never leaves half a trace under the real name.
import { closeSync, existsSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './args.ts';

export class TraceFile {
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;
  private readonly tmp: string;

  constructor(readonly path: string) {
    const dir = dirname(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new UsageError(`--trace: directory ${dir} does not exist`);
    if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--trace: ${path} is a directory`);
    this.tmp = `${path}.tmp`;
    this.fd = openSync(this.tmp, 'w');
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
