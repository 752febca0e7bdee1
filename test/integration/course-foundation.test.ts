import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { certificateCode, completeCourse } from '../../server/course/completion'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { generatedQuestions, insertBank, insertCourse } from '../support/course-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app.close())

async function memberIdOf(userId: number): Promise<number> {
  const [row] = await app.db.query<{ id: number }>('SELECT id FROM member WHERE user_id = $1', [userId])
  return row.id
}

describe('course foundation', () => {
  it('makes certificate codes of 12 unambiguous characters', () => {
    const codes = new Set(Array.from({ length: 1000 }, certificateCode))
    expect(codes.size).toBe(1000)
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJ-NP-Z]{12}$/)
  })

  it('completes a course once: one certificate, points once, one message, whether online or offline comes second', async () => {
    const { courseId } = await insertCourse(app.db, {
      title: '红船精神十讲',
      createdBy: app.users['course-editor'],
      lessons: [
        { title: '开篇', kind: 'video', durationSeconds: 600 },
        { title: '读本', kind: 'article', html: '<p>红船精神，是中国革命精神之源。</p>' },
      ],
    })
    const memberId = await memberIdOf(app.users.member)
    const first = await app.db.transaction((tx) => completeCourse(tx, { courseId, memberId, via: 'offline' }))
    expect(first.completed).toBe(true)
    const again = await app.db.transaction((tx) => completeCourse(tx, { courseId, memberId, via: 'online' }))
    expect(again).toEqual({ completed: false, certificateCode: first.certificateCode })
    const [cert] = await app.db.query<{ member_name: string; course_title: string; issuer_name: string; completed_via: string }>(
      'SELECT member_name, course_title, issuer_name, completed_via FROM course_certificate WHERE code = $1',
      [first.certificateCode],
    )
    expect(cert).toEqual({ member_name: '张晓梅', course_title: '红船精神十讲', issuer_name: '嘉兴市总工会', completed_via: 'offline' })
    const points = await app.db.query<{ delta: number }>(`SELECT delta FROM points_ledger WHERE member_id = $1 AND rule = 'course_completed'`, [memberId])
    expect(points).toEqual([{ delta: 10 }])
    const messages = await app.db.query(`SELECT 1 FROM message WHERE user_id = $1 AND kind = 'course_completed'`, [app.users.member])
    expect(messages).toHaveLength(1)
    const [course] = await app.db.query<{ enrolled_count: number }>('SELECT enrolled_count FROM course WHERE id = $1', [courseId])
    expect(course.enrolled_count).toBe(1)
  })

  it('stores a bank of generated questions', async () => {
    const { questionIds } = await insertBank(app.db, { title: '红船精神题库', createdBy: app.users['course-editor'], questions: generatedQuestions(12) })
    expect(questionIds).toHaveLength(12)
    const [row] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM question WHERE id = ANY($1) AND difficulty = 3`, [questionIds])
    expect(row.n).toBe(4)
  })
})
