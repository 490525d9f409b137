// How each recorded fixture's server was set up (test/fixtures/zk38/README.md, record/*.py):
// the README's standalone zoo.cfg, fresh dataDir, and the JVM flags some recordings used
// (given here as zoo.cfg lines, which the simulated server reads the same way).
import { type ReplayOptions, fixtureConfig } from './transcript.ts';

export const FIXTURES: Record<string, ReplayOptions> = {
  'zkcli-basic': { config: (p) => fixtureConfig('srv-basic', p) },
  // Timing-sensitive: sessions of crashed zkCli processes expire 30 s later, between given
  // commands (see ReplayOptions.stepMs).
  'zkcli-errors': { config: (p) => fixtureConfig('srv-errors', p) },
  'zkcli-acl': { config: (p) => fixtureConfig('srv-acl', p) },
  'zkcli-watch': { config: (p) => fixtureConfig('srv-watch', p) },
  'zkcli-quota': { config: (p) => fixtureConfig('srv-quota', p) },
  // -Dzookeeper.enforceQuota=true
  'zkcli-quota-enforced': { config: (p) => fixtureConfig('srv-quota2', p, ['zookeeper.enforceQuota=true']) },
  // -Dzookeeper.extendedTypesEnabled=true -Dznode.container.checkIntervalMs=1000
  'zkcli-ttl-container': { config: (p) => fixtureConfig('srv-ttl', p, ['zookeeper.extendedTypesEnabled=true', 'znode.container.checkIntervalMs=1000']) },
  'zxid-consumption': { config: (p) => fixtureConfig('srv-zxid', p) },
  // The second server (port 24840) has no 4lw.commands.whitelist line (3.8's default whitelist)
  // and was started by hand, without the driver's ruok probe.
  '4lw': { config: (p, i) => (i === 1 ? fixtureConfig('srv-4lw-default', p, [], false) : fixtureConfig('srv-4lw', p)), readyProbe: (_p, i) => i === 0 },
};
