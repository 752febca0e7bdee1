import type { CampaignSummary } from '../../../shared/api'
import { campaignGoalNames } from '../../../shared/library/names'

export const phaseNames: Record<CampaignSummary['phase'], string> = { upcoming: '未开始', running: '进行中', ended: '已结束' }

/** 「阅读时长 300 分钟」 or 「读完书数 2 本」. */
export function goalText(c: Pick<CampaignSummary, 'goalKind' | 'goalValue'>): string {
  return `${campaignGoalNames[c.goalKind]} ${c.goalValue} ${c.goalKind === 'minutes' ? '分钟' : '本'}`
}

/** 「2026年11月1日 — 11月30日」: the window, both days included. */
export function windowText(c: Pick<CampaignSummary, 'startDay' | 'endDay'>): string {
  const [sy, sm, sd] = c.startDay.split('-').map(Number)
  const [ey, em, ed] = c.endDay.split('-').map(Number)
  return `${sy}年${sm}月${sd}日 — ${ey === sy ? '' : `${ey}年`}${em}月${ed}日`
}
