import { z } from 'zod'
import type { ParsedInput } from '../../src/shared/api'
import { courseLimits } from '../../src/shared/api/course-common'
import type { CourseStatus } from '../../src/shared/api/course-common'
import type { ManagedCourse, ManagedCourseDetail, ManagedLesson } from '../../src/shared/api/course-learn'
import type { Page } from '../../src/shared/errors'
import { safePublicUrl } from '../../src/shared/safe-url'
import type { Caller } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { attachFiles, recordFiles, releaseFiles, replaceFiles } from '../files/attach'
import { hasVisibleContent, sanitizeRichText } from '../rich-text'
import { covers, inSubtreesSql, requireBranchInScope, scopePaths } from '../scope'
import { iso, isoOrNull } from '../sql'
import { courseSummarySql, notFound, toCourseSummary } from './catalogue'
import { liveLesson, lessonVideoUrl } from './lessons'
import type { LessonRow } from './lessons'
import type { CourseSummaryRow } from './catalogue'

/**
 * Course editors build courses (issue 12 §1): metadata and cover, lessons in order (a video file or
 * URL, or sanitised rich text), publishing. A course_editor edits only courses their grant covers;
 * anything else reads as not there.
 */

interface ManagedRow extends CourseSummaryRow {
  summary: string
  status: CourseStatus
  orderable: boolean
  cover_file_id: number | null
  published_at: Date | null
  updated_at: Date
  branch_path: string
}

const managedSql = `SELECT ${courseSummarySql}, c.summary, c.status, c.orderable, c.cover_file_id, c.published_at, c.updated_at, c.branch_path
  FROM course c JOIN branch b ON b.id = c.branch_id`

function toManaged(row: ManagedRow): ManagedCourse {
  return {
    ...toCourseSummary(row),
    summary: row.summary,
    status: row.status,
    orderable: row.orderable,
    coverFileId: row.cover_file_id,
    publishedAt: isoOrNull(row.published_at),
    updatedAt: iso(row.updated_at),
  }
}

/** A course the caller edits (locked for the transaction when `lock`), or NOT_FOUND. */
async function editableCourse(db: Queryable, caller: Caller, courseId: number, lock = false): Promise<ManagedRow> {
  if (lock) await db.query('SELECT 1 FROM course WHERE id = $1 FOR UPDATE', [courseId])
  const [row] = await db.query<ManagedRow>(`${managedSql} WHERE c.id = $1`, [courseId])
  if (!row || !covers(caller, 'course_editor', row.branch_path)) throw notFound()
  return row
}

const manageCursor = z.object({ at: cursorTime, id: cursorId }).strict()

export async function manageCourses(db: Queryable, caller: Caller, input: ParsedInput<'course', 'manageCourses'>): Promise<Page<ManagedCourse>> {
  const after = decodeCursor(input.cursor, manageCursor)
  const rows = await db.query<ManagedRow>(
    `${managedSql}
      WHERE ${inSubtreesSql('c.branch_path', '$1')} AND ($2::text IS NULL OR c.status = $2)
        AND ($3::timestamptz IS NULL OR (c.updated_at, c.id) < ($3, $4))
      ORDER BY c.updated_at DESC, c.id DESC LIMIT $5`,
    [scopePaths(caller, 'course_editor'), input.status ?? null, after?.at ?? null, after?.id ?? 0, input.limit + 1],
  )
  return pageOf(rows, input.limit, toManaged, (r) => ({ at: iso(r.updated_at), id: r.id }))
}

async function managedDetail(db: Queryable, courseId: number): Promise<ManagedCourseDetail> {
  const [row] = await db.query<ManagedRow>(`${managedSql} WHERE c.id = $1`, [courseId])
  const lessons = await db.query<{ id: number; ord: number; title: string; kind: 'video' | 'article'; duration_seconds: number | null; learners: number }>(
    `SELECT l.id, l.ord, l.title, l.kind, l.duration_seconds,
            (SELECT count(*)::int FROM course_lesson_progress p WHERE p.lesson_id = l.id) AS learners
       FROM course_lesson l WHERE l.course_id = $1 AND l.removed_at IS NULL ORDER BY l.ord`,
    [courseId],
  )
  return {
    course: toManaged(row),
    lessons: lessons.map((l) => ({ id: l.id, ord: l.ord, title: l.title, kind: l.kind, durationSeconds: l.duration_seconds, learners: l.learners })),
  }
}

export async function managedCourse(db: Queryable, caller: Caller, input: ParsedInput<'course', 'managedCourse'>): Promise<ManagedCourseDetail> {
  const course = await editableCourse(db, caller, input.courseId)
  return managedDetail(db, course.id)
}

function toManagedLesson(row: LessonRow): ManagedLesson {
  return {
    id: row.id,
    courseId: row.course_id,
    ord: row.ord,
    title: row.title,
    kind: row.kind,
    videoFileId: row.video_file_id,
    videoUrl: lessonVideoUrl(row),
    durationSeconds: row.duration_seconds,
    articleHtml: row.article_html,
  }
}

/** A live lesson of a course the caller edits, or NOT_FOUND. */
async function editableLesson(db: Queryable, caller: Caller, lessonId: number, lock = false): Promise<LessonRow> {
  const lesson = await liveLesson(db, lessonId)
  if (!lesson) throw new AppError('NOT_FOUND', '课时不存在或已删除')
  await editableCourse(db, caller, lesson.course_id, lock)
  return lesson
}

export async function managedLesson(db: Queryable, caller: Caller, input: ParsedInput<'course', 'managedLesson'>): Promise<ManagedLesson> {
  return toManagedLesson(await editableLesson(db, caller, input.lessonId))
}

export async function saveCourse(db: Db, caller: Caller, input: ParsedInput<'course', 'saveCourse'>): Promise<ManagedCourse> {
  return db.transaction(async (tx) => {
    const branch = await requireBranchInScope(tx, caller, 'course_editor', input.branchId)
    const fields = [input.title, input.summary, input.teacher, input.category, input.orderable, branch.id, branch.path]
    let id: number
    let currentCover: number | null = null
    if (input.id) {
      const existing = await editableCourse(tx, caller, input.id, true)
      currentCover = existing.cover_file_id
      id = existing.id
      await tx.query(
        `UPDATE course SET title = $2, summary = $3, teacher = $4, category = $5, orderable = $6, branch_id = $7, branch_path = $8, updated_at = now()
          WHERE id = $1`,
        [id, ...fields],
      )
    } else {
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO course (title, summary, teacher, category, orderable, branch_id, branch_path, created_by, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (created_by, request_id) WHERE request_id IS NOT NULL DO NOTHING RETURNING id`,
        [...fields, caller.userId, input.requestId ?? null],
      )
      if (!row) {
        // A resent create (its answer was lost): the course it made, unchanged.
        const [made] = await tx.query<{ id: number }>('SELECT id FROM course WHERE created_by = $1 AND request_id = $2', [caller.userId, input.requestId])
        return toManaged(await editableCourse(tx, caller, made.id))
      }
      id = row.id
    }
    if (input.coverFileId !== undefined && input.coverFileId !== currentCover) {
      const [file] = await replaceFiles(tx, caller, input.coverFileId === null ? [] : [input.coverFileId], { purpose: 'course_cover', record: `course:${id}` })
      await tx.query('UPDATE course SET cover_file_id = $2 WHERE id = $1', [id, file?.id ?? null])
    }
    return toManaged(await editableCourse(tx, caller, id))
  })
}

/** The article's images must each be a course_image of this lesson: one it holds, or one of the caller's new uploads. */
async function setArticleImages(tx: Queryable, caller: Caller, lessonId: number, sources: string[], uploaded: number[]): Promise<void> {
  const target = { purpose: 'course_image', record: `course_lesson:${lessonId}` } as const
  const held = await recordFiles(tx, target.record, target.purpose)
  const heldIds = new Set(held.map((f) => f.id))
  const attached = await attachFiles(tx, caller, uploaded.filter((id) => !heldIds.has(id)), target)
  const idByUrl = new Map([...held, ...attached].map((f) => [f.url, f.id]))
  const shown: number[] = []
  for (const src of sources) {
    const id = idByUrl.get(src)
    if (id === undefined) throw new AppError('NOTICE_IMAGE_NOT_UPLOADED', '正文中有图片不是在本课时中上传的，请删除后重新上传')
    shown.push(id)
  }
  await releaseFiles(tx, target.record, { purpose: target.purpose, keep: shown })
}

/** The video's length: from the uploaded file (read from its MP4 header), or as the editor gave it with an https URL. */
async function videoSource(tx: Queryable, input: ParsedInput<'course', 'saveLesson'>): Promise<{ url: string | null; duration: number }> {
  if (input.videoUrl) {
    const url = safePublicUrl(input.videoUrl, ['https:'])
    if (!url) throw new AppError('VALIDATION_FAILED', '视频地址须是以 https:// 开头的公网地址')
    return { url, duration: input.durationSeconds ?? 0 }
  }
  // The lesson row names the file before attachFiles checks it (owner, purpose, readiness) in
  // the same transaction; a file that does not exist must not reach the foreign key.
  const [file] = await tx.query<{ duration_seconds: number | null }>('SELECT duration_seconds FROM file WHERE id = $1', [input.videoFileId])
  if (!file) throw new AppError('FILE_NOT_YOURS')
  if (file.duration_seconds === null) throw new AppError('VALIDATION_FAILED', '未能读出视频时长，请重新上传 MP4 视频')
  return { url: null, duration: file.duration_seconds }
}

export async function saveLesson(db: Db, caller: Caller, input: ParsedInput<'course', 'saveLesson'>): Promise<ManagedLesson> {
  const article = input.kind === 'article' ? sanitizeRichText(input.articleHtml ?? '') : null
  if (article && !hasVisibleContent(article.html)) throw new AppError('VALIDATION_FAILED', '正文不能为空')
  const chars = article ? article.html.replace(/<[^>]*>/g, '').length : 0
  if (chars > courseLimits.articleMaxChars) throw new AppError('VALIDATION_FAILED', `正文不超过 ${courseLimits.articleMaxChars} 字`)
  return db.transaction(async (tx) => {
    const course = await editableCourse(tx, caller, input.courseId, true)
    const video = input.kind === 'video' ? await videoSource(tx, input) : null
    const videoFileId = video && video.url === null ? (input.videoFileId ?? null) : null
    let id: number
    if (input.id) {
      const existing = await editableLesson(tx, caller, input.id)
      if (existing.course_id !== course.id) throw new AppError('NOT_FOUND', '课时不存在或已删除')
      if (existing.kind !== input.kind) {
        const [started] = await tx.query('SELECT 1 FROM course_lesson_progress WHERE lesson_id = $1 LIMIT 1', [existing.id])
        if (started) throw new AppError('VALIDATION_FAILED', '已有学员学习的课时不能更改类型')
      }
      id = existing.id
      await tx.query(
        `UPDATE course_lesson SET title = $2, kind = $3, video_file_id = $8, video_url = $4, duration_seconds = $5, article_html = $6, article_chars = $7, updated_at = now()
          WHERE id = $1`,
        [id, input.title, input.kind, video?.url ?? null, video?.duration ?? null, article?.html ?? null, article ? chars : null, videoFileId],
      )
    } else {
      const [count] = await tx.query<{ n: number; next: number }>(
        'SELECT count(*)::int AS n, COALESCE(max(ord) + 1, 0)::int AS next FROM course_lesson WHERE course_id = $1 AND removed_at IS NULL',
        [course.id],
      )
      if (input.requestId) {
        const [made] = await tx.query<{ id: number }>('SELECT id FROM course_lesson WHERE course_id = $1 AND request_id = $2', [course.id, input.requestId])
        const lesson = made ? await liveLesson(tx, made.id) : null
        if (lesson) return toManagedLesson(lesson)
      }
      if (count.n >= courseLimits.lessonsPerCourse) throw new AppError('COURSE_TOO_MANY_LESSONS')
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO course_lesson (course_id, ord, title, kind, video_url, duration_seconds, article_html, article_chars, request_id, video_file_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [course.id, count.next, input.title, input.kind, video?.url ?? null, video?.duration ?? null, article?.html ?? null, article ? chars : null, input.requestId ?? null, videoFileId],
      )
      id = row.id
      await tx.query('UPDATE course SET lesson_count = lesson_count + 1, updated_at = now() WHERE id = $1', [course.id])
    }
    const record = `course_lesson:${id}`
    await replaceFiles(tx, caller, videoFileId === null ? [] : [videoFileId], { purpose: 'course_video', record })
    if (article) await setArticleImages(tx, caller, id, article.images, input.articleImageFileIds)
    else await releaseFiles(tx, record, { purpose: 'course_image' })
    const saved = await liveLesson(tx, id)
    if (!saved) throw new AppError('INTERNAL')
    return toManagedLesson(saved)
  })
}

export async function moveLesson(db: Db, caller: Caller, input: ParsedInput<'course', 'moveLesson'>): Promise<ManagedCourseDetail> {
  return db.transaction(async (tx) => {
    const lesson = await editableLesson(tx, caller, input.lessonId, true)
    const up = input.direction === 'up'
    const [neighbour] = await tx.query<{ id: number; ord: number }>(
      `SELECT id, ord FROM course_lesson WHERE course_id = $1 AND removed_at IS NULL AND ord ${up ? '<' : '>'} $2 ORDER BY ord ${up ? 'DESC' : 'ASC'} LIMIT 1`,
      [lesson.course_id, lesson.ord],
    )
    if (neighbour) {
      // The live-lesson order index is checked row by row, so the swap goes through a free place.
      await tx.query('UPDATE course_lesson SET ord = (SELECT max(ord) + 1 FROM course_lesson WHERE course_id = $2) WHERE id = $1', [lesson.id, lesson.course_id])
      await tx.query('UPDATE course_lesson SET ord = $2 WHERE id = $1', [neighbour.id, lesson.ord])
      await tx.query('UPDATE course_lesson SET ord = $2 WHERE id = $1', [lesson.id, neighbour.ord])
      await tx.query('UPDATE course SET updated_at = now() WHERE id = $1', [lesson.course_id])
    }
    return managedDetail(tx, lesson.course_id)
  })
}

export async function removeLesson(db: Db, caller: Caller, input: ParsedInput<'course', 'removeLesson'>): Promise<ManagedCourseDetail> {
  return db.transaction(async (tx) => {
    const lesson = await editableLesson(tx, caller, input.lessonId, true)
    const course = await editableCourse(tx, caller, lesson.course_id)
    if (course.status === 'published' && course.lesson_count <= 1) throw new AppError('COURSE_NO_LESSONS', '已发布的课程至少保留一个课时')
    const [started] = await tx.query('SELECT 1 FROM course_lesson_progress WHERE lesson_id = $1 LIMIT 1', [lesson.id])
    // A lesson members have started is kept hidden, so their progress (and what it earned) stays explained.
    if (started) await tx.query('UPDATE course_lesson SET removed_at = now() WHERE id = $1', [lesson.id])
    else {
      await tx.query('UPDATE course_enrolment SET last_lesson_id = NULL WHERE last_lesson_id = $1', [lesson.id])
      await tx.query('DELETE FROM course_lesson WHERE id = $1', [lesson.id])
      await releaseFiles(tx, `course_lesson:${lesson.id}`)
    }
    await tx.query('UPDATE course SET lesson_count = lesson_count - 1, updated_at = now() WHERE id = $1', [lesson.course_id])
    return managedDetail(tx, lesson.course_id)
  })
}

export async function publishCourse(db: Db, caller: Caller, input: ParsedInput<'course', 'publishCourse'>): Promise<ManagedCourse> {
  return db.transaction(async (tx) => {
    const course = await editableCourse(tx, caller, input.courseId, true)
    if (course.lesson_count === 0) throw new AppError('COURSE_NO_LESSONS')
    await tx.query(`UPDATE course SET status = 'published', published_at = COALESCE(published_at, now()), updated_at = now() WHERE id = $1`, [course.id])
    return toManaged(await editableCourse(tx, caller, course.id))
  })
}

export async function unpublishCourse(db: Db, caller: Caller, input: ParsedInput<'course', 'unpublishCourse'>): Promise<ManagedCourse> {
  return db.transaction(async (tx) => {
    const course = await editableCourse(tx, caller, input.courseId, true)
    if (course.status === 'published') await tx.query(`UPDATE course SET status = 'unpublished', updated_at = now() WHERE id = $1`, [course.id])
    return toManaged(await editableCourse(tx, caller, course.id))
  })
}
