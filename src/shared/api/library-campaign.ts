import { z } from 'zod'
import { daySchema } from './aid-claims'
import { cursorSchema, idSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import { bookIdSchema, campaignGoalNames, libraryLimits } from './library-common'
import type { BookSummary, CampaignGoalKind, CampaignStatus } from './library-common'

/**
 * 电子书屋, part campaign (issue 11 §4): 读书活动 a branch admin runs for its subtree — a book
 * list, a window of whole Shanghai days and a goal in minutes or books — with leaderboards of
 * members and of branches, and points for reaching the goal (a job keeps the progress).
 */

const campaignGoalKinds = Object.keys(campaignGoalNames) as [CampaignGoalKind, ...CampaignGoalKind[]]

/** The longest window a campaign may have: a year, as 读书月 and 全民阅读年 are the longest runs. */
export const campaignMaxDays = 366
export const campaignMaxBooks = 50

export const saveCampaignInput = z
  .object({
    /** Absent: a new draft. A draft stays editable until it is published. */
    id: idSchema.optional(),
    branchId: idSchema,
    title: plainText({ max: libraryLimits.campaignTitleMaxLength, min: 1, minMessage: '请填写活动名称', maxMessage: `活动名称不超过 ${libraryLimits.campaignTitleMaxLength} 字` }),
    description: plainText({ max: 1000, maxMessage: '活动说明不超过 1000 字', multiline: true }),
    startDay: daySchema,
    endDay: daySchema,
    goalKind: z.enum(campaignGoalKinds, { error: '请选择活动目标' }),
    goalValue: z.number({ error: '目标必须是数字' }).int('目标必须是整数').min(1, '目标至少为 1').max(100_000, '目标不超过 100000'),
    rewardPoints: z.number({ error: '奖励积分必须是数字' }).int('奖励积分必须是整数').min(0, '奖励积分不能为负').max(libraryLimits.campaignRewardMax, `奖励积分不超过 ${libraryLimits.campaignRewardMax}`),
    bookIds: z
      .array(bookIdSchema)
      .min(1, '请至少选择一本书')
      .max(campaignMaxBooks, `书目不超过 ${campaignMaxBooks} 本`)
      .refine((ids) => new Set(ids).size === ids.length, '书目中有重复的书'),
  })
  .strict()
  .refine((c) => c.startDay <= c.endDay, { message: '结束日期不能早于开始日期', path: ['endDay'] })
  .refine((c) => Date.parse(c.endDay) - Date.parse(c.startDay) < campaignMaxDays * 86_400_000, {
    message: `活动时间不超过 ${campaignMaxDays} 天`,
    path: ['endDay'],
  })
  .refine((c) => c.goalKind !== 'books' || c.goalValue <= c.bookIds.length, { message: '目标本数不能多于书目数', path: ['goalValue'] })
export type SaveCampaignInput = z.infer<typeof saveCampaignInput>

const campaignIdInput = z.object({ campaignId: idSchema }).strict()

export const campaignSchemas = {
  /**
   * 读书活动 the caller may see, newest window first: published ones for the member's branch and
   * above; for an admin also every campaign of the subtrees they manage, in any status.
   */
  campaigns: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  /** A campaign with its books, the caller's own progress and whether they joined. */
  campaignDetail: campaignIdInput,
  /** Creates or edits a draft (a branch admin over the branch). */
  saveCampaign: saveCampaignInput,
  publishCampaign: campaignIdInput,
  cancelCampaign: campaignIdInput,
  /**
   * The book picker of the campaign editor (a branch admin over the branch, who need not be a
   * member or a librarian): published books the branch's members can open, by title or author.
   */
  campaignBookOptions: z
    .object({
      branchId: idSchema,
      q: plainText({ max: 40, maxMessage: '搜索词不超过 40 字' }),
      cursor: cursorSchema,
      limit: limitSchema,
    })
    .strict(),
  /** 参加: a member of the campaign's subtree, before its end. Joining twice changes nothing. */
  joinCampaign: campaignIdInput,
  /**
   * Members by minutes read, or branches at a level below the campaign's by participation rate
   * (joined members / members of the branch's subtree).
   */
  campaignLeaderboard: z
    .object({
      campaignId: idSchema,
      board: z.enum(['members', 'branches'], { error: '请选择排行榜' }),
      /** 2 区县, 3 乡镇街道, 4 基层工会; absent: the level just below the campaign's branch. */
      level: z.number({ error: '组织层级无效' }).int('组织层级无效').min(2, '组织层级无效').max(4, '组织层级无效').optional(),
      cursor: cursorSchema,
      limit: limitSchema,
    })
    .strict(),
}

export interface CampaignSummary {
  id: number
  title: string
  branch: BranchRef
  startDay: string
  endDay: string
  goalKind: CampaignGoalKind
  goalValue: number
  rewardPoints: number
  status: CampaignStatus
  /** Where the window stands today: 未开始, 进行中, 已结束. */
  phase: 'upcoming' | 'running' | 'ended'
  joinedCount: number
  /** The caller joined it. */
  joined: boolean
}

export interface CampaignProgress {
  minutes: number
  books: number
  /** Of the goal, 0..1000. */
  permille: number
  reachedAt: string | null
  /** The caller's place on the members' board (1 = first), null before they read. */
  rank: number | null
}

export interface CampaignDetail extends CampaignSummary {
  description: string
  /** Members see the books they can open; an admin over the campaign sees the whole list (the editor starts from it). */
  books: BookSummary[]
  /** Null when the caller has not joined. */
  progress: CampaignProgress | null
  /** The caller is a member of the subtree and the campaign is published and not over. */
  canJoin: boolean
  /** The caller is an admin over the campaign's branch. */
  canManage: boolean
  /** Levels whose branches the branches' board can rank (below the campaign's branch). */
  boardLevels: (2 | 3 | 4)[]
}

export interface MemberBoardLine {
  rank: number
  /** Masked like 张*梅: the board never shows full names, phones or member numbers. */
  maskedName: string
  branchName: string
  minutes: number
  books: number
  reached: boolean
  /** The caller's own line. */
  me: boolean
}

export interface BranchBoardLine {
  rank: number
  branch: BranchRef
  members: number
  joined: number
  /** joined / members, in thousandths. */
  ratePermille: number
}

export type CampaignLeaderboard =
  | { board: 'members'; items: MemberBoardLine[]; nextCursor: string | null }
  | { board: 'branches'; level: 2 | 3 | 4; items: BranchBoardLine[]; nextCursor: string | null }

export interface CampaignOutputs {
  campaigns: { items: CampaignSummary[]; nextCursor: string | null }
  campaignDetail: CampaignDetail
  saveCampaign: { id: number }
  publishCampaign: { id: number; status: CampaignStatus }
  cancelCampaign: { id: number; status: CampaignStatus }
  campaignBookOptions: { items: BookSummary[]; nextCursor: string | null }
  joinCampaign: { joined: true }
  campaignLeaderboard: CampaignLeaderboard
}
