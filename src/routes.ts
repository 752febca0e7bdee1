/** Page paths in one place: pages link to each other only through these. */
export const routes = {
  home: '/pages/home/index',
  card: '/pages/card/index',
  login: '/pages/auth/login/index',
  me: '/pages/account/me/index',
  join: '/pages/membership/join/index',
  review: '/pages/membership/review/index',
  noticeDetail: '/pages/notice/detail/index',
  noticeManage: '/pages/notice/manage/index',
  noticeEdit: '/pages/notice/edit/index',
  roles: '/pages/admin/roles/index',
  verifyCard: '/pages/admin/verify-card/index',
  points: '/pages/points/index/index',
  pointsGrant: '/pages/points/grant/index',
  pointsBudgets: '/pages/points/budgets/index',
  mall: '/pages/mall/index/index',
  mallItem: '/pages/mall/item/index',
  mallOrders: '/pages/mall/orders/index',
  mallOrder: '/pages/mall/order/index',
  mallAdminItems: '/pages/mall-admin/items/index',
  mallAdminItemEdit: '/pages/mall-admin/item-edit/index',
  mallAdminOrders: '/pages/mall-admin/orders/index',
  mallAdminStats: '/pages/mall-admin/stats/index',
  notFound: '/pages/not-found/index',
  mallAdminPickupPoints: '/pages/mall-admin/pickup-points/index',
  messages: '/pages/message/index',
  aidPlans: '/pages/aid/plans/index',
  aidPlanEdit: '/pages/aid/plan-edit/index',
  aidCoverage: '/pages/aid/coverage/index',
  aidEnrolBatch: '/pages/aid/enrol-batch/index',
  aidPayments: '/pages/aid/payments/index',
  aidEnrol: '/pages/aid/enrol/index',
  aidSettlement: '/pages/aid/settlement/index',
  aidClaims: '/pages/aid/claims/index',
  aidClaim: '/pages/aid/claim/index',
  aidClaimNew: '/pages/aid/claim-new/index',
  aidReviewQueue: '/pages/aid/review-queue/index',
  aidReview: '/pages/aid/review/index',
  aidFigures: '/pages/aid/figures/index',
  legalAsk: '/pages/legal/ask/index',
  legalQuestion: '/pages/legal/question/index',
  legalKnowledge: '/pages/legal/knowledge/index',
  legalArticle: '/pages/legal/article/index',
  legalPublish: '/pages/legal/publish/index',
} as const

export function withQuery<P extends string>(path: P, query: Record<string, string | number>): P | `${P}?${string}` {
  const search = Object.entries(query)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join('&')
  return search ? `${path}?${search}` : path
}
