/**
 * 职工课堂: names of categories, statuses and limits, without zod, so pages can show them (the
 * mini-program bundle must not pull zod in). src/shared/api/course-common.ts re-exports them.
 */

export const courseCategoryNames = {
  ideology: '思政教育',
  craftsman: '劳模工匠',
  skills: '职业技能',
  safety: '安全生产',
  law: '法律知识',
  health: '健康生活',
  culture: '文化素养',
  other: '其他',
} as const
export type CourseCategory = keyof typeof courseCategoryNames
export const courseCategories = Object.keys(courseCategoryNames) as CourseCategory[]

export const courseStatusNames = { draft: '未发布', published: '已发布', unpublished: '已下架' } as const
export type CourseStatus = keyof typeof courseStatusNames

export const lessonKindNames = { video: '视频', article: '图文' } as const
export type LessonKind = keyof typeof lessonKindNames

export const completedViaNames = { online: '线上学习', offline: '线下培训' } as const
export type CompletedVia = keyof typeof completedViaNames

export const courseOrderStatusNames = {
  requested: '待受理',
  accepted: '已受理',
  declined: '未受理',
  cancelled: '已撤回',
  delivered: '已送课',
} as const
export type CourseOrderStatus = keyof typeof courseOrderStatusNames

export const sessionStatusNames = { scheduled: '报名中', cancelled: '已取消', finished: '已结束' } as const
export type SessionStatus = keyof typeof sessionStatusNames

export const signupStatusNames = { signed: '已报名', waitlisted: '候补中', cancelled: '已取消', attended: '已签到' } as const
export type SignupStatus = keyof typeof signupStatusNames

/** Limits editors and members see in forms; the contract checks the same numbers. */
export const courseLimits = {
  titleMaxLength: 60,
  summaryMaxLength: 200,
  teacherMaxLength: 40,
  lessonsPerCourse: 50,
  /** A video lesson is complete when this share of its length was really watched. */
  completePermille: 900,
  /** Longest video, in seconds (10 hours). */
  videoMaxSeconds: 36000,
  articleMaxChars: 50000,
  headcountMax: 10000,
  preferredDatesMax: 3,
  placeMaxLength: 100,
  sessionCapacityMax: 10000,
} as const
