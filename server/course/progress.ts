import type { ParsedInput } from '../../src/shared/api'
import { courseLimits } from '../../src/shared/api/course-common'
import { learnTimings } from '../../src/shared/api/course-learn'
import type { LessonContent, ProgressResult } from '../../src/shared/api/course-learn'
import type { Caller } from '../caller'
import { requireMember } from '../caller'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { award } from '../points/ledger'
import { courseAudiencePaths, lessonItems, lessonPermille, notFound, readableCourse } from './catalogue'
import { completeCourse } from './completion'
import { liveLesson, lessonVideoUrl } from './lessons'
import type { LessonRow } from './lessons'

/**
 * Learning progress (issue 12 §1), counted by the server. A video lesson's progress is the set of
 * media seconds really played, merged from heartbeats (int4multirange union in SQL): a jump to the
 * end adds only what plays after it. A beat may add no more new seconds than 2× the server's wall
 * time since the member's previous beat (or the lesson's opening) plus a little slack, so a script
 * cannot claim a lesson faster than it could be watched at double speed. Every write of one
 * member's progress in a course holds the enrolment row's lock: two devices, or two lessons
 * finishing together, are counted one after the other, and the course completes exactly once.
 */

/** Points for a completed lesson (the rule's daily cap bounds a day of them). */
export const lessonPoints = 2
/** Reading speed an article's end is held to: 25 characters a second, at most a minute. */
export const articleCharsPerSecond = 25
export const articleMaxReadSeconds = 60

export function minReadSeconds(chars: number): number {
  return Math.min(articleMaxReadSeconds, Math.ceil(chars / articleCharsPerSecond))
}

/** New media seconds one beat may add after `wallSeconds` of the server's time. */
export function beatBudget(wallSeconds: number): number {
  return Math.max(0, Math.floor(wallSeconds)) * learnTimings.playbackRateMax + learnTimings.slackSeconds
}

/** A live lesson of a published course the member may learn (anything else reads as not there). */
async function learnableLesson(db: Queryable, caller: Caller, lessonId: number, courseId?: number): Promise<LessonRow> {
  const lesson = await liveLesson(db, lessonId)
  if (!lesson || (courseId !== undefined && lesson.course_id !== courseId)) throw new AppError('NOT_FOUND', '课时不存在或已删除')
  const course = await readableCourse(db, caller, lesson.course_id)
  if (course.status !== 'published' || !courseAudiencePaths(caller).includes(course.branch_path)) throw notFound()
  return lesson
}

/** Locks the member's enrolment in the course: the one queue all of their progress in it waits in. */
async function lockEnrolment(tx: Queryable, courseId: number, memberId: number): Promise<void> {
  const [row] = await tx.query('SELECT 1 FROM course_enrolment WHERE course_id = $1 AND member_id = $2 FOR UPDATE', [courseId, memberId])
  if (!row) throw new AppError('COURSE_NOT_ENROLLED')
}

export async function openLesson(db: Db, caller: Caller, input: ParsedInput<'course', 'openLesson'>, now = new Date()): Promise<LessonContent> {
  const member = requireMember(caller)
  const lesson = await learnableLesson(db, caller, input.lessonId, input.courseId)
  const progress = await db.transaction(async (tx) => {
    await lockEnrolment(tx, lesson.course_id, member.id)
    await tx.query('UPDATE course_enrolment SET last_lesson_id = $3, updated_at = $4 WHERE course_id = $1 AND member_id = $2', [
      lesson.course_id,
      member.id,
      lesson.id,
      now,
    ])
    // Opening starts the wall clock a beat's new seconds are held to: a lesson opened last week
    // and never played gives no budget for claiming it all at once today.
    const [row] = await tx.query<{ watched_seconds: number; position_seconds: number; completed: boolean }>(
      `INSERT INTO course_lesson_progress (lesson_id, member_id, course_id, opened_at, last_beat_at, updated_at) VALUES ($1, $2, $3, $4, $4, $4)
       ON CONFLICT (lesson_id, member_id) DO UPDATE SET last_beat_at = $4
       RETURNING watched_seconds, position_seconds, completed_at IS NOT NULL AS completed`,
      [lesson.id, member.id, lesson.course_id, now],
    )
    return row
  })
  const lessons = await lessonItems(db, lesson.course_id, member.id)
  const at = lessons.findIndex((l) => l.id === lesson.id)
  const [course] = await db.query<{ title: string }>('SELECT title FROM course WHERE id = $1', [lesson.course_id])
  const duration = lesson.duration_seconds ?? 0
  const videoUrl = lessonVideoUrl(lesson)
  return {
    courseId: lesson.course_id,
    courseTitle: course.title,
    lesson: { id: lesson.id, ord: lesson.ord, title: lesson.title, kind: lesson.kind },
    video:
      lesson.kind === 'video' && videoUrl
        ? {
            url: videoUrl,
            durationSeconds: duration,
            // Played to the end: the next visit starts from the beginning.
            positionSeconds: progress.position_seconds >= duration - 3 ? 0 : progress.position_seconds,
          }
        : null,
    article: lesson.kind === 'article' ? { html: lesson.article_html ?? '', minReadSeconds: minReadSeconds(lesson.article_chars ?? 0) } : null,
    progress: {
      watchedSeconds: progress.watched_seconds,
      permille: lessonPermille(lesson.kind, lesson.duration_seconds, progress.watched_seconds, progress.completed),
      completed: progress.completed,
    },
    prevLessonId: at > 0 ? lessons[at - 1].id : null,
    nextLessonId: at >= 0 && at < lessons.length - 1 ? lessons[at + 1].id : null,
    lessons,
    heartbeatSeconds: learnTimings.heartbeatSeconds,
  }
}

interface ProgressRow {
  watched_seconds: number
  opened_at: Date
  last_beat_at: Date | null
  completed_at: Date | null
}

async function lockProgress(tx: Queryable, lessonId: number, memberId: number): Promise<ProgressRow> {
  const [row] = await tx.query<ProgressRow>(
    'SELECT watched_seconds, opened_at, last_beat_at, completed_at FROM course_lesson_progress WHERE lesson_id = $1 AND member_id = $2 FOR UPDATE',
    [lessonId, memberId],
  )
  if (!row) throw new AppError('COURSE_LESSON_NOT_OPENED')
  return row
}

/**
 * The lesson is complete (first time only): the enrolment counts it, points are paid, and when
 * every live lesson of the course is complete, the course is (certificate, points, message).
 */
async function completeLesson(
  tx: Queryable,
  lesson: { id: number; course_id: number },
  memberId: number,
  now: Date,
): Promise<Pick<ProgressResult, 'lessonCompleted' | 'points' | 'completedLessons' | 'courseCompleted'>> {
  const marked = await tx.query(
    'UPDATE course_lesson_progress SET completed_at = $3, updated_at = $3 WHERE lesson_id = $1 AND member_id = $2 AND completed_at IS NULL RETURNING 1',
    [lesson.id, memberId, now],
  )
  const [enrolment] = await tx.query<{ completed_lessons: number }>(
    `UPDATE course_enrolment SET completed_lessons = completed_lessons + $3, updated_at = $4
      WHERE course_id = $1 AND member_id = $2 RETURNING completed_lessons`,
    [lesson.course_id, memberId, marked.length, now],
  )
  if (!marked.length) return { lessonCompleted: false, points: 0, completedLessons: enrolment.completed_lessons, courseCompleted: null }
  const moved = await award(tx, { memberId, rule: 'course_lesson', sourceRef: `lesson:${lesson.id}`, points: lessonPoints, at: now })
  const [left] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM course_lesson l
      WHERE l.course_id = $1 AND l.removed_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM course_lesson_progress p WHERE p.lesson_id = l.id AND p.member_id = $2 AND p.completed_at IS NOT NULL)`,
    [lesson.course_id, memberId],
  )
  let courseCompleted: ProgressResult['courseCompleted'] = null
  if (left.n === 0) {
    const completion = await completeCourse(tx, { courseId: lesson.course_id, memberId, via: 'online', now })
    if (completion.completed) courseCompleted = { certificateCode: completion.certificateCode }
  }
  return { lessonCompleted: true, points: moved.replayed ? 0 : moved.delta, completedLessons: enrolment.completed_lessons, courseCompleted }
}

export async function lessonHeartbeat(db: Db, caller: Caller, input: ParsedInput<'course', 'lessonHeartbeat'>, now = new Date()): Promise<ProgressResult> {
  const member = requireMember(caller)
  const lesson = await learnableLesson(db, caller, input.lessonId)
  if (lesson.kind !== 'video' || lesson.duration_seconds === null) throw new AppError('VALIDATION_FAILED', '图文课时无需上报观看进度')
  const duration = lesson.duration_seconds
  if (input.positionSeconds > duration || input.segments.some((s) => s.to > duration)) {
    throw new AppError('VALIDATION_FAILED', '观看进度超出了视频时长')
  }
  return db.transaction(async (tx) => {
    await lockEnrolment(tx, lesson.course_id, member.id)
    const progress = await lockProgress(tx, lesson.id, member.id)
    const [merged] = await tx.query<{ watched: string; total: number }>(
      `WITH merged AS (
         SELECT p.watched + COALESCE((SELECT range_agg(int4range(s.f, s.t)) FROM unnest($3::int[], $4::int[]) AS s(f, t)), '{}'::int4multirange) AS m
           FROM course_lesson_progress p WHERE p.lesson_id = $1 AND p.member_id = $2
       )
       SELECT m::text AS watched, (SELECT COALESCE(sum(upper(r) - lower(r)), 0) FROM unnest(m) AS r)::int AS total FROM merged`,
      [lesson.id, member.id, input.segments.map((s) => s.from), input.segments.map((s) => s.to)],
    )
    const since = progress.last_beat_at ?? progress.opened_at
    const claimed = merged.total - progress.watched_seconds
    if (claimed > beatBudget((now.getTime() - new Date(since).getTime()) / 1000)) throw new AppError('COURSE_PROGRESS_TOO_FAST')
    await tx.query(
      `UPDATE course_lesson_progress SET watched = $3::int4multirange, watched_seconds = $4, position_seconds = $5, last_beat_at = $6, updated_at = $6
        WHERE lesson_id = $1 AND member_id = $2`,
      [lesson.id, member.id, merged.watched, merged.total, input.positionSeconds, now],
    )
    const reached = merged.total * 1000 >= duration * courseLimits.completePermille
    const done =
      reached || progress.completed_at !== null
        ? await completeLesson(tx, lesson, member.id, now)
        : { lessonCompleted: false, points: 0, completedLessons: await completedLessons(tx, lesson.course_id, member.id), courseCompleted: null }
    return {
      watchedSeconds: merged.total,
      permille: lessonPermille('video', duration, merged.total, reached || progress.completed_at !== null),
      completed: reached || progress.completed_at !== null,
      ...done,
    }
  })
}

async function completedLessons(tx: Queryable, courseId: number, memberId: number): Promise<number> {
  const [row] = await tx.query<{ completed_lessons: number }>('SELECT completed_lessons FROM course_enrolment WHERE course_id = $1 AND member_id = $2', [
    courseId,
    memberId,
  ])
  return row.completed_lessons
}

export async function completeArticle(db: Db, caller: Caller, input: ParsedInput<'course', 'completeArticle'>, now = new Date()): Promise<ProgressResult> {
  const member = requireMember(caller)
  const lesson = await learnableLesson(db, caller, input.lessonId)
  if (lesson.kind !== 'article') throw new AppError('VALIDATION_FAILED', '视频课时按观看进度完成')
  return db.transaction(async (tx) => {
    await lockEnrolment(tx, lesson.course_id, member.id)
    const progress = await lockProgress(tx, lesson.id, member.id)
    if (progress.completed_at === null) {
      const needed = minReadSeconds(lesson.article_chars ?? 0)
      const read = (now.getTime() - new Date(progress.opened_at).getTime()) / 1000
      if (read < needed) throw new AppError('COURSE_PROGRESS_TOO_FAST', `请认真阅读，本课时至少需要阅读 ${needed} 秒`)
    }
    const done = await completeLesson(tx, lesson, member.id, now)
    return { watchedSeconds: 0, permille: 1000, completed: true, ...done }
  })
}
