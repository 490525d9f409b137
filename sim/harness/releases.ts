// ZooKeeper 3.8 release profiles (`--zk 3.8.N`): which catalog bugs each release still has,
// from each bug's affects/fixedIn (sim/harness/bugs.ts; fixedIn read from the apache/zookeeper
// release tags). A run of a release switches those bugs on at their code paths; `--bug` adds
// more on top. The default is the newest 3.8 release, which has none of the fixed ones. The
// catalog's open JIRAs (no fixedIn: every release has them) are not switched on by a release:
// zksim runs them with the fix the JIRA asks for unless `--bug` names them, so that a sweep of
// the default looks for what nobody has filed yet (`zksim list bugs` names the releases they
// are in) — except those that are how 3.8 itself behaves (protocol/bugs.ts IN_EVERY_RELEASE:
// ZK-1549, the lead() snapshot a TRUNC reloads): every profile has them on, the default too,
// and a run turns one off only with its fix's option (--no-lead-snapshot). A clean sweep of the
// default can so fail on them: that is 3.8 (3-server --swarm seed 161 of 1..300 does); a sweep
// that should show only new findings runs with --no-lead-snapshot.
import { type BugId, IN_EVERY_RELEASE } from '../../protocol/bugs.ts';
import { BUG_CATALOG, type CatalogBug } from './bugs.ts';

export interface Release {
  /** The version, as `--zk` takes it. */
  readonly name: string;
  /** The apache/zookeeper git tag of the release. */
  readonly tag: string;
  /** The release date (the tag's commit date). */
  readonly date: string;
}

export const RELEASES = [
  { name: '3.8.0', tag: 'release-3.8.0-1', date: '2022-02-25' },
  { name: '3.8.1', tag: 'release-3.8.1', date: '2023-01-25' },
  { name: '3.8.2', tag: 'release-3.8.2', date: '2023-07-05' },
  { name: '3.8.3', tag: 'release-3.8.3', date: '2023-10-05' },
  { name: '3.8.4', tag: 'release-3.8.4', date: '2024-02-12' },
  { name: '3.8.5', tag: 'release-3.8.5', date: '2025-09-03' },
  { name: '3.8.6', tag: 'release-3.8.6', date: '2026-01-28' },
] as const satisfies readonly Release[];

export type ReleaseName = (typeof RELEASES)[number]['name'];
export const RELEASE_NAMES = RELEASES.map((r) => r.name) as [ReleaseName, ...ReleaseName[]];
/** The newest 3.8 release: what a run without `--zk` is. */
export const DEFAULT_RELEASE: ReleaseName = RELEASES[RELEASES.length - 1]!.name;

/** Compare dotted versions numerically ("3.4.10" after "3.4.9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether a release has a catalog bug: at or after its affects version, before its fix (if any release has one). */
export function releaseHas(release: string, bug: CatalogBug): boolean {
  return (
    compareVersions(bug.affects, release) <= 0 &&
    (bug.fixedIn === undefined || compareVersions(release, bug.fixedIn) < 0)
  );
}

/** An open JIRA whose behaviour the release profiles keep on, as 3.8 has it (protocol/bugs.ts IN_EVERY_RELEASE). */
function onInReleases(b: CatalogBug): boolean {
  return b.fixedIn === undefined && IN_EVERY_RELEASE.includes(b.id);
}

/**
 * The catalog bugs a release profile switches on, in catalog order: the fixed ones it still
 * has, and the open JIRAs that are 3.8's own behaviour (IN_EVERY_RELEASE: ZK-1549), not the
 * other open ones.
 */
export function releaseBugs(release: ReleaseName): BugId[] {
  return BUG_CATALOG.filter((b) => (b.fixedIn !== undefined || onInReleases(b)) && releaseHas(release, b)).map(
    (b) => b.id,
  );
}

/** The catalog's other open JIRAs a release has (every release from their affects version on): on only with --bug. */
export function openBugs(release: ReleaseName): BugId[] {
  return BUG_CATALOG.filter((b) => b.fixedIn === undefined && !onInReleases(b) && releaseHas(release, b)).map(
    (b) => b.id,
  );
}

/** The bugs a run has: its release's (the default's when none is named), then any --bug on top. */
export function runBugs(release: ReleaseName | undefined, extra: readonly BugId[] = []): BugId[] {
  const bugs = releaseBugs(release ?? DEFAULT_RELEASE);
  for (const b of extra) if (!bugs.includes(b)) bugs.push(b);
  return bugs;
}

export interface ReleaseRow extends Release {
  default: boolean;
  /** The catalog bugs this release has that the default does not. */
  bugs: BugId[];
  /** The catalog's open JIRAs it has too (on only with --bug). */
  open: BugId[];
  /** What differs from the default, for people. */
  differs: string;
}

/** `zksim list releases`: each release, its date and what it has that the default does not. */
export function releaseRows(): ReleaseRow[] {
  const base = new Set(releaseBugs(DEFAULT_RELEASE));
  return RELEASES.map((r) => {
    const bugs = releaseBugs(r.name).filter((b) => !base.has(b));
    const isDefault = r.name === DEFAULT_RELEASE;
    return {
      ...r,
      default: isDefault,
      bugs,
      open: openBugs(r.name),
      differs: isDefault ? 'the default' : bugs.length === 0 ? 'as the default' : describeDiff(bugs),
    };
  });
}

function describeDiff(bugs: BugId[]): string {
  const order = bugs.includes('ZK-4643') && bugs.includes('ZK-4646');
  const named = bugs.join(', ');
  return order
    ? `${named}: Learner.syncWithLeader at NEWLEADER writes currentEpoch, queues the synced txns to the log and ACKs without waiting for their fsync, the SyncThread's PROPOSAL ACKs racing that ACK (fixed in 3.8.5 by ZOOKEEPER-4785)`
    : named;
}
