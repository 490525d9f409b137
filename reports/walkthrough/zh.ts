// 中文短语表：用文档（seed 002、003）里的说法讲每一步——投票、选举轮次、过半、finalizeWait、
// LOOKING/FOLLOWING/LEADING、myid、zxid、epoch、DIFF/TRUNC/SNAP、UPTODATE。
import { zxidHex } from '../../protocol/zxid.ts';
import type { Phrasebook, RunSummary } from './render.ts';
import type { Because, Pending, Phase, Reason, Step, SyncWhy, Txn, Vote } from './steps.ts';

const list = (xs: readonly number[]): string => xs.join('、');
const vote = (v: Vote): string => `（epoch ${v.epoch}，zxid ${zxidHex(v.zxid)}，myid ${v.leader}）`;
const txn = (t: Txn): string => `${zxidHex(t.zxid)}（${t.op}${t.path !== undefined ? ` ${t.path}` : ''}）`;
const txns = (ts: readonly Txn[]): string => ts.map(txn).join('、');

const better: Record<Because, string> = {
  peerEpoch: 'epoch 更大',
  zxid: 'epoch 相同，zxid 更大（数据更新）',
  myid: 'epoch 和 zxid 都相同，myid 更大',
};

function reason(r: Reason): string {
  switch (r.code) {
    case 'conn-broken':
      return '与 Leader 的连接断开了';
    case 'read-timeout':
      return '在 syncLimit 内没有收到 Leader 的消息';
    case 'no-synced-quorum':
      return `与它保持同步的只有 ${list(r.sids ?? [])}，不足半数`;
    case 'newleader-timeout':
      return `在 initLimit 内只有 ${list(r.sids ?? [])} 确认了 NEWLEADER，没有过半`;
    case 'epoch-timeout':
      return '在 initLimit 内没有过半的服务器就新的 epoch 达成一致';
    default:
      return r.text;
  }
}

function uncommitted(ps: readonly Pending[]): string {
  if (!ps.length) return '';
  const each = ps
    .map(
      (p) =>
        `${zxidHex(p.zxid)}（${p.op}${p.path !== undefined ? ` ${p.path}` : ''}，${p.acks.length ? `只有 ${list(p.acks)} 的 ACK` : '还没有 ACK'}）`,
    )
    .join('、');
  return `。它提出的 ${each}始终没有提交：ACK 没有过半`;
}

function syncText(s: Extract<Step, { k: 'sync' }>): string {
  const why: Record<SyncWhy, string> = {
    'in-sync': `用 DIFF，但无需发送任何事务：它最后的 zxid ${zxidHex(s.peerLastZxid)} 与 Leader 相同`,
    behind: `用 DIFF（差异同步）：它最后的 zxid ${zxidHex(s.peerLastZxid)} 在 Leader 的历史中，Leader 把其后的 ${s.txns.length} 个事务发给它：${txns(s.txns)}`,
    ahead: `用 TRUNC（回滚）：它的日志超出了 Leader 最后提交的 zxid ${zxidHex(s.truncTo ?? s.leaderLastZxid)}（它自己最后的是 ${zxidHex(s.peerLastZxid)}），超出的部分从未提交，必须删掉`,
    diverged: `用 TRUNC+DIFF：它的日志末尾有 Leader 从未有过的事务（最后是 ${zxidHex(s.peerLastZxid)}）；先回滚到 ${zxidHex(s.truncTo ?? 0)}，再接收其后的 ${s.txns.length} 个事务${s.txns.length ? `：${txns(s.txns)}` : ''}`,
    empty: `用 SNAP（快照同步）：它没有任何数据（zxid 0x0），Leader 的日志不能从那么早开始重放，于是 Leader 把整棵数据树的快照（到 ${zxidHex(s.leaderLastZxid)} 为止）发给它`,
    'not-in-logs': `用 SNAP（快照同步）：从它最后的 zxid ${zxidHex(s.peerLastZxid)} 无法用 Leader 的提交日志或事务日志接续，于是 Leader 发送整棵数据树的快照（到 ${zxidHex(s.leaderLastZxid)} 为止）`,
    'nothing-newer': `用 DIFF，但无需发送任何事务：Leader 没有比 ${zxidHex(s.peerLastZxid)} 更新的事务`,
  };
  let out = `Leader ${s.server} 与服务器${s.peer}同步，${why[s.why]}`;
  if (s.recovered.length)
    out += `。${txns(s.recovered)}由旧 Leader 提出，但它在失效前没有提交；新 Leader 的日志里有，因此保留下来，并在新的 epoch 中提交`;
  if (s.inflight.length) out += `；随后发送仍在进行中的提议：${s.inflight.map(zxidHex).join('、')}`;
  return `${out}；最后发送 NEWLEADER`;
}

function reply(s: Extract<Step, { k: 'reply' }>): string {
  const what = `${s.op} ${s.path}`;
  if (s.rc === 0)
    return `客户端 ${s.client} 收到${s.server !== undefined ? `服务器${s.server}的` : ''}答复：${what} 成功（zxid ${zxidHex(s.zxid)}）`;
  if (s.rc === -4)
    return `客户端 ${s.client} 的 ${what} 失败：CONNECTIONLOSS，连接在得到答复之前断开，客户端无法确定它是否生效`;
  if (s.rc === -110) return `客户端 ${s.client} 的 ${what} 失败：NODEEXISTS`;
  return `客户端 ${s.client} 的 ${what} 失败，错误码 ${s.rc}`;
}

function step(s: Step): string {
  switch (s.k) {
    case 'start': {
      const as = s.observer ? '以 Observer 身份' : '';
      const verb = s.restart ? '重启' : '启动';
      if (s.txns === 0 && s.lastZxid === 0)
        return `服务器${s.server}${as}${verb}（myid ${s.server}），数据目录为空：zxid 0x0，epoch 0`;
      return `服务器${s.server}${as}${verb}（myid ${s.server}），从磁盘加载数据：最后的 zxid ${zxidHex(s.lastZxid)}，currentEpoch ${s.currentEpoch}`;
    }
    case 'crash':
      return `服务器${s.server}宕机：内存中的状态全部丢失，尚未 fsync 的写入也随之丢失${uncommitted(s.uncommitted)}`;
    case 'exit':
      return `服务器${s.server}退出：${s.reason}`;
    case 'partition':
      return `网络分区：${s.groups.map((g) => `{${list(g)}}`).join(' 与 ')} 之间的消息不再互通，且无人被告知（连接仍然打开，只有超时能发现）`;
    case 'heal':
      return '网络分区恢复：所有服务器又能互相通信';
    case 'latency':
      return s.servers
        ? `服务器${s.servers.join('与服务器')}之间的链路变慢：单向延迟 ${s.ms} ms`
        : `所有链路的单向延迟变为 ${s.ms} ms`;
    case 'looking': {
      if (s.observer)
        return `服务器${s.server}（Observer）进入 LOOKING 状态寻找 Leader：它不参加投票，只向投票者打听它们追随谁`;
      const from = s.from ? `离开 ${s.from}，` : '';
      return `服务器${s.server}${from}进入 LOOKING 状态（第 ${s.round} 轮选举），先投自己一票：${vote(s.vote)}，并把选票发给其他所有服务器`;
    }
    case 'hear': {
      if (s.observer && s.outcome !== 'settled') {
        const guess =
          s.outcome === 'adopt' || (s.outcome === 'newer-round' && !s.keeps)
            ? `；它暂且认为服务器${s.vote.leader}最可能是 Leader（Observer 自己的票不计数）`
            : '';
        return `Observer ${s.server} 收到服务器${s.from}的选票：投给 ${s.vote.leader}${vote(s.vote)}${guess}`;
      }
      const head = `服务器${s.server}收到服务器${s.from}的`;
      switch (s.outcome) {
        case 'adopt':
          return `${head}选票：投给 ${s.vote.leader}${vote(s.vote)}。它比自己投给 ${s.own.leader} 的票更好——${better[s.because!]}：服务器${s.server}改投服务器${s.vote.leader}，并把新选票发给大家`;
        case 'agree':
          return `${head}选票：投给 ${s.vote.leader}${vote(s.vote)}，与自己的选票相同`;
        case 'weaker':
          return `${head}选票：投给 ${s.vote.leader}${vote(s.vote)}。自己投给 ${s.own.leader} 的票${vote(s.own)}更好——${better[s.because!]}：保持不变`;
        case 'newer-round':
          return s.keeps
            ? `${head}第 ${s.theirRound} 轮选票，比自己的第 ${s.round} 轮新：它进入第 ${s.theirRound} 轮；自己的选票${vote(s.own)}仍优于${vote(s.vote)}，保持不变`
            : `${head}第 ${s.theirRound} 轮选票，比自己的第 ${s.round} 轮新：它进入第 ${s.theirRound} 轮；投给 ${s.vote.leader} 的选票${vote(s.vote)}比自己的${vote(s.own)}更好——${better[s.because!]}：改投服务器${s.vote.leader}`;
        case 'old-round':
          return `${head}第 ${s.theirRound} 轮旧选票（投给 ${s.vote.leader}），自己已在第 ${s.round} 轮：忽略`;
        case 'settled':
          return s.fromState === 'LEADING'
            ? `${head}通知，其中说它处于 LEADING 状态，选票${vote(s.vote)}：Leader 可能已经选出`
            : `${head}通知，其中说它处于 FOLLOWING 状态，追随服务器${s.vote.leader}，选票${vote(s.vote)}`;
      }
      return head;
    }
    case 'timeout':
      return `服务器${s.server}在 ${s.waitedMs} ms 内没有收到任何通知：重发选票（或重新建立连接），下次等待 ${s.nextMs} ms`;
    case 'quorum':
      return `服务器${s.server}看到服务器${s.leader}的票数过半：${list(s.acks)} 的选票，占 ${s.voters} 个投票者中的 ${s.acks.length} 个，超过半数。它再等待 finalizeWait（200 ms），看是否还有更好的选票`;
    case 'reopen':
      return `在 finalizeWait 期间，服务器${s.server}收到更好的选票（投给 ${s.leader}，来自服务器${s.from}）：暂不作决定，选举继续`;
    case 'decide': {
      if (s.joined) {
        const role = s.state === 'OBSERVING' ? '观察' : '追随';
        return `服务器${s.server}发现 Leader 已经存在：${list(s.acks)} 都这么说（已过半），服务器${s.leader}自己也声明 LEADING。LOOKING → ${s.state}：无需重新选举，直接${role}服务器${s.leader}`;
      }
      const wait = s.waitedMs !== undefined ? `${s.waitedMs} ms 内没有更好的选票：` : '';
      if (s.state === 'LEADING')
        return `${wait}服务器${s.server}由 LOOKING 变为 LEADING（得到 ${list(s.acks)} 的选票），当选 Leader`;
      return `${wait}服务器${s.server}由 LOOKING 变为 ${s.state}，Leader 是服务器${s.leader}`;
    }
    case 'lead':
      return `Leader ${s.server} 开始发现阶段（discovery）：等待过半的服务器发来 FOLLOWERINFO，以确定新的 epoch（自己的 acceptedEpoch 为 ${s.acceptedEpoch}，最后的 zxid 为 ${zxidHex(s.lastZxid)}）`;
    case 'learner': {
      const info = s.kind === 'observer' ? ` Observer ${s.sid} 的 OBSERVERINFO` : `服务器${s.sid}的 FOLLOWERINFO`;
      if (s.late)
        return `Leader ${s.server} 收到${info}（acceptedEpoch ${s.acceptedEpoch}）；新的 epoch 已经确定，告诉它 epoch 为 ${s.epoch}`;
      return `Leader ${s.server} 收到${info}（acceptedEpoch ${s.acceptedEpoch}）`;
    }
    case 'newepoch': {
      const acc = Object.entries(s.accepted)
        .map(([sid, e]) => `服务器${sid}为 ${e}`)
        .join('，');
      const rule =
        s.epoch === s.maxAccepted + 1
          ? `最大值为 ${s.maxAccepted}，所以新的 epoch 为 ${s.epoch}`
          : `新的 epoch 为 ${s.epoch}`;
      return `Leader ${s.server} 已收到过半服务器（${list(s.acks)}）的 FOLLOWERINFO，它们的 acceptedEpoch：${acc}；${rule}。Leader 发送 LEADERINFO，各 Follower 记下新 epoch，并以 ACKEPOCH 回复自己最后的 zxid`;
    }
    case 'sync':
      return syncText(s);
    case 'truncate':
      return s.dropped.length
        ? `服务器${s.server}把日志截断到 ${zxidHex(s.zxid)}，删除 ${txns(s.dropped)}`
        : `服务器${s.server}把日志截断到 ${zxidHex(s.zxid)}`;
    case 'established':
      return `Leader ${s.server} 在 epoch ${s.epoch} 正式确立：过半服务器（${list(s.acks)}）确认了 NEWLEADER；它发送 UPTODATE，开始对外服务`;
    case 'uptodate':
      return `服务器${s.server}收到 UPTODATE：已与 Leader ${s.leader} 同步（epoch ${s.epoch}，最后的 zxid ${zxidHex(s.lastZxid)}），开始对外服务`;
    case 'leader-shutdown':
      return `Leader ${s.server} 退出 epoch ${s.epoch} 的 LEADING 状态：${reason(s.reason)}${uncommitted(s.uncommitted)}`;
    case 'learner-shutdown':
      return `服务器${s.server}不再追随服务器${s.leader}：${reason(s.reason)}`;
    case 'session':
      return s.reconnect
        ? `客户端 ${s.client} 把会话 ${s.session} 重新连接到服务器${s.server}`
        : `客户端 ${s.client} 在服务器${s.server}上建立了会话（${s.session}）`;
    case 'call':
      return `客户端 ${s.client} ${s.server !== undefined ? `向服务器${s.server}` : ''}发送 ${s.op} ${s.path}${s.server === undefined ? '（尚未连接，等待中）' : ''}`;
    case 'forward':
      return `${s.observer ? 'Observer' : 'Follower'} ${s.server} 把 ${s.op}${s.path !== undefined ? ` ${s.path}` : ''} 转发给 Leader ${s.leader}（REQUEST）：写请求统一由 Leader 处理`;
    case 'propose':
      return `Leader ${s.server} 提出提议 ${txn(s)}：PROPOSAL 发给 ${s.to.length ? list(s.to) : '（没有 Follower）'}；它们各自写入事务日志后回复 ACK`;
    case 'commit': {
      const to = [
        s.commitTo.length ? `向 ${list(s.commitTo)} 发送 COMMIT` : '',
        s.informTo.length ? `向 Observer ${list(s.informTo)} 发送 INFORM（带上事务本身）` : '',
      ]
        .filter(Boolean)
        .join('；');
      return `Leader ${s.server} 收到 ${list(s.acks)} 的 ACK（${s.voters} 个投票者中的 ${s.acks.length} 个，已过半），提交 ${txn(s)}${to ? `：${to}` : ''}`;
    }
    case 'apply':
      return `Observer ${s.server} 根据 INFORM 应用 ${txn(s)}`;
    case 'reply':
      return reply(s);
  }
}

const phases: Record<Phase, string> = {
  process: '服务器',
  fault: '故障',
  election: '选举',
  discovery: '发现',
  sync: '同步',
  broadcast: '广播',
  client: '客户端',
};

const fromTrace = '下面每一步都读自一次真实运行的 trace。';

function intro(name: string, s: RunSummary): string[] {
  const n = s.voters.length;
  switch (name) {
    case 'first-start':
      return [
        `文档中的第一个例子（seed 003 §3.1、seed 002 §4）：${n} 台数据为空的服务器依次启动。每台服务器先投自己一票，再与其他服务器交换选票；还没有事务 id 时，myid 大的胜出；最先得到超过半数（${n} 台中的 ${Math.floor(n / 2) + 1} 台）选票的服务器当选 Leader，之后启动的服务器只能成为 Follower。`,
        fromTrace,
      ];
    case 'restart':
      return [
        '文档中的第二个例子（seed 003 §3.2）：5 台服务器运行中，服务器3是 Leader；某一时刻服务器3和5出现故障。服务器1、2、4 的选票 (EPOCH, ZXID, SID) 分别为 (1,8,1)、(1,8,2)、(1,7,4)。选举规则：EPOCH 大的直接胜出；EPOCH 相同，事务 id 大的胜出；事务 id 相同，服务器 id 大的胜出。',
        fromTrace,
      ];
    case 'leader-crash':
      return [
        'Leader 在客户端写入过程中宕机（seed 002 §4【同步出现异常】与 §5 同步流程）。服务器2到5启动并选出 Leader；客户端通过服务器2写入；服务器5与4之间的链路变慢；Leader 5 刚提出 /d 就宕机。剩下的服务器按 (epoch, zxid, myid) 重新选举；新 Leader 根据每台服务器最后的 zxid 决定同步方式：落后用 DIFF，超前用 TRUNC，日志无法接续用 SNAP。之后服务器5重启，服务器1以空磁盘启动。',
        fromTrace,
      ];
    case 'partition':
      return [
        'Leader 与少数派一起被隔离（seed 002 §3：Leader 发现 Follower 已不足半数时退出）。隔离之后，客户端继续向旧 Leader 写入：旧 Leader 把写入记入事务日志，但得不到过半的 ACK，始终无法提交。多数派选出新的 Leader。分区恢复后，旧 Leader 追随新 Leader；新 Leader 的日志里没有这段未提交的尾巴，于是要求它 TRUNC（seed 002 §4：follower 事务 id 超前则回滚）。',
        fromTrace,
      ];
    case 'observer':
      return [
        'Observer 在写请求路径上的作用（seed 002 §1、§6）：Observer 可以接受客户端连接，把写请求转发给 Leader，但不参加投票。这里有 3 个投票者和 Observer 4；连接在 Observer 上的客户端创建 /a。',
        fromTrace,
      ];
    default:
      return [fromTrace];
  }
}

const roleName: Record<string, string> = {
  leading: 'LEADING',
  following: 'FOLLOWING',
  observing: 'OBSERVING',
  looking: 'LOOKING',
  down: '宕机',
};

function result(s: RunSummary): string[] {
  const out: string[] = [];
  const byRole = new Map<string, string[]>();
  for (const [id, role] of Object.entries(s.roles)) byRole.set(role, [...(byRole.get(role) ?? []), id]);
  const roles = [...byRole].map(([r, ids]) => `${roleName[r] ?? r}：${ids.join('、')}`).join('；');
  out.push(
    `Leader：${s.leader === null ? '无' : `服务器${s.leader}`}${s.epoch !== null ? `（epoch ${s.epoch}）` : ''}；${roles}`,
  );
  if (s.docs) {
    out.push(
      s.leader === s.docs.leader
        ? `与文档（${s.docs.where}）所说一致：服务器${s.docs.leader}当选 Leader`
        : `文档（${s.docs.where}）预期服务器${s.docs.leader}当选，但这次运行选出的是${s.leader === null ? '无人' : `服务器${s.leader}`}`,
    );
  }
  out.push(
    s.ok
      ? `检查器：全部 ${s.checkers} 个通过`
      : `检查器发现 ${s.violations.length} 处违规：${s.violations.map((v) => `${v.checker}：${v.message}`).join('；')}`,
  );
  out.push(
    `seed ${s.seed}，trace 事件 ${s.events} 个，模拟时间 ${(s.simTimeMs / 1000).toFixed(3)} s，trace hash ${s.traceHash}`,
  );
  return out;
}

export const zh: Phrasebook = {
  lang: 'zh',
  title: (name, s) =>
    `zksim 逐步讲解：${name}${name === 'first-start' ? `，${s.voters.length} 台服务器` : ''}（seed ${s.seed}）`,
  intro,
  phase: (p) => phases[p],
  step,
  result,
  headings: { time: '时间', phase: '阶段', step: '发生了什么', result: '结果', colon: '：' },
};
