import { z } from 'zod'
import type { Page } from '../errors'
import { cursorSchema, idSchema, limitSchema, plainText } from './common'
import { courseCategorySchema, courseIdSchema, courseLimits, lessonIdSchema } from './course-common'
import type { CompletedVia, CourseCategory, CourseStatus, CourseSummary, LessonKind } from './course-common'

/**
 * 职工课堂, part learn (issue 12 §1): the catalogue, enrolment, lessons and progress counted by
 * the server from the video segments really watched, and the editors' pages that build courses.
 * Shared names live in ./course-common.
 */

/** How often the lesson page reports what was watched, and the slack a beat may claim beyond 2× the wall time. */
export const learnTimings = { heartbeatSeconds: 15, playbackRateMax: 2, slackSeconds: 5 } as const
/** Segments one beat may carry. */
export const segmentsPerBeat = 20
export const searchTextMax = 30
export const videoUrlMax = 500

const second = z.number({ error: '时间必须是数字' }).int('时间须为整秒').min(0).max(courseLimits.videoMaxSeconds)
/** [from, to): seconds of media played without a jump, from < to. */
const segmentSchema = z
  .object({ from: second, to: second })
  .strict()
  .refine(({ from, to }) => from < to, '观看区间无效')
const requestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号无效')

const titleText = plainText({ min: 1, minMessage: '请填写标题', max: courseLimits.titleMaxLength, maxMessage: `标题不超过 ${courseLimits.titleMaxLength} 字` })
const courseInput = z.object({ courseId: courseIdSchema }).strict()
const lessonInput = z.object({ lessonId: lessonIdSchema }).strict()

export const learnSchemas = {
  /** Members: newest courses, categories with counts, and the caller's courses in progress. */
  courseHome: z.object({}).strict(),
  /** Published courses open to the caller, newest first; by category and/or words of the title, teacher or summary. */
  courses: z
    .object({
      category: courseCategorySchema.nullish(),
      q: plainText({ max: searchTextMax, maxMessage: `搜索词不超过 ${searchTextMax} 字` }).optional(),
      cursor: cursorSchema,
      limit: limitSchema,
    })
    .strict(),
  courseDetail: courseInput,
  /** Idempotent: enrolling twice is one enrolment. */
  enrol: courseInput,
  myCourses: z.object({ status: z.enum(['learning', 'completed'], { error: '请选择课程状态' }), cursor: cursorSchema, limit: limitSchema }).strict(),
  /** An enrolled member opens a lesson (not enrolled: COURSE_NOT_ENROLLED; the detail page enrols first). */
  openLesson: z.object({ courseId: courseIdSchema, lessonId: lessonIdSchema }).strict(),
  /**
   * A video lesson's progress: the segments { from, to } played since the last beat (a seek starts a new one)
   * and where playback stands. The server merges them into what was watched; new seconds beyond
   * 2× the server's wall time since the last beat (+ slack) are refused (COURSE_PROGRESS_TOO_FAST),
   * nothing written. A retried beat adds nothing, so it needs no request id.
   */
  lessonHeartbeat: z
    .object({
      lessonId: lessonIdSchema,
      segments: z.array(segmentSchema).max(segmentsPerBeat, `每次最多上报 ${segmentsPerBeat} 段`),
      positionSeconds: second,
    })
    .strict(),
  /** An article lesson read to its end; refused when opened less than a plausible reading time ago. */
  completeArticle: lessonInput,

  /** Course editors: the courses their grants cover, any status. */
  manageCourses: z.object({ status: z.enum(['draft', 'published', 'unpublished']).nullish(), cursor: cursorSchema, limit: limitSchema }).strict(),
  /** One course as the edit page shows it (lessons without their bodies). */
  managedCourse: courseInput,
  /** One lesson with its body, for the lesson editor. */
  managedLesson: lessonInput,
  /** Creates (no id; `requestId` makes a retry answer the same course) or updates a course's metadata. */
  saveCourse: z
    .object({
      id: courseIdSchema.nullish(),
      branchId: idSchema,
      title: titleText,
      summary: plainText({ max: courseLimits.summaryMaxLength, maxMessage: `简介不超过 ${courseLimits.summaryMaxLength} 字`, multiline: true }),
      teacher: plainText({ max: courseLimits.teacherMaxLength, maxMessage: `讲师不超过 ${courseLimits.teacherMaxLength} 字` }),
      category: courseCategorySchema,
      /** An uploaded course_cover; null: none; absent: unchanged. */
      coverFileId: idSchema.nullish(),
      orderable: z.boolean({ error: '请选择是否接受企业点单' }),
      requestId: requestIdSchema.optional(),
    })
    .strict(),
  /**
   * Creates (no id, appended last; `requestId` makes a retry answer the same lesson) or updates a
   * lesson. Video: an uploaded course_video (its length read from the file) or an https URL with
   * its length. Article: rich text, sanitised; images only course_image uploads.
   */
  saveLesson: z
    .object({
      courseId: courseIdSchema,
      id: lessonIdSchema.nullish(),
      title: titleText,
      kind: z.enum(['video', 'article'], { error: '请选择课时类型' }),
      videoFileId: idSchema.nullish(),
      videoUrl: z.string().trim().max(videoUrlMax, `视频地址不超过 ${videoUrlMax} 字`).nullish(),
      durationSeconds: z.number({ error: '请填写视频时长' }).int('时长须为整秒').min(1, '请填写视频时长').max(courseLimits.videoMaxSeconds, '视频不超过 10 小时').nullish(),
      articleHtml: z.string().max(courseLimits.articleMaxChars * 2, '正文过长').nullish(),
      /** Images uploaded into the article since the editor opened (course_image); the save attaches those it shows. */
      articleImageFileIds: z.array(idSchema).max(50, '正文最多 50 张图片').default([]),
      requestId: requestIdSchema.optional(),
    })
    .strict()
    .superRefine((input, ctx) => {
      if (input.kind === 'video') {
        if ((input.videoFileId == null) === !input.videoUrl) ctx.addIssue({ code: 'custom', message: '请上传视频或填写视频地址（二选一）', path: ['videoUrl'] })
        if (input.videoUrl && input.durationSeconds == null) ctx.addIssue({ code: 'custom', message: '请填写视频时长', path: ['durationSeconds'] })
        if (input.articleHtml != null) ctx.addIssue({ code: 'custom', message: '视频课时没有正文', path: ['articleHtml'] })
      } else {
        if (!input.articleHtml) ctx.addIssue({ code: 'custom', message: '请填写正文', path: ['articleHtml'] })
        if (input.videoFileId != null || input.videoUrl != null) ctx.addIssue({ code: 'custom', message: '图文课时没有视频', path: ['videoUrl'] })
      }
    }),
  /** Swaps a live lesson with its neighbour. */
  moveLesson: z.object({ lessonId: lessonIdSchema, direction: z.enum(['up', 'down'], { error: '请选择移动方向' }) }).strict(),
  /** Deleted, or kept hidden (removed_at) when a member has progress in it. */
  removeLesson: lessonInput,
  /** Needs at least one lesson. */
  publishCourse: courseInput,
  unpublishCourse: courseInput,
}

/** A lesson in the course's list, with the caller's progress. */
export interface LessonItem {
  id: number
  ord: number
  title: string
  kind: LessonKind
  /** Videos only. */
  durationSeconds: number | null
  /** Of the lesson, in thousandths (video: watched share; article: 0 or 1000). */
  permille: number
  completed: boolean
}

export interface Enrolment {
  enrolledAt: string
  completedLessons: number
  /** The lesson to continue with (the last opened one), or null before the first. */
  lastLessonId: number | null
  completedAt: string | null
  completedVia: CompletedVia | null
  certificateCode: string | null
}

export interface CourseDetail {
  course: CourseSummary & { summary: string; status: CourseStatus; publishedAt: string | null; orderable: boolean }
  lessons: LessonItem[]
  /** Null: not enrolled (or not a member). */
  enrolment: Enrolment | null
  /** Show 企业点单: the course takes orders and the caller is an admin of an enterprise-level branch. */
  canOrder: boolean
  /** The caller may edit it (course_editor over its scope). */
  canManage: boolean
}

export interface CourseHome {
  newest: CourseSummary[]
  categories: { category: CourseCategory; count: number }[]
  /** Up to 5, last studied first; empty for a caller who is not a member. */
  learning: MyCourse[]
}

export interface MyCourse extends CourseSummary {
  completedLessons: number
  /** Of the course: completed lessons per live lesson, in thousandths. */
  permille: number
  lastLessonId: number | null
  enrolledAt: string
  completedAt: string | null
  certificateCode: string | null
}

/** A lesson opened to learn: its content, the caller's progress, and the course's lesson list for the page below the player. */
export interface LessonContent {
  courseId: number
  courseTitle: string
  lesson: { id: number; ord: number; title: string; kind: LessonKind }
  /** Videos: the URL to play (public file or the editor's https URL), length, and where to resume. */
  video: { url: string; durationSeconds: number; positionSeconds: number } | null
  /** Articles: sanitised HTML, and the seconds after opening before its end counts as read. */
  article: { html: string; minReadSeconds: number } | null
  progress: LessonProgress
  prevLessonId: number | null
  nextLessonId: number | null
  lessons: LessonItem[]
  heartbeatSeconds: number
}

export interface LessonProgress {
  watchedSeconds: number
  permille: number
  completed: boolean
}

/** What a heartbeat or completeArticle did. */
export interface ProgressResult extends LessonProgress {
  /** This call completed the lesson (false on a retry). */
  lessonCompleted: boolean
  /** Points this call earned for the lesson (0 on a retry or past the daily cap). */
  points: number
  completedLessons: number
  /** Set when this call completed the whole course. */
  courseCompleted: { certificateCode: string } | null
}

export interface ManagedCourse extends CourseSummary {
  summary: string
  status: CourseStatus
  orderable: boolean
  coverFileId: number | null
  publishedAt: string | null
  updatedAt: string
}

export interface ManagedLessonItem {
  id: number
  ord: number
  title: string
  kind: LessonKind
  durationSeconds: number | null
  /** Members with progress in it: removing keeps it hidden rather than deleting it. */
  learners: number
}

export interface ManagedCourseDetail {
  course: ManagedCourse
  lessons: ManagedLessonItem[]
}

export interface ManagedLesson {
  id: number
  courseId: number
  ord: number
  title: string
  kind: LessonKind
  videoFileId: number | null
  /** The uploaded file's public URL, or the editor's URL. */
  videoUrl: string | null
  durationSeconds: number | null
  articleHtml: string | null
}

export interface LearnOutputs {
  courseHome: CourseHome
  courses: Page<CourseSummary>
  courseDetail: CourseDetail
  enrol: Enrolment
  myCourses: Page<MyCourse>
  openLesson: LessonContent
  lessonHeartbeat: ProgressResult
  completeArticle: ProgressResult
  manageCourses: Page<ManagedCourse>
  managedCourse: ManagedCourseDetail
  managedLesson: ManagedLesson
  saveCourse: ManagedCourse
  saveLesson: ManagedLesson
  moveLesson: ManagedCourseDetail
  removeLesson: ManagedCourseDetail
  publishCourse: ManagedCourse
  unpublishCourse: ManagedCourse
}
