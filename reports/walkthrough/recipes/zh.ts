// 配方演练的中文文本, 用种子 002 第 8 节 (应用) 的说法。
import { eventTypeName } from '../../../protocol/data.ts';
import type { RecipeBook, RecipeWalkthroughName } from './book.ts';
import { token } from './book.ts';

const held = (name: RecipeWalkthroughName) => (name === 'recipe-lock' ? '锁' : 'Master');

export const recipeZh: RecipeBook = {
  lang: 'zh',
  title: (name, seed) => `zksim 演练: ${name} (种子 ${seed})`,
  intro: (name) => [
    name === 'recipe-lock'
      ? '种子 002 的排他锁: 把ZooKeeper上的一个ZNode看作是一个锁。所有客户端都去 /exclusive_lock 节点下创建临时子节点 /exclusive_lock/lock, ZooKeeper 会保证最终只有一个客户端能够创建成功, 那么就可以认为该客户端获得了锁。所有没有获取到锁的客户端就需要到 /exclusive_lock 节点上注册一个子节点变更的Watcher监听。lock 节点被删除时 (获得锁的客户端正常执行完业务逻辑后主动删除, 或者它的会话结束、临时节点随之删除), ZooKeeper 会通知这些客户端, 它们再次重新发起分布式锁获取。'
      : '种子 002 的Master选举: 多个客户端请求创建同一个临时节点 /master_election/master, 只有一个客户端请求能够创建成功, 成功创建该节点的客户端所在的机器就成为了Master。其他没有成功创建该节点的客户端, 都会在 /master_election 上注册一个子节点变更的 Watcher, 用于监控当前 Master 机器是否存活, 一旦发现当前的Master挂了, 就重新进行 Master 选举。',
    `这里两个客户端 c1 和 c2 连着三台服务器运行它, 会话超时时间 4 秒; 持有${held(name)}的客户端每 200 ms 写一次受保护的资源。c2 先得到${held(name)}, 然后它的进程被暂停 6 秒 (一次长 GC、SIGSTOP), 比会话超时还长。同一个故事跑两遍: 不加 fencing, 以及加 fencing (--fencing: 每次写带上给写者带来${held(name)}的那个节点的 czxid, 资源拒绝比它见过的最大值小的令牌)。下面每一步都读自一次真实运行的 trace; 检查器看着每一步。`,
  ],
  part: (fencing) => (fencing ? '加 fencing (--fencing)' : '不加 fencing'),
  step(name, s) {
    switch (s.k) {
      case 'start':
        return `客户端 ${s.client} 启动`;
      case 'session':
        return `${s.client} ${s.again ? '建立新会话' : '建立会话'} ${s.session}, 连在服务器 ${s.server} 上 (超时 ${s.timeout} ms)`;
      case 'create':
        return s.created
          ? `${s.client} 创建 ${s.path} 成功 (czxid ${token(s.token!)})`
          : `${s.client} 尝试创建 ${s.path}: 节点已存在 (NodeExists)`;
      case 'watch':
        return `${s.client} 在 ${s.path} 上注册子节点变更的 Watcher`;
      case 'notified':
        return `${s.client} 收到通知: ${s.path} 上的 ${eventTypeName[s.type] ?? s.type}`;
      case 'acquired':
        return s.again
          ? `${s.client} 重新连上, 节点仍是它的: 它再次${name === 'recipe-lock' ? '持有锁' : '是 Master'}`
          : `${s.client} ${name === 'recipe-lock' ? '获得了锁' : '成为了 Master'} (令牌 ${token(s.token)}), 立刻写一次资源, 之后每 200 ms 写一次`;
      case 'released':
        return s.why === 'done'
          ? `${s.client} 写了 ${s.writes} 次后完成业务逻辑: ${name === 'recipe-lock' ? '释放锁' : '退位'}, 主动删除自己的节点`
          : s.why === 'suspended'
            ? `${s.client} 发现连接断了: 在弄清楚之前不再以${name === 'recipe-lock' ? '锁的持有者' : ' Master '}行事`
            : s.why === 'expired'
              ? `${s.client} 得知会话已过期: 它${name === 'recipe-lock' ? '不再持有锁' : '不再是 Master'}`
              : `${s.client} 停止 (本次运行的争用结束)`;
      case 'write':
        return s.accepted
          ? `${s.client}${s.afterPause ? ' 刚恢复,' : ''} 用令牌 ${token(s.token)} 写资源: 被接受`
          : `${s.client}${s.afterPause ? ' 刚恢复,' : ''} 用令牌 ${token(s.token)} 写资源: 被拒绝, 资源已见过 ${token(s.highest)}`;
      case 'pause':
        return `${s.client} 的进程被暂停 (GC、SIGSTOP): 它的定时器和连接都在等待`;
      case 'resume':
        return `${s.client} 的进程在 ${Math.round(s.ms)} ms 后恢复; 它仍然相信它原来相信的`;
      case 'crash':
        return `${s.client} 的进程崩溃`;
      case 'disconnected':
        return `${s.client} 没有及时收到服务器的消息: 连接断开, 重新连接`;
      case 'expired':
        return `${s.client} 重新连上后被告知会话已过期`;
      case 'expire':
        return `Leader ${s.server} 让 ${s.client} 的会话过期 (${s.timeout} ms 没有收到它的消息)${s.deleted.length > 0 ? `: 它的临时节点 ${s.deleted.join(', ')} 被删除` : ''}`;
      case 'violation':
        return `检查器 ${s.checker}: ${s.message}`;
    }
  },
  result: (r) => [
    r.ok
      ? '所有检查器都通过'
      : `${[...new Set(r.violations.map((v) => v.checker))].join(', ')} 报告违例: ${r.violations[0]!.message}`,
    `${r.events} 个 trace 事件, 模拟 ${(r.simTimeMs / 1000).toFixed(3)} 秒, trace hash ${r.traceHash}`,
  ],
  outro: (name) => [
    `两次运行说明: ZooKeeper 做了它该做的 —— 让暂停的客户端的会话过期, 删除它的临时节点, 通知另一个客户端, 后者得到了${held(name)}。但被暂停的进程什么也察觉不到: c2 恢复后, 它的下一次写发生在它能得知会话已失效之前。不加 fencing, 资源接受了这次写, 两个客户端同时以${name === 'recipe-lock' ? '锁的持有者' : ' Master '}行事。加 fencing, 资源已经见过 c1 更大的令牌, 拒绝了 c2 的写。仅靠 ZooKeeper 上的锁或选举挡不住一个被暂停的持有者; 资源必须检查令牌 (Kleppmann, "How to do distributed locking"; Curator 的文档也这么说)。`,
  ],
  headings: { result: '结果', colon: ':' },
};
