// 配置中心的逐步讲解（中文），用 seed 002 第 8 节的说法。
import { zxidHex } from '../../../protocol/zxid.ts';
import type { ConfigBook } from './book.ts';

const v = (value: string | null): string => (value === null ? 'null' : `“${value}”`);

export const configZh: ConfigBook = {
  lang: 'zh',
  title: (seed) => `zksim 逐步讲解：recipe-config，配置中心（seed ${seed}）`,
  intro: () => [
    '数据发布与订阅（配置中心，seed 002 第 8 节）：把数据保存到 ZooKeeper 节点上，客户端对节点进行监听，如果配置有变动，则 ZooKeeper 会通知相应的客户端，客户端再重新进行配置的调整。发布/订阅系统一般有两种设计模式：推（Push），服务端主动将数据更新发送给所有订阅的客户端；拉（Pull），客户端主动发起请求来获取最新数据。ZooKeeper 采用的是推拉相结合的方式：客户端向服务端注册自己需要关注的节点，一旦该节点的数据发生变更，服务端就会向相应的客户端发送 Watcher 事件通知，客户端接收到这个消息通知后，需要主动到服务端获取最新的数据（推拉结合）。',
    '这次的故事：3 台服务器，没有服务器故障。c1 发布配置 /config；c2 和 c3 订阅，会话超时 4 秒。每个订阅者收到通知后都用带 Watcher 的 getData 回应：同一个请求既拉取数据又注册下一个 Watcher，两者之间不会漏掉变更。c1 继续发布时，c3 的进程暂停 6 秒（一次长时间 GC），超过了它的会话超时。',
    '下面每一步都读自一次真实运行的 trace。',
  ],
  step(s) {
    switch (s.k) {
      case 'session':
        return s.again
          ? `${s.client}在服务器${s.server}上建立新会话 ${s.session}（超时 ${s.timeout} ms）`
          : `${s.client}连接服务器${s.server}：会话 ${s.session}，超时 ${s.timeout} ms`;
      case 'publish':
        return s.first
          ? `${s.client}创建配置：/config = ${v(s.value)}`
          : `${s.client}发布新配置：setData /config = ${v(s.value)}`;
      case 'published':
        return `${s.client}写入 ${v(s.value)} 成功：版本 ${s.version}，zxid ${zxidHex(s.zxid)}`;
      case 'publish-unknown':
        return `${s.client}的 setData ${v(s.value)} 因 ConnectionLoss 失败：不知道是否已生效；${s.client}接着发布下一个值`;
      case 'notified':
        if (s.late) return `会话过期前 ZooKeeper 发出的通知现在才到达${s.client}：它的拉取会失败，会话已经不在了`;
        return `ZooKeeper 通知${s.client}：/config 上的 NodeDataChanged（通知里没有数据，这个 Watcher 也用掉了）`;
      case 'sync':
        return `${s.client}执行 sync：它会话所在的服务器先追上 Leader，然后它再读`;
      case 'pull':
        if (s.why === 'start')
          return `${s.client}读取 /config = ${v(s.value)}（版本 ${s.version}），并在上面注册 Watcher`;
        if (s.why === 'new-session')
          return `${s.client}在新会话上拉取 /config = ${v(s.value)}（版本 ${s.version}），重新注册 Watcher`;
        return `${s.client}主动拉取：getData /config = ${v(s.value)}（版本 ${s.version}），同时重新注册 Watcher`;
      case 'pause':
        return `${s.client}的进程暂停（一次长时间 GC）：既不发送也收不到任何东西`;
      case 'resume':
        return `${s.client}在 ${s.ms.toFixed(0)} ms 后恢复运行`;
      case 'expire':
        return `Leader 服务器${s.server}让${s.client}的会话过期（${s.timeout} ms 内没有收到它的消息）：它的 Watcher 也随之消失`;
      case 'expired':
        return `${s.client}得知会话已过期：它新建一个会话`;
      case 'violation':
        return `检查器 ${s.checker} 报告违例：${s.message}`;
    }
  },
  result(r) {
    const lines = [
      `订阅者最后读到：${r.ends.map((e) => `${e.client} ${v(e.value)}（版本 ${e.version}）`).join('，')}${r.last ? `；最后一次写入是 ${v(r.last.value)}（版本 ${r.last.version}）` : ''}`,
    ];
    if (r.ok) lines.push('config-convergence 及其他所有检查器：通过');
    else for (const x of r.violations) lines.push(`违例 ${x.checker}：${x.message}`);
    lines.push(`${r.events} 个事件，模拟时间 ${(r.simTimeMs / 1000).toFixed(3)} s，trace hash ${r.traceHash}`);
    return lines;
  },
  outro: () => [
    '这次运行说明：通知只告诉订阅者 /config 变了；数据要靠订阅者自己去拉，而同一个 getData 又注册了下一个 Watcher，所以推和重新注册之间不会漏掉变更。会话过期时 Watcher 随之消失：订阅者新建会话、执行 sync、再拉一次，最后和其他订阅者一样停在最后一次写入上。',
    '如果订阅者先拉取、过后才重新注册（不带 Watcher 的 getData，应用配置，再用 exists 注册：recipe-config --naive），就会漏掉两者之间提交的变更——既没拉到，也没被推送；zksim fuzz recipe-config --naive 在几个 seed 之内就让 config-convergence 检查器发现它。',
  ],
  headings: { time: '时间', step: '发生了什么', result: '结果', colon: '：' },
};
