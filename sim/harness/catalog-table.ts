// The bug catalog as the README's table: one row per entry of BUG_CATALOG, what finds it and
// where its measured campaign first did (test/bugs/campaigns.test.ts runs that seed again), or
// that no campaign has and which deterministic test shows it. `zksim list bugs --markdown`
// prints it; test/bugs/catalog.test.ts checks the README holds exactly this table, so the
// README's seeds are the catalog's.
import { BUG_CATALOG, type CatalogBug } from './bugs.ts';
import { RELEASES, releaseHas } from './releases.ts';

export const CATALOG_TABLE_BEGIN = '<!-- catalog table: zksim list bugs --markdown -->';
export const CATALOG_TABLE_END = '<!-- end of catalog table -->';

function found(b: CatalogBug): string {
  if (b.campaign) {
    const c = b.campaign;
    return `seed ${c.firstSeed}, ${c.servers} servers, ${c.swarm ? '`--swarm`' : 'plain'}`;
  }
  return `none yet; shown by \`${b.unfound?.test ?? '?'}\``;
}

function releases(b: CatalogBug): string {
  const with38 = RELEASES.filter((r) => releaseHas(r.name, b)).map((r) => r.name);
  if (with38.length === 0) return 'none';
  if (with38.length === RELEASES.length) return 'all';
  return with38.length === 1 ? with38[0]! : `${with38[0]}–${with38.at(-1)}`;
}

/** The markdown table, between its two marker lines. */
export function catalogTable(): string {
  const rows = [
    '| bug | component | found by | also by | first detecting seed (faults scenario) | fixed in | 3.8 releases with it |',
    '|---|---|---|---|---|---|---|',
    ...BUG_CATALOG.map(
      (b) =>
        `| [${b.id}](${b.jira}) | ${b.component} | \`${b.expectedChecker}\` | ${
          (b.alsoFoundBy ?? []).map((c) => `\`${c}\``).join(', ') || '—'
        } | ${found(b)} | ${b.fixedIn ?? 'open'} | ${releases(b)} |`,
    ),
  ];
  return [CATALOG_TABLE_BEGIN, ...rows, CATALOG_TABLE_END].join('\n');
}
