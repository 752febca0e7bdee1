import type { Deps } from './action'
import { continueSettlementImports } from './aid/settlement'
import { closeIdleQuestions } from './legal/closing'
import { fanOutNotices } from './notice-fanout'
import { cleanFiles } from './files/cleanup'
import { legalEscalation } from './legal/escalation'
import { continueLibraryImports } from './library/import'
import { libraryCampaignProgress } from './library/campaigns'
import { freezeContests, refreshContestStandings } from './quiz/standings'
import { expirePoints, lapsedYear } from './points/ledger'
import { expireAttempts } from './quiz/attempts'
import { drainOutbox, summaryLine } from './subscribe/sender'
import { httpsChannelFor } from './subscribe/wechat-https'

/**
 * Background work the self-hosted host runs on timers (in WeChat's cloud each job is a timer
 * function of its own, its config.json beside it). A job must be idempotent and
 * resumable: a run that fails or is killed half-way is finished by the next one.
 */
export interface HostJob {
  name: string
  /** Waits before the first run, so a restart answers its first requests before background work starts. */
  firstDelayMs: number
  everyMs: number
  /** Returns a line worth logging, or null when there was nothing to do. */
  run(deps: Deps): Promise<string | null>
}

const minute = 60_000

const pointsExpiry: HostJob = {
  name: 'points expiry',
  // A year's lapse is not late by a minute.
  firstDelayMs: minute,
  // Points lapse at year end; a daily run catches up after downtime.
  everyMs: 24 * 60 * minute,
  async run({ db }) {
    const { members, points } = await expirePoints(db, lapsedYear(new Date()))
    return members ? `积分到期处理：${members} 名会员，共 ${points} 积分` : null
  },
}

const noticeFanout: HostJob = {
  name: 'notice fan-out',
  firstDelayMs: 10_000,
  // A notice reaches 消息 within half a minute of going live, plus the writing (half a minute for a city-wide one).
  everyMs: 30_000,
  async run({ db }) {
    // Stops between batches before the next tick is due, so a shutdown never waits on a long fan-out; the next run continues it.
    const until = Date.now() + 25_000
    const { written, removed } = await fanOutNotices(db, new Date(), { continueWhile: () => Date.now() < until })
    return written || removed ? `通知消息：写入 ${written} 条，撤回 ${removed} 条` : null
  },
}

const subscribeSender: HostJob = {
  name: 'subscribe messages',
  firstDelayMs: 10_000,
  // A member waits seconds, not minutes, for what just happened; an idle run is one or two short queries.
  everyMs: 15_000,
  async run({ db, env }) {
    const stopAt = Date.now() + minute
    // Without WeChat credentials there is no channel: messages stay in the app's own centre.
    const channel = env.wechatApi ? httpsChannelFor(env.wechatApi) : null
    return summaryLine(await drainOutbox(db, env.subscribe, channel, { continueWhile: () => Date.now() < stopAt }))
  },
}

const fileCleanup: HostJob = {
  name: 'file cleanup',
  firstDelayMs: 2 * minute,
  // Abandoned uploads are due after a day; an hourly run keeps what waits small.
  everyMs: 60 * minute,
  async run(deps) {
    const { files, blobs } = await cleanFiles(deps)
    return files ? `文件清理：删除 ${files} 条文件记录、${blobs} 个文件` : null
  },
}

const settlementImports: HostJob = {
  name: 'aid settlement imports',
  firstDelayMs: 15_000,
  // Only imports whose page was closed wait for this: an open page drives its import itself.
  everyMs: 15_000,
  async run(deps) {
    const finished = await continueSettlementImports(deps, Date.now() + 25_000)
    return finished ? `一站式结算导入：完成 ${finished} 个` : null
  },
}

const legalAutoClose: HostJob = {
  name: 'legal auto-close',
  firstDelayMs: 2 * minute,
  // Questions close after days of silence: a quarter of an hour late is nothing.
  everyMs: 15 * minute,
  async run({ db }) {
    const stopAt = Date.now() + minute
    const { closed } = await closeIdleQuestions(db, new Date(), { continueWhile: () => Date.now() < stopAt })
    return closed ? `法律咨询自动关闭：${closed} 个` : null
  },
}

const legalEscalationJob: HostJob = {
  name: 'legal escalation',
  firstDelayMs: 20_000,
  // Deadlines fall on whole minutes; a reminder a minute late is still the same reminder.
  everyMs: minute,
  async run({ db }) {
    const until = Date.now() + 45_000
    const run = await legalEscalation(db, new Date(), { continueWhile: () => Date.now() < until })
    const steps = run.reminded + run.escalatedCounty + run.escalatedCity
    return steps ? `法律咨询超时：提醒律师 ${run.reminded} 件，上报区县 ${run.escalatedCounty} 件，上报市总 ${run.escalatedCity} 件` : null
  },
}

const libraryImports: HostJob = {
  name: 'library imports',
  firstDelayMs: 5_000,
  // startImport starts its import at once; this takes over the ones a stopped worker left (lease lapsed).
  everyMs: 3_000,
  async run(deps) {
    const finished = await continueLibraryImports(deps, Date.now() + 25_000)
    return finished ? `电子书导入：完成 ${finished} 个` : null
  },
}

const libraryCampaignJob: HostJob = {
  name: 'library campaigns',
  firstDelayMs: 30_000,
  // A member who reached the goal hears of it within the minute.
  everyMs: minute,
  async run({ db }) {
    const until = Date.now() + 45_000
    const run = await libraryCampaignProgress(db, new Date(), { continueWhile: () => Date.now() < until })
    return run.updated || run.reached ? `读书活动进度：更新 ${run.updated} 人，达标 ${run.reached} 人` : null
  },
}

const contestStandingsJob: HostJob = {
  name: 'contest standings',
  firstDelayMs: 30_000,
  // Branch boards are at most a minute behind the members' board, which is live; a contest freezes a minute or two after its close.
  everyMs: minute,
  async run({ db }) {
    const until = Date.now() + 45_000
    const continueWhile = () => Date.now() < until
    const frozen = await freezeContests(db, new Date(), { continueWhile })
    const refreshed = await refreshContestStandings(db, new Date(), { continueWhile })
    return frozen.contests ? `答题竞赛：结束 ${frozen.contests} 场，发放名次奖励 ${frozen.placed} 人；更新排行 ${refreshed.contests} 场` : null
  },
}

const quizExpiry: HostJob = {
  name: 'quiz expiry',
  firstDelayMs: 20_000,
  // An abandoned attempt gets its score (and a contest its standing) within a minute of its deadline.
  everyMs: minute,
  async run({ db }) {
    const until = Date.now() + 45_000
    const expired = await expireAttempts(db, new Date(), { continueWhile: () => Date.now() < until })
    return expired ? `答题超时交卷：${expired} 份` : null
  },
}

export const hostJobs: HostJob[] = [pointsExpiry, noticeFanout, subscribeSender, fileCleanup, settlementImports, legalAutoClose, legalEscalationJob, libraryImports, libraryCampaignJob, quizExpiry, contestStandingsJob]
