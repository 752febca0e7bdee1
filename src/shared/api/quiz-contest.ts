import { z } from 'zod'
import { cursorSchema, idSchema, isoTimeSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import { requestIdSchema } from './points'
import { drawRulesSchema, timeLimitSchema } from './quiz-bank'
import type { DrawRule } from './quiz-bank'
import { bankIdSchema, contestIdSchema, quizLimits } from './quiz-common'
import type { BoardLevel, ContestStatus } from './quiz-common'

/**
 * 答题, part contest (issue 12 §4): 答题拉力赛, a branch's quiz contest for its subtree over a
 * window, in rounds (each a quiz of mode contest drawn from a bank), with a daily attempt limit,
 * live boards of members and of branches at each level below the contest's, frozen at its close.
 * Ranking: more correct answers first, then less time, then who got there first, then member id.
 */


/** The longest window a contest may have: a season of rounds, not a standing board. */
export const contestMaxDays = 92
export const contestPlacingTiersMax = 5
export const contestPlacingRankMax = 1000

const roundInput = z
  .object({
    title: plainText({ max: 20, min: 1, minMessage: '请填写轮次名称', maxMessage: '轮次名称不超过 20 字' }),
    bankId: bankIdSchema,
    drawRules: drawRulesSchema,
    timeLimitSeconds: timeLimitSchema,
    startsAt: isoTimeSchema,
    endsAt: isoTimeSchema,
  })
  .strict()
  .refine((r) => Date.parse(r.endsAt) > Date.parse(r.startsAt), { message: '轮次结束时间须晚于开始时间', path: ['endsAt'] })

const placingTier = z
  .object({
    upToRank: z.number({ error: '名次必须是数字' }).int('名次必须是整数').min(1, '名次至少为 1').max(contestPlacingRankMax, `名次不超过 ${contestPlacingRankMax}`),
    points: z.number({ error: '积分必须是数字' }).int('积分必须是整数').min(1, '积分至少为 1').max(1000, '名次积分不超过 1000'),
  })
  .strict()

export const saveContestInput = z
  .object({
    /** Absent: a new draft (requestId makes a retried create answer the same draft). */
    id: contestIdSchema.optional(),
    requestId: requestIdSchema,
    branchId: idSchema,
    title: plainText({ max: 40, min: 1, minMessage: '请填写竞赛名称', maxMessage: '竞赛名称不超过 40 字' }),
    description: plainText({ max: 1000, maxMessage: '竞赛说明不超过 1000 字', multiline: true }),
    startsAt: isoTimeSchema,
    endsAt: isoTimeSchema,
    dailyAttempts: z.number({ error: '每日次数必须是数字' }).int('每日次数必须是整数').min(1, '每日至少可答 1 次').max(quizLimits.contestDailyAttemptsMax, `每日次数不超过 ${quizLimits.contestDailyAttemptsMax}`),
    participationPoints: z.number({ error: '参与积分必须是数字' }).int('参与积分必须是整数').min(0, '参与积分不能为负').max(100, '参与积分不超过 100'),
    /** Points for the top places, ascending by rank: [{ upToRank: 3, points: 100 }, { upToRank: 10, points: 30 }]. */
    placingPoints: z
      .array(placingTier)
      .max(contestPlacingTiersMax, `名次奖励不超过 ${contestPlacingTiersMax} 档`)
      .refine((tiers) => tiers.every((t, i) => i === 0 || t.upToRank > tiers[i - 1].upToRank), '名次奖励须按名次从前到后填写，且不能重复'),
    rounds: z.array(roundInput).min(1, '请至少设置一轮').max(quizLimits.contestRoundsMax, `轮次不超过 ${quizLimits.contestRoundsMax} 轮`),
  })
  .strict()
  .refine((c) => Date.parse(c.endsAt) > Date.parse(c.startsAt), { message: '结束时间须晚于开始时间', path: ['endsAt'] })
  .refine((c) => Date.parse(c.endsAt) - Date.parse(c.startsAt) <= contestMaxDays * 86_400_000, { message: `竞赛时间不超过 ${contestMaxDays} 天`, path: ['endsAt'] })
  .refine((c) => c.rounds.every((r) => Date.parse(r.startsAt) >= Date.parse(c.startsAt) && Date.parse(r.endsAt) <= Date.parse(c.endsAt)), {
    message: '每一轮都须在竞赛时间之内',
    path: ['rounds'],
  })
  .refine((c) => c.rounds.every((r, i) => i === 0 || Date.parse(r.startsAt) >= Date.parse(c.rounds[i - 1].endsAt)), {
    message: '各轮须按时间先后排列，且时间不能重叠',
    path: ['rounds'],
  })
export type SaveContestInput = z.infer<typeof saveContestInput>

const contestInput = z.object({ contestId: contestIdSchema }).strict()
export const contestBoardKinds = ['members', 'branches'] as const
export type ContestBoardKind = (typeof contestBoardKinds)[number]
export const branchBoardOrders = ['score', 'participation'] as const
export type BranchBoardOrder = (typeof branchBoardOrders)[number]

export const contestSchemas = {
  /** Editor (course_editor over the branch): creates or edits a draft and its round quizzes. */
  saveContest: saveContestInput,
  /** The draft goes live; its round quizzes are published with it. */
  publishContest: contestInput,
  /** A draft or a published contest not yet frozen is cancelled: nobody can start an attempt any more. */
  cancelContest: contestInput,
  /** Editor: the contests of the branches they edit for, newest window first. */
  manageContests: z
    .object({ status: z.enum(['draft', 'published', 'cancelled', 'frozen'], { error: '状态无效' }).optional(), cursor: cursorSchema, limit: limitSchema })
    .strict(),
  /** Editor: one contest as saveContest takes it, to edit it. */
  contestForEdit: contestInput,
  /** Member: published contests of their branch and above, by phase. */
  contests: z.object({ phase: z.enum(['upcoming', 'running', 'ended'], { error: '请选择竞赛阶段' }), cursor: cursorSchema, limit: limitSchema }).strict(),
  /** Rounds, attempts left today, my standing and my branches' ranks, the top of the board. */
  contestDetail: contestInput,
  /** Members by standing, or branches at a level by average correct answers or participation; keyset pages. */
  contestBoard: z
    .object({
      contestId: contestIdSchema,
      board: z.enum(contestBoardKinds, { error: '请选择排行榜' }),
      /** 2 区县, 3 乡镇街道, 4 基层工会; absent: the level just below the contest's branch. */
      level: z.number({ error: '组织层级无效' }).int('组织层级无效').min(2, '组织层级无效').max(4, '组织层级无效').optional(),
      by: z.enum(branchBoardOrders, { error: '排序方式无效' }).optional(),
      cursor: cursorSchema,
      limit: limitSchema,
    })
    .strict(),
}

export type ContestPhase = 'upcoming' | 'running' | 'ended'

export interface ContestSummary {
  id: number
  title: string
  branch: BranchRef
  startsAt: string
  endsAt: string
  status: ContestStatus
  phase: ContestPhase
  roundCount: number
  /** Members with a scored attempt (counted by the standings job while the contest runs). */
  participantCount: number
}

export interface ContestRound {
  ord: number
  title: string
  quizId: number
  startsAt: string
  endsAt: string
  questionCount: number
  timeLimitSeconds: number
  phase: ContestPhase
}

export interface ContestStanding {
  /** 1 = first. Final once the contest is frozen. */
  rank: number
  correct: number
  timeMs: number
  attempts: number
}

export interface MyBranchRank {
  level: BoardLevel
  branch: BranchRef
  /** Null until the standings job has ranked it (within a minute of the first attempt). */
  scoreRank: number | null
  participationRank: number | null
  /** Branches at this level on the board. */
  branchCount: number
}

export interface ContestMemberLine {
  rank: number
  /** Masked like 张*梅. */
  maskedName: string
  branchName: string
  correct: number
  timeMs: number
  me: boolean
}

export interface ContestBranchLine {
  rank: number
  branch: BranchRef
  participants: number
  members: number
  /** Average correct answers of participants ×100. */
  avgCorrectX100: number
  /** Participants per 10,000 members. */
  participationBp: number
}

export interface ContestDetail extends ContestSummary {
  description: string
  dailyAttempts: number
  participationPoints: number
  placingPoints: { upToRank: number; points: number }[]
  rounds: ContestRound[]
  /** The round open now, if any. */
  currentRound: number | null
  /** For a member of the subtree while the contest runs; null otherwise. */
  attemptsLeftToday: number | null
  /** The caller's attempt in progress on the current round (继续答题), if any. */
  openAttemptId: number | null
  /** A member of the subtree, the contest published and a round open, attempts left today. */
  canStart: boolean
  /** Null before the caller's first scored attempt (or for a caller who is no member). */
  mine: ContestStanding | null
  /** The caller's branch's rank at each level of the branch boards. */
  myBranches: MyBranchRank[]
  /** The first places of the members' board (quizLimits.boardTop of them). */
  top: ContestMemberLine[]
  /** Levels the branch boards rank (below the contest's branch). */
  boardLevels: BoardLevel[]
  /** The board is final (frozen). */
  final: boolean
  canManage: boolean
}

export interface ContestForEdit extends Omit<SaveContestInput, 'requestId' | 'id' | 'rounds'> {
  id: number
  status: ContestStatus
  branch: BranchRef
  rounds: (Omit<SaveContestInput['rounds'][number], 'drawRules'> & { drawRules: DrawRule[]; quizId: number })[]
}

export type ContestBoard =
  | { board: 'members'; final: boolean; items: ContestMemberLine[]; nextCursor: string | null }
  | { board: 'branches'; final: boolean; level: BoardLevel; by: BranchBoardOrder; computedAt: string | null; items: ContestBranchLine[]; nextCursor: string | null }

export interface ContestOutputs {
  saveContest: { id: number }
  publishContest: { id: number; status: ContestStatus }
  cancelContest: { id: number; status: ContestStatus }
  manageContests: { items: ContestSummary[]; nextCursor: string | null }
  contestForEdit: ContestForEdit
  contests: { items: ContestSummary[]; nextCursor: string | null }
  contestDetail: ContestDetail
  contestBoard: ContestBoard
}
