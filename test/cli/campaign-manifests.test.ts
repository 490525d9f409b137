// The campaign manifests (.github/workflows/campaign.yml, .ci/k8s/*.yaml): valid against the
// GitHub Actions workflow schema (SchemaStore's, via action-validator) and the Kubernetes API
// schemas (kubernetes-models), and their shard arithmetic covers the seed range exactly once —
// the union of the shards' seeds is the range, and no seed is run by two shards.
import { readFileSync } from 'node:fs';
import { validateWorkflow } from '@action-validator/core';
import { PersistentVolumeClaim } from 'kubernetes-models/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { parseSeedRange, parseShard, seedList } from '../../sim/harness/fuzz.ts';

const root = new URL('../../', import.meta.url);
const text = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** Every seed of `range` is in exactly one of the shards `1/n .. n/n` (as `--shard` reads them). */
function expectShardsCover(range: string, shardArgs: string[]): void {
  const r = parseSeedRange(range);
  expect(r, `seed range ${range}`).toBeDefined();
  const seen = new Map<number, string>();
  for (const arg of shardArgs) {
    const shard = parseShard(arg);
    expect(shard, `--shard ${arg}`).toBeDefined();
    for (const seed of seedList(r!, shard)) {
      expect(seen.get(seed), `seed ${seed} in shards ${seen.get(seed)} and ${arg}`).toBeUndefined();
      seen.set(seed, arg);
    }
  }
  expect(seen.size).toBe(r!.to - r!.from + 1);
}

describe('the GitHub Actions campaign workflow', () => {
  const src = text('.github/workflows/campaign.yml');
  const wf = parse(src);

  it('is a valid workflow (SchemaStore github-workflow schema)', () => {
    expect(validateWorkflow(src).errors).toEqual([]);
    // the validator does reject a broken one
    expect(validateWorkflow(src.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest')).errors).not.toEqual([]);
  });

  it('its matrix is the shards 1..SHARDS, and they cover SEEDS exactly once', () => {
    const n = Number(wf.env.SHARDS);
    expect(wf.jobs.shard.strategy.matrix.shard).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const run = wf.jobs.shard.steps.map((s: { run?: string }) => s.run ?? '').find((r: string) => r.includes('fuzz'));
    expect(run).toContain('--shard ${{ matrix.shard }}/${{ env.SHARDS }}');
    const args = wf.jobs.shard.strategy.matrix.shard.map((i: number) => `${i}/${n}`);
    expectShardsCover(wf.env.SEEDS, args);
    expect(wf.jobs.merge.needs).toBe('shard');
    expect(wf.jobs.merge.steps.at(-1).run).toBe('npx zksim fuzz-merge shards/shard-*');
  });
});

describe('the Kubernetes campaign Jobs', () => {
  const docs = parseAllDocuments(text('.ci/k8s/campaign-job.yaml')).map((d) => d.toJS());
  const merge = parse(text('.ci/k8s/campaign-merge.yaml'));
  const job = docs.find((d) => d.kind === 'Job');

  it('are valid against the Kubernetes API schemas', () => {
    for (const d of docs) (d.kind === 'Job' ? new Job(d) : new PersistentVolumeClaim(d)).validate();
    new Job(merge).validate();
    expect(() => new Job({ ...job, spec: { ...job.spec, completionMode: 'Sharded' } }).validate()).toThrow(
      /completionMode/,
    );
  });

  it('an Indexed Job of SHARDS pods whose indexes 0..N-1 are the shards 1/N..N/N, covering SEEDS once', () => {
    const c = job.spec.template.spec.containers[0];
    const env = Object.fromEntries(c.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    const n = Number(env.SHARDS);
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: n, parallelism: n });
    const script: string = c.args[0];
    expect(script).toContain('shard=$((JOB_COMPLETION_INDEX + 1))');
    expect(script).toContain('--shard "$shard/$SHARDS" --out "/results/shard-$shard"');
    const args = Array.from({ length: n }, (_, index) => `${index + 1}/${n}`); // JOB_COMPLETION_INDEX = index
    expectShardsCover(env.SEEDS, args);
    // the merge Job reads the same volume the shards wrote
    expect(merge.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe(
      job.spec.template.spec.volumes[0].persistentVolumeClaim.claimName,
    );
  });

  it('a shard arithmetic that skips or repeats seeds is caught', () => {
    expect(() => expectShardsCover('1..100', ['1/4', '2/4', '3/4'])).toThrow();
    expect(() => expectShardsCover('1..100', ['1/2', '2/2', '2/2'])).toThrow();
  });
});
