import type { Deps } from './action'
import { cleanFiles } from './files/cleanup'
import { expirePoints, lapsedYear } from './points/ledger'

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

export const hostJobs: HostJob[] = [pointsExpiry, fileCleanup]
