import type { Queryable } from '../../server/db'
import type { CourseCategory } from '../../src/shared/course/names'
import type { Difficulty, QuestionKind } from '../../src/shared/quiz/names'

async function branchByName(db: Queryable, name: string | undefined): Promise<{ id: number; path: string; level: number }> {
  const [branch] = await db.query<{ id: number; path: string; level: number }>(
    name ? 'SELECT id, path, level FROM branch WHERE name = $1' : 'SELECT id, path, level FROM branch WHERE level = 1',
    name ? [name] : [],
  )
  if (!branch) throw new Error(`fixture: no branch ${name}`)
  return branch
}

export interface CourseFixture {
  title: string
  teacher?: string
  category?: CourseCategory
  /** The branch whose subtree the course is for, by name (default: the city). */
  branchName?: string
  status?: 'draft' | 'published' | 'unpublished'
  orderable?: boolean
  createdBy: number
  lessons: ({ title: string; kind: 'video'; videoUrl?: string; durationSeconds: number } | { title: string; kind: 'article'; html: string })[]
}

/**
 * A course inserted directly, as the editor's pages leave it (the learn part has its own tests of
 * editing). Video lessons point at a URL. Returns the course's id and its lessons' ids in order.
 */
export async function insertCourse(db: Queryable, course: CourseFixture): Promise<{ courseId: number; lessonIds: number[] }> {
  const branch = await branchByName(db, course.branchName)
  const status = course.status ?? 'published'
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO course (branch_id, branch_path, title, teacher, category, orderable, status, published_at, lesson_count, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7 = 'draft' THEN NULL ELSE now() END, $8, $9) RETURNING id`,
    [branch.id, branch.path, course.title, course.teacher ?? '王老师', course.category ?? 'ideology', course.orderable ?? false, status, course.lessons.length, course.createdBy],
  )
  const lessonIds: number[] = []
  for (const [ord, lesson] of course.lessons.entries()) {
    const [l] = await db.query<{ id: number }>(
      lesson.kind === 'video'
        ? `INSERT INTO course_lesson (course_id, ord, title, kind, video_url, duration_seconds) VALUES ($1, $2, $3, 'video', $4, $5) RETURNING id`
        : `INSERT INTO course_lesson (course_id, ord, title, kind, article_html, article_chars) VALUES ($1, $2, $3, 'article', $4, $5) RETURNING id`,
      lesson.kind === 'video'
        ? [row.id, ord, lesson.title, lesson.videoUrl ?? `https://video.example.cn/lesson-${ord}.mp4`, lesson.durationSeconds]
        : [row.id, ord, lesson.title, lesson.html, lesson.html.replace(/<[^>]*>/g, '').length],
    )
    lessonIds.push(l.id)
  }
  return { courseId: row.id, lessonIds }
}

export interface QuestionFixture {
  kind: QuestionKind
  stem: string
  options?: string[]
  answer: number[]
  explanation?: string
  tags?: string[]
  difficulty?: Difficulty
}

/** A question bank with its questions, as an import leaves it. Returns the bank's and questions' ids. */
export async function insertBank(
  db: Queryable,
  bank: { title: string; branchName?: string; createdBy: number; questions: QuestionFixture[] },
): Promise<{ bankId: number; questionIds: number[] }> {
  const branch = await branchByName(db, bank.branchName)
  const [row] = await db.query<{ id: number }>(
    'INSERT INTO question_bank (branch_id, branch_path, title, question_count, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [branch.id, branch.path, bank.title, bank.questions.length, bank.createdBy],
  )
  const questionIds: number[] = []
  for (const q of bank.questions) {
    const [r] = await db.query<{ id: number }>(
      `INSERT INTO question (bank_id, kind, stem, options, answer, explanation, tags, difficulty, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [row.id, q.kind, q.stem, q.options ?? ['正确', '错误'], q.answer, q.explanation ?? '', q.tags ?? [], q.difficulty ?? 1, bank.createdBy],
    )
    questionIds.push(r.id)
  }
  return { bankId: row.id, questionIds }
}

/**
 * `count` generated questions for draws: single choice, four options, answer index `i % 4`, tags
 * cycling through `tags`, difficulty cycling 1..3. Stems are numbered so tests can find a question's answer.
 */
export function generatedQuestions(count: number, tags: string[] = ['红船精神', '工会知识']): QuestionFixture[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'single' as const,
    stem: `第${i + 1}题：以下哪一项正确？`,
    options: ['选项甲', '选项乙', '选项丙', '选项丁'],
    answer: [i % 4],
    explanation: `第${i + 1}题的解析。`,
    tags: [tags[i % tags.length]],
    difficulty: ((i % 3) + 1) as Difficulty,
  }))
}
