// Run the zksim CLI in-process, as the tests drive it: exit code and what it printed.
import { main } from '../../sim/cli/main.ts';

export async function zksim(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
