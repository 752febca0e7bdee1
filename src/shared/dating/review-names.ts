/**
 * 嘉工鹊桥会, part review: names the 红娘 pages show, without zod (pages import them from here;
 * src/shared/api/dating-review.ts builds its schemas on them).
 */

export const reportActionNames = { dismiss: '不予处理', warn: '警告', suspend: '暂停使用', close: '关闭资料' } as const
export type ReportAction = keyof typeof reportActionNames
export const reportActions = Object.keys(reportActionNames) as [ReportAction, ...ReportAction[]]

export const reportQueueStatusNames = { open: '待处理', handled: '已处理' } as const
export type ReportQueueStatus = keyof typeof reportQueueStatusNames
export const reportQueueStatuses = Object.keys(reportQueueStatusNames) as [ReportQueueStatus, ...ReportQueueStatus[]]

/** The longest suspension a matchmaker may give. */
export const suspendDaysMax = 90

export const revisionFieldNames = {
  nickname: '昵称',
  heightCm: '身高',
  education: '学历',
  occupation: '职业',
  hometown: '家乡',
  marital: '婚姻状况',
  intro: '自我介绍',
  interests: '兴趣爱好',
  photos: '照片',
} as const
export type RevisionField = keyof typeof revisionFieldNames
export const revisionFields = Object.keys(revisionFieldNames) as RevisionField[]
