import type { ParsedInput } from '../../src/shared/api'
import type { CourseCategory, CourseStatus, CourseSummary } from '../../src/shared/api/course-common'
import { courseCategories } from '../../src/shared/api/course-common'
import type { CourseDetail, CourseHome, Enrolment, LessonItem, MyCourse } from '../../src/shared/api/course-learn'
import type { Page } from '../../src/shared/errors'
import type { Caller } from '../caller'
import { requireMember } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { publicFileUrl } from '../files/storage'
import { ancestorPaths } from '../library/books'
import { covers, scopePaths } from '../scope'
import { branchRefSql, iso, isoOrNull } from '../sql'
import type { BranchRef } from '../sql'
import { z } from 'zod'

/**
 * 职工课堂's catalogue (issue 12 §1): what a member may see and the lists that show it. A course is
 * meant for the members of its branch's subtree: they see it once published. A course_editor
 * covering it sees it in any status.
 */

/**
 * Branch paths whose published courses the caller sees: the ancestors of the member's branch and
 * of each course_editor grant (an editor who is no member previews what the members they serve see).
 */
export function courseAudiencePaths(caller: Caller): string[] {
  const paths = new Set<string>()
  for (const own of [caller.member?.branchPath, ...scopePaths(caller, 'course_editor')]) {
    if (own) for (const p of ancestorPaths(own)) paths.add(p)
  }
  return [...paths]
}

export interface CourseRow {
  id: number
  branch_id: number
  branch_path: string
  title: string
  status: CourseStatus
  lesson_count: number
  orderable: boolean
}

export const notFound = () => new AppError('NOT_FOUND', '课程不存在或已下架')

/**
 * The one check before showing or recording anything of a course: published and meant for the
 * caller, or any status for a course_editor covering it, or (taken down since) enrolled in it.
 * Anything else, a course that does not exist included, is NOT_FOUND: a member of another county
 * learns nothing of its courses.
 */
export async function readableCourse(db: Queryable, caller: Caller, courseId: number): Promise<CourseRow & { asEditor: boolean }> {
  const [row] = await db.query<CourseRow & { enrolled: boolean }>(
    `SELECT c.id, c.branch_id, c.branch_path, c.title, c.status, c.lesson_count, c.orderable,
            EXISTS (SELECT 1 FROM course_enrolment e WHERE e.course_id = c.id AND e.member_id = $2) AS enrolled
       FROM course c WHERE c.id = $1`,
    [courseId, caller.member?.id ?? 0],
  )
  if (!row) throw notFound()
  const asEditor = covers(caller, 'course_editor', row.branch_path)
  const open = row.status === 'published' && courseAudiencePaths(caller).includes(row.branch_path)
  if (!asEditor && !open && !(row.enrolled && row.status !== 'draft')) throw notFound()
  return { ...row, asEditor }
}

/** Columns of a CourseSummary from a course alias `c` joined to its branch `b`. */
export const courseSummarySql = `c.id, c.title, c.teacher, c.category, c.lesson_count, c.enrolled_count, ${branchRefSql('b')} AS branch,
  (SELECT coalesce(f.thumb_ref, f.blob_ref) FROM file f WHERE f.id = c.cover_file_id AND f.status = 'ready') AS cover_ref`

export interface CourseSummaryRow {
  id: number
  title: string
  teacher: string
  category: CourseCategory
  lesson_count: number
  enrolled_count: number
  branch: BranchRef
  cover_ref: string | null
}

export function toCourseSummary(row: CourseSummaryRow): CourseSummary {
  return {
    id: row.id,
    title: row.title,
    teacher: row.teacher,
    category: row.category,
    coverUrl: row.cover_ref ? publicFileUrl(row.cover_ref) : null,
    lessonCount: row.lesson_count,
    enrolledCount: row.enrolled_count,
    branch: row.branch,
  }
}

/** `like` pattern matching `text` literally anywhere. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

const publishedCursor = z.object({ at: cursorTime, id: cursorId }).strict()

export async function courses(db: Queryable, caller: Caller, input: ParsedInput<'course', 'courses'>): Promise<Page<CourseSummary>> {
  const after = decodeCursor(input.cursor, publishedCursor)
  const rows = await db.query<CourseSummaryRow & { published_at: Date }>(
    `SELECT ${courseSummarySql}, c.published_at
       FROM course c JOIN branch b ON b.id = c.branch_id
      WHERE c.status = 'published' AND c.branch_path = ANY($1::text[])
        AND ($2::text IS NULL OR c.category = $2)
        AND ($3::text IS NULL OR c.title ILIKE $3 OR c.teacher ILIKE $3 OR c.summary ILIKE $3)
        AND ($4::timestamptz IS NULL OR (c.published_at, c.id) < ($4, $5))
      ORDER BY c.published_at DESC, c.id DESC LIMIT $6`,
    [courseAudiencePaths(caller), input.category ?? null, input.q ? containing(input.q) : null, after?.at ?? null, after?.id ?? 0, input.limit + 1],
  )
  return pageOf(rows, input.limit, toCourseSummary, (r) => ({ at: iso(r.published_at), id: r.id }))
}

interface MyCourseRow extends CourseSummaryRow {
  completed_lessons: number
  last_lesson_id: number | null
  enrolled_at: Date
  completed_at: Date | null
  updated_at: Date
  certificate_code: string | null
}

const myCourseSql = `SELECT ${courseSummarySql}, e.completed_lessons, e.last_lesson_id, e.enrolled_at, e.completed_at, e.updated_at,
       (SELECT code FROM course_certificate k WHERE k.course_id = c.id AND k.member_id = e.member_id) AS certificate_code
  FROM course_enrolment e JOIN course c ON c.id = e.course_id JOIN branch b ON b.id = c.branch_id`

function toMyCourse(row: MyCourseRow): MyCourse {
  const completedLessons = Math.min(row.completed_lessons, row.lesson_count)
  return {
    ...toCourseSummary(row),
    completedLessons,
    permille: row.completed_at !== null ? 1000 : row.lesson_count === 0 ? 0 : Math.floor((completedLessons * 1000) / row.lesson_count),
    lastLessonId: row.last_lesson_id,
    enrolledAt: iso(row.enrolled_at),
    completedAt: isoOrNull(row.completed_at),
    certificateCode: row.certificate_code,
  }
}

const myCoursesCursor = z.object({ at: cursorTime, id: cursorId }).strict()

export async function myCourses(db: Queryable, caller: Caller, input: ParsedInput<'course', 'myCourses'>): Promise<Page<MyCourse>> {
  const member = requireMember(caller)
  const after = decodeCursor(input.cursor, myCoursesCursor)
  const learning = input.status === 'learning'
  // In progress: last studied first; completed: latest completed first.
  const at = learning ? 'e.updated_at' : 'e.completed_at'
  const rows = await db.query<MyCourseRow>(
    `${myCourseSql}
      WHERE e.member_id = $1 AND e.completed_at IS ${learning ? 'NULL' : 'NOT NULL'}
        AND ($2::timestamptz IS NULL OR (${at}, c.id) < ($2, $3))
      ORDER BY ${at} DESC, c.id DESC LIMIT $4`,
    [member.id, after?.at ?? null, after?.id ?? 0, input.limit + 1],
  )
  return pageOf(rows, input.limit, toMyCourse, (r) => ({ at: iso(learning ? r.updated_at : (r.completed_at as Date)), id: r.id }))
}

export async function courseHome(db: Queryable, caller: Caller): Promise<CourseHome> {
  const paths = courseAudiencePaths(caller)
  const newest = await db.query<CourseSummaryRow>(
    `SELECT ${courseSummarySql} FROM course c JOIN branch b ON b.id = c.branch_id
      WHERE c.status = 'published' AND c.branch_path = ANY($1::text[]) ORDER BY c.published_at DESC, c.id DESC LIMIT 6`,
    [paths],
  )
  const counts = await db.query<{ category: CourseCategory; count: number }>(
    `SELECT category, count(*)::int AS count FROM course WHERE status = 'published' AND branch_path = ANY($1::text[]) GROUP BY category`,
    [paths],
  )
  const byCategory = new Map(counts.map((c) => [c.category, c.count]))
  const learning = caller.member
    ? await db.query<MyCourseRow>(`${myCourseSql} WHERE e.member_id = $1 AND e.completed_at IS NULL ORDER BY e.updated_at DESC, c.id DESC LIMIT 5`, [caller.member.id])
    : []
  return {
    newest: newest.map(toCourseSummary),
    categories: courseCategories.filter((c) => byCategory.has(c)).map((category) => ({ category, count: byCategory.get(category) ?? 0 })),
    learning: learning.map(toMyCourse),
  }
}

interface LessonItemRow {
  id: number
  ord: number
  title: string
  kind: LessonItem['kind']
  duration_seconds: number | null
  watched_seconds: number | null
  completed: boolean
}

/** Live lessons of a course in order, with the member's progress (memberId 0: none). */
export async function lessonItems(db: Queryable, courseId: number, memberId: number): Promise<LessonItem[]> {
  const rows = await db.query<LessonItemRow>(
    `SELECT l.id, l.ord, l.title, l.kind, l.duration_seconds, p.watched_seconds, p.completed_at IS NOT NULL AS completed
       FROM course_lesson l LEFT JOIN course_lesson_progress p ON p.lesson_id = l.id AND p.member_id = $2
      WHERE l.course_id = $1 AND l.removed_at IS NULL ORDER BY l.ord`,
    [courseId, memberId],
  )
  return rows.map((r) => ({
    id: r.id,
    ord: r.ord,
    title: r.title,
    kind: r.kind,
    durationSeconds: r.duration_seconds,
    permille: lessonPermille(r.kind, r.duration_seconds, r.watched_seconds ?? 0, r.completed),
    completed: r.completed,
  }))
}

export function lessonPermille(kind: LessonItem['kind'], duration: number | null, watched: number, completed: boolean): number {
  if (kind === 'article' || !duration) return completed ? 1000 : 0
  return Math.min(1000, Math.floor((watched * 1000) / duration))
}

interface EnrolmentRow {
  enrolled_at: Date
  completed_lessons: number
  last_lesson_id: number | null
  completed_at: Date | null
  completed_via: Enrolment['completedVia']
  certificate_code: string | null
}

export async function findEnrolment(db: Queryable, courseId: number, memberId: number): Promise<Enrolment | null> {
  const [row] = await db.query<EnrolmentRow>(
    `SELECT e.enrolled_at, e.completed_lessons, e.last_lesson_id, e.completed_at, e.completed_via,
            (SELECT code FROM course_certificate k WHERE k.course_id = e.course_id AND k.member_id = e.member_id) AS certificate_code
       FROM course_enrolment e WHERE e.course_id = $1 AND e.member_id = $2`,
    [courseId, memberId],
  )
  if (!row) return null
  return {
    enrolledAt: iso(row.enrolled_at),
    completedLessons: row.completed_lessons,
    lastLessonId: row.last_lesson_id,
    completedAt: isoOrNull(row.completed_at),
    completedVia: row.completed_via,
    certificateCode: row.certificate_code,
  }
}

/** An admin of an enterprise-level branch the course is meant for may order it as an offline course. */
function canOrder(caller: Caller, course: CourseRow): boolean {
  if (!course.orderable || course.status !== 'published') return false
  return scopePaths(caller, 'admin').some((path) => ancestorPaths(path).length === 4 && ancestorPaths(path).includes(course.branch_path))
}

export async function courseDetail(db: Queryable, caller: Caller, input: ParsedInput<'course', 'courseDetail'>): Promise<CourseDetail> {
  const course = await readableCourse(db, caller, input.courseId)
  const [row] = await db.query<CourseSummaryRow & { summary: string; status: CourseStatus; published_at: Date | null; orderable: boolean }>(
    `SELECT ${courseSummarySql}, c.summary, c.status, c.published_at, c.orderable FROM course c JOIN branch b ON b.id = c.branch_id WHERE c.id = $1`,
    [course.id],
  )
  const memberId = caller.member?.id ?? 0
  return {
    course: { ...toCourseSummary(row), summary: row.summary, status: row.status, publishedAt: isoOrNull(row.published_at), orderable: row.orderable },
    lessons: await lessonItems(db, course.id, memberId),
    enrolment: caller.member ? await findEnrolment(db, course.id, memberId) : null,
    canOrder: canOrder(caller, course),
    canManage: course.asEditor,
  }
}

/** Enrols the member (once: a second call answers the same enrolment). Only a published course takes new members. */
export async function enrol(db: Db, caller: Caller, input: ParsedInput<'course', 'enrol'>, now = new Date()): Promise<Enrolment> {
  const member = requireMember(caller)
  const course = await readableCourse(db, caller, input.courseId)
  return db.transaction(async (tx) => {
    const existing = await findEnrolment(tx, course.id, member.id)
    if (existing) return existing
    if (course.status !== 'published' || !courseAudiencePaths(caller).includes(course.branch_path)) throw notFound()
    const inserted = await tx.query(
      `INSERT INTO course_enrolment (course_id, member_id, enrolled_at, updated_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (course_id, member_id) DO NOTHING RETURNING 1`,
      [course.id, member.id, now],
    )
    if (inserted.length) await tx.query('UPDATE course SET enrolled_count = enrolled_count + 1 WHERE id = $1', [course.id])
    const enrolment = await findEnrolment(tx, course.id, member.id)
    if (!enrolment) throw new AppError('INTERNAL')
    return enrolment
  })
}
