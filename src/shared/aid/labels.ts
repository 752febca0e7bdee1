import type { CoverageState, EnrolmentStatus, PlanStatus } from '../api/aid-plans'

/** Display names for the client: kept apart from the zod contract, which must not reach the bundle. */
export const planStatusNames: Record<PlanStatus, string> = { draft: '草稿', open: '开放参保', closed: '已关闭' }
export const enrolmentStatusNames: Record<EnrolmentStatus, string> = { pending_payment: '待缴费', active: '保障中', cancelled: '已取消' }
export const payoutSourceNames = { settlement: '一站式结算', claim: '手工申请' } as const
/** How a coverage year reads today; an active enrolment of a past year has simply ended. */
export function coverageStateName(state: CoverageState, status: EnrolmentStatus): string {
  if (state === 'inactive') return enrolmentStatusNames[status]
  return { covered: '保障中', observation: '观察期', not_started: '未开始', lapsed: '已到期' }[state]
}
