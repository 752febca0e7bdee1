import type { ContestPhase, ContestSummary } from '../../shared/api'
import { contestStatusNames } from '../../shared/quiz/names'
import { monthDayTimeText } from '../../utils/time'

export const phaseNames: Record<ContestPhase, string> = { upcoming: '未开始', running: '进行中', ended: '已结束' }

/** 进行中 for members; staff also see 未发布 and 已取消. */
export function contestTag(c: Pick<ContestSummary, 'status' | 'phase'>): { text: string; tone: string } {
  if (c.status === 'published') return { text: phaseNames[c.phase], tone: c.phase }
  return { text: contestStatusNames[c.status], tone: c.status }
}

/** 「11月1日 09:00 — 11月30日 18:00」. */
export function windowText(c: { startsAt: string; endsAt: string }): string {
  return `${monthDayTimeText(c.startsAt)} — ${monthDayTimeText(c.endsAt)}`
}

/** Time taken as the board shows it: 「3分05秒」, or 「42.3秒」 under a minute. */
export function durationText(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}秒`
  const seconds = Math.round(ms / 1000)
  return `${Math.floor(seconds / 60)}分${String(seconds % 60).padStart(2, '0')}秒`
}

/** The tie-break, said on every board. */
export const rankingRule = '排名规则：答对题数多者在前；相同时用时少者在前；再相同时先达到该成绩者在前。'
