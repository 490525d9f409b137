// A four-letter word over a real TCP connection, as `echo CMD | nc HOST PORT` sends it: for
// `zksim 4lw` and `zksim status` against a served ensemble (zksim serve) or a real server.
import { createConnection } from 'node:net';

/** The answer ('' if the server closed without one, or nothing listens there). */
export function fourLetterWordTcp(addr: string, cmd: string, timeoutMs = 5000): Promise<string> {
  const colon = addr.lastIndexOf(':');
  const host = addr.slice(0, colon);
  const port = Number(addr.slice(colon + 1));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s = createConnection(port, host);
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, timeoutMs);
    s.on('connect', () => {
      s.write(cmd);
      s.end();
    });
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('close', done);
    s.on('error', () => {});
  });
}
