/**
 * 嘉工鹊桥会: names of genders, education levels, states and limits, without zod, so pages can
 * show them (the mini-program bundle must not pull zod in). src/shared/api/dating-common.ts
 * re-exports them.
 */

/** Bump when the sensitive-data consent text on the joining page changes. */
export const datingConsentVersion = '2026-11-dating-v1' as const

export const genderNames = { male: '男', female: '女' } as const
export type Gender = keyof typeof genderNames

/** In rank order: a preference for 本科 admits 本科 and above. */
export const educationNames = {
  junior: '初中及以下',
  senior: '高中/中专',
  college: '大专',
  bachelor: '本科',
  master: '硕士',
  doctor: '博士',
} as const
export type Education = keyof typeof educationNames
export const educations = Object.keys(educationNames) as Education[]
/** 1 (初中及以下) … 6 (博士), the value of dating_profile.education_rank. */
export function educationRank(education: Education): number {
  return educations.indexOf(education) + 1
}

export const maritalNames = { never: '未婚', divorced: '离异', widowed: '丧偶' } as const
export type Marital = keyof typeof maritalNames

export const contactKindNames = { wechat: '微信号', phone: '手机号' } as const
export type ContactKind = keyof typeof contactKindNames

export const profileStateNames = { active: '展示中', paused: '已暂停', suspended: '已暂停使用', closed: '已关闭' } as const
export type ProfileState = keyof typeof profileStateNames

export const revisionStatusNames = { pending: '审核中', approved: '已通过', rejected: '未通过', superseded: '已被新提交替代' } as const
export type RevisionStatus = keyof typeof revisionStatusNames

export const contentCheckNames = { pass: '微信内容安全检测通过', review: '微信内容安全提示需人工复核', not_run: '未经微信检测（自建部署）' } as const
export type ContentCheck = keyof typeof contentCheckNames

export const reportReasonNames = {
  fake: '资料虚假',
  harassment: '骚扰或辱骂',
  money: '借钱、投资或推销',
  obscene: '色情低俗',
  married: '已婚或有伴侣',
  other: '其他',
} as const
export type ReportReason = keyof typeof reportReasonNames
export const reportReasons = Object.keys(reportReasonNames) as ReportReason[]

export const reportStatusNames = { open: '待处理', dismissed: '不予处理', warned: '已警告', suspended: '已暂停使用', closed: '已关闭资料' } as const
export type ReportStatus = keyof typeof reportStatusNames

export const matchViaNames = { like: '互相喜欢', event: '活动互选' } as const
export type MatchVia = keyof typeof matchViaNames

export const matchEndReasonNames = { unmatch: '已解除匹配', block: '已拉黑', deleted: '对方已注销', closed: '对方资料已关闭' } as const
export type MatchEndReason = keyof typeof matchEndReasonNames

export const eventStatusNames = { draft: '未发布', published: '报名中', cancelled: '已取消' } as const
export type DatingEventStatus = keyof typeof eventStatusNames

export const eventSignupStatusNames = {
  pending: '待审核',
  approved: '已通过',
  waitlisted: '候补中',
  rejected: '未通过',
  cancelled: '已取消',
} as const
export type EventSignupStatus = keyof typeof eventSignupStatusNames

export const datingLimits = {
  minAge: 18,
  maxAge: 80,
  photosMin: 1,
  photosMax: 6,
  nicknameMaxLength: 12,
  occupationMaxLength: 20,
  hometownMaxLength: 20,
  introMaxLength: 500,
  interestsMax: 8,
  interestMaxLength: 10,
  heightMin: 120,
  heightMax: 230,
  prefCountiesMax: 20,
  rejectReasonMaxLength: 200,
  /** Likes per member per Shanghai day. */
  likesPerDay: 20,
  messageMaxLength: 500,
  /** Chat messages a member may send per minute, all matches together. */
  messagesPerMinute: 20,
  /** Reports a member may file per Shanghai day. */
  reportsPerDay: 5,
  reportDetailMaxLength: 500,
  /** 互选 picks per attendee per event. */
  picksPerEvent: 3,
  /** How often an open chat asks for new messages. */
  chatPollSeconds: 3,
} as const

/** WeChat ID: 6–20 characters, a letter first, then letters, digits, - or _. */
export const wechatIdPattern = /^[a-zA-Z][-_a-zA-Z0-9]{5,19}$/
/** A mainland mobile number. */
export const mobilePattern = /^1[3-9]\d{9}$/

/**
 * Whole years from a birth month (year * 12 + month - 1, as dating_profile.birth_ym) to a moment,
 * by the Shanghai calendar. The day of birth is not kept, so a birthday counts from its month's start.
 */
export function ageAt(birthYm: number, at: Date): number {
  const shanghai = new Date(at.getTime() + 8 * 3600 * 1000)
  return Math.floor((shanghai.getUTCFullYear() * 12 + shanghai.getUTCMonth() - birthYm) / 12)
}
