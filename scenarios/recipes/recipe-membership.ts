// recipe-membership and recipe-registry: group membership (GroupMembers, ephemeral-sequential)
// and the service registry (providers' addresses as ephemerals), scenarios/recipes/membership.ts,
// under the faults scenario's faults and client process faults. The first half of c1..cN
// (rounded up) are members / providers, the rest consumers.
import type { Scenario } from '../../sim/harness/scenario.ts';
import { MembershipChecker } from '../../sim/checkers/membership.ts';
import { FAULTS_HEAL_MS } from '../faults.ts';
import { type DataRecipeOptions, dataRecipeOptions } from './data-options.ts';
import {
  type AppFactory,
  RECIPE_SESSION_MS,
  RECIPE_STOP_MS,
  buildDataRecipe,
  connectStringOf,
} from './data-scenario.ts';
import { GROUP, GroupConsumer, type GroupShape, Member, REGISTRY } from './membership.ts';

/** How long after a change (or the heal) every consumer must show it. */
export const MEMBERSHIP_BOUND_MS = 20_000;

function membershipScenario(name: string, shape: GroupShape, summary: string): Scenario<DataRecipeOptions> {
  return {
    name,
    summary,
    checks: ['membership', 'every safety checker', 'liveness'],
    options: dataRecipeOptions,
    build(world, opts, roles) {
      const o = dataRecipeOptions.resolve(opts);
      const base = {
        connectString: connectStringOf(o.servers + o.observers),
        sessionTimeoutMs: RECIPE_SESSION_MS,
        stopAfterMs: RECIPE_STOP_MS,
        shape,
      };
      const members = Math.ceil(o.clients / 2);
      const apps: AppFactory[] = Array.from({ length: o.clients }, (_, i) =>
        i < members
          ? (ctx, note) => new Member(ctx, { ...base, note, index: i + 1 })
          : (ctx, note) => new GroupConsumer(ctx, { ...base, note, naive: o.naive === true }),
      );
      const checker = new MembershipChecker(shape.parent, {
        healMs: FAULTS_HEAL_MS,
        sessionTimeoutMs: RECIPE_SESSION_MS,
        boundMs: MEMBERSHIP_BOUND_MS,
      });
      return buildDataRecipe(
        world,
        { ...opts, ...o },
        roles,
        apps,
        [checker],
        `every consumer lists every live member and drops every gone one within ${MEMBERSHIP_BOUND_MS} ms of the change or the heal`,
      );
    },
  };
}

export const recipeMembership = membershipScenario(
  'recipe-membership',
  GROUP,
  'group membership (seed 002 集群管理): members register ephemeral-sequential /GroupMembers/<client>-N, consumers getChildren with a watch and pull; --naive: a consumer sets no watch on its new session after an expiry',
);

export const recipeRegistry = membershipScenario(
  'recipe-registry',
  REGISTRY,
  'service registry (seed 002 服务的注册与发现): providers register ephemeral /HelloWorldService/1.0.0/<ip:port>, consumers getChildren with a watch and pull; --naive as recipe-membership',
);
