import dayjs from 'dayjs'
import { dateTimeValueOf, isoOfDateTime } from '../../../components/datetime-field/datetime-value'
import type { DateTimeValue } from '../../../components/datetime-field/datetime-value'
import type { ActionInput, BranchRef, ContestForEdit } from '../../../shared/api'
import { quizLimits } from '../../../shared/quiz/names'

/** The editor's form: numbers as typed, times as the pickers hold them. */
export interface RuleDraft {
  count: string
  /** 0: any difficulty. */
  difficulty: number
  /** Kept as they were saved: the form edits count and difficulty only. */
  tags?: string[]
}

export interface RoundDraft {
  title: string
  bankId: number | null
  rules: RuleDraft[]
  minutes: string
  start: DateTimeValue
  end: DateTimeValue
}

export interface ContestDraft {
  branch: BranchRef | null
  title: string
  description: string
  start: DateTimeValue
  end: DateTimeValue
  dailyAttempts: string
  participationPoints: string
  placing: { upToRank: string; points: string }[]
  rounds: RoundDraft[]
}

/** A new round, drawing from the bank the previous one used (or the editor's first). */
export function newRound(index: number, start: dayjs.Dayjs, end: dayjs.Dayjs, bankId: number | null): RoundDraft {
  return { title: `第${'一二三四五六七八九十'[index] ?? index + 1}轮`, bankId, rules: [{ count: '10', difficulty: 0 }], minutes: '10', start: dateTimeValueOf(start), end: dateTimeValueOf(end) }
}

export function newContestDraft(branch: BranchRef | null, bankId: number | null): ContestDraft {
  const start = dayjs().add(1, 'day').startOf('day').hour(9)
  const end = start.add(7, 'day').hour(18)
  return {
    branch,
    title: '',
    description: '',
    start: dateTimeValueOf(start),
    end: dateTimeValueOf(end),
    dailyAttempts: '3',
    participationPoints: '5',
    placing: [
      { upToRank: '3', points: '100' },
      { upToRank: '10', points: '50' },
    ],
    rounds: [newRound(0, start, end, bankId)],
  }
}

export function draftOf(c: ContestForEdit): ContestDraft {
  return {
    branch: c.branch,
    title: c.title,
    description: c.description,
    start: dateTimeValueOf(c.startsAt),
    end: dateTimeValueOf(c.endsAt),
    dailyAttempts: String(c.dailyAttempts),
    participationPoints: String(c.participationPoints),
    placing: c.placingPoints.map((t) => ({ upToRank: String(t.upToRank), points: String(t.points) })),
    rounds: c.rounds.map((r) => ({
      title: r.title,
      bankId: r.bankId,
      rules: r.drawRules.map((rule) => ({ count: String(rule.count), difficulty: rule.difficulty ?? 0, tags: rule.tags })),
      minutes: String(Math.round(r.timeLimitSeconds / 60)),
      start: dateTimeValueOf(r.startsAt),
      end: dateTimeValueOf(r.endsAt),
    })),
  }
}

const whole = (text: string) => /^\d+$/.test(text)

/** What the page can tell before the server does (which checks all of it again), or the input. */
export function inputOf(d: ContestDraft, id: number | null, requestId: string): { problem: string } | { input: ActionInput<'quiz', 'saveContest'> } {
  if (!d.branch) return { problem: '请选择主办组织' }
  if (!d.title.trim()) return { problem: '请填写竞赛名称' }
  if (!whole(d.dailyAttempts) || Number(d.dailyAttempts) < 1 || Number(d.dailyAttempts) > quizLimits.contestDailyAttemptsMax) return { problem: `每天可答 1 至 ${quizLimits.contestDailyAttemptsMax} 次` }
  if (!whole(d.participationPoints) || Number(d.participationPoints) > 100) return { problem: '参与积分为 0 至 100' }
  if (d.placing.some((t) => !whole(t.upToRank) || !whole(t.points) || Number(t.points) < 1)) return { problem: '请填写名次奖励的名次和积分' }
  for (const [i, r] of d.rounds.entries()) {
    if (!r.title.trim()) return { problem: `请填写第 ${i + 1} 轮的名称` }
    if (r.bankId === null) return { problem: `请为第 ${i + 1} 轮选择题库` }
    if (r.rules.some((rule) => !whole(rule.count) || Number(rule.count) < 1)) return { problem: `请填写第 ${i + 1} 轮的抽题数量` }
    if (!whole(r.minutes) || Number(r.minutes) < 1) return { problem: `请填写第 ${i + 1} 轮的答题时间` }
  }
  return {
    input: {
      ...(id === null ? {} : { id }),
      requestId,
      branchId: d.branch.id,
      title: d.title,
      description: d.description,
      startsAt: isoOfDateTime(d.start),
      endsAt: isoOfDateTime(d.end),
      dailyAttempts: Number(d.dailyAttempts),
      participationPoints: Number(d.participationPoints),
      placingPoints: d.placing.map((t) => ({ upToRank: Number(t.upToRank), points: Number(t.points) })),
      rounds: d.rounds.map((r) => ({
        title: r.title,
        bankId: r.bankId ?? 0,
        drawRules: r.rules.map((rule) => ({ count: Number(rule.count), ...(rule.difficulty ? { difficulty: rule.difficulty } : {}), ...(rule.tags ? { tags: rule.tags } : {}) })),
        timeLimitSeconds: Number(r.minutes) * 60,
        startsAt: isoOfDateTime(r.start),
        endsAt: isoOfDateTime(r.end),
      })),
    },
  }
}
