// Outside JSON (fault plans, replay files, fuzz summaries) parsed and validated with zod into
// one-line errors that name the file kind and the field: "replay file options.servers: ...".
import type { z } from 'zod';

export function parseJsonWith<S extends z.ZodTypeAny>(
  text: string,
  schema: S,
  what: string,
  fail: (message: string) => Error,
  preCheck?: (raw: unknown) => void,
): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw fail(`${what} is not JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  preCheck?.(raw);
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path
      .map((p: PropertyKey) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    throw fail(`${what} ${path || '(root)'}: ${issue.message}`);
  }
  return r.data;
}

/** A versioned file: a version newer than this zksim reads is named as such, before the schema. */
export function versionCheck(what: string, reads: number, fail: (message: string) => Error) {
  return (raw: unknown): void => {
    const version = (raw as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > reads)
      throw fail(`${what} version ${version} is newer than this zksim reads (${reads})`);
  };
}
