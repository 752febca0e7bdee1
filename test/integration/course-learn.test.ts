import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCaller } from '../../server/caller'
import type { Caller } from '../../server/caller'
import { completeArticle, lessonHeartbeat, minReadSeconds, openLesson } from '../../server/course/progress'
import { AppError } from '../../server/errors'
import { seedDemoCourses } from '../../server/seed/demo-courses'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertCourse } from '../support/course-fixtures'
import { testEnv } from '../support/env'
import { insertLegalMember } from '../support/legal-fixtures'

/**
 * 职工课堂, part learn (issue 12 §1). The progress proofs drive the server functions with a clock
 * the test controls (`now`), the way the actions drive them with the real one.
 */

let app: TestApp
let phone = 13910000000
/** A long enough article: 600 characters → 24 s of plausible reading. */
const articleText = '红船精神是中国革命精神之源。'.repeat(43).slice(0, 600)

beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app.close())

async function callerOf(userId: number): Promise<Caller> {
  const caller = await loadCaller(app.db, userId)
  if (!caller) throw new Error('no caller')
  return caller
}

/** A member of their own in 张晓梅's enterprise, so each test starts with no progress and no points. */
async function newLearner(branch = '嘉兴恒创电子有限公司工会'): Promise<{ userId: number; memberId: number; caller: Caller }> {
  phone += 1
  const member = await insertLegalMember(app, { branch, name: '学习者', phone: String(phone) })
  return { ...member, caller: await callerOf(member.userId) }
}

async function videoArticleCourse(title = '红船精神十讲', durationSeconds = 100) {
  return insertCourse(app.db, {
    title,
    createdBy: app.users['course-editor'],
    lessons: [
      { title: '第一讲 开天辟地', kind: 'video', durationSeconds },
      { title: '第二讲 读本', kind: 'article', html: `<p>${articleText}</p>` },
    ],
  })
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe(code)
}

const at = (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000)

async function progressRow(lessonId: number, memberId: number) {
  const [row] = await app.db.query<{ watched: string; watched_seconds: number; position_seconds: number; completed: boolean }>(
    `SELECT watched::text, watched_seconds, position_seconds, completed_at IS NOT NULL AS completed
       FROM course_lesson_progress WHERE lesson_id = $1 AND member_id = $2`,
    [lessonId, memberId],
  )
  return row
}

async function ledger(memberId: number, rule: string): Promise<number[]> {
  const rows = await app.db.query<{ delta: number }>('SELECT delta FROM points_ledger WHERE member_id = $1 AND rule = $2 ORDER BY id', [memberId, rule])
  return rows.map((r) => r.delta)
}

describe('course catalogue and scope', () => {
  it('shows members the published courses meant for their branch, nothing of siblings, no drafts', async () => {
    const createdBy = app.users['course-editor']
    const town = await insertCourse(app.db, { title: '油车港镇安全课', branchName: '油车港镇总工会', category: 'safety', createdBy, lessons: [{ title: '一', kind: 'video', durationSeconds: 60 }] })
    const sibling = await insertCourse(app.db, { title: '王江泾镇技能课', branchName: '王江泾镇总工会', createdBy, lessons: [{ title: '一', kind: 'video', durationSeconds: 60 }] })
    const draft = await insertCourse(app.db, { title: '未发布的课', status: 'draft', createdBy, lessons: [{ title: '一', kind: 'video', durationSeconds: 60 }] })

    const mine = await app.ok(app.users.member, 'course', 'courses', { limit: 50 })
    const titles = mine.items.map((c) => c.title)
    expect(titles).toContain('油车港镇安全课')
    expect(titles).not.toContain('王江泾镇技能课')
    expect(titles).not.toContain('未发布的课')
    const safety = await app.ok(app.users.member, 'course', 'courses', { category: 'safety', q: '安全' })
    expect(safety.items.map((c) => c.id)).toEqual([town.courseId])
    // A LIKE wildcard is searched for literally.
    expect((await app.ok(app.users.member, 'course', 'courses', { q: '%' })).items).toEqual([])

    expect((await app.fail(app.users.member, 'course', 'courseDetail', { courseId: sibling.courseId })).code).toBe('NOT_FOUND')
    expect((await app.fail(app.users.member, 'course', 'courseDetail', { courseId: draft.courseId })).code).toBe('NOT_FOUND')
    expect((await app.fail(app.users.member, 'course', 'enrol', { courseId: sibling.courseId })).code).toBe('NOT_FOUND')
    expect((await app.fail(app.users['sibling-member'], 'course', 'courseDetail', { courseId: town.courseId })).code).toBe('NOT_FOUND')
    // The editor covering a draft sees it.
    const preview = await app.ok(app.users['course-editor'], 'course', 'courseDetail', { courseId: draft.courseId })
    expect(preview.canManage).toBe(true)

    const home = await app.ok(app.users.member, 'course', 'courseHome', {})
    expect(home.newest.map((c) => c.id)).not.toContain(sibling.courseId)
    expect(home.categories.find((c) => c.category === 'safety')?.count).toBeGreaterThanOrEqual(1)
  })

  it('shows 企业点单 to an enterprise admin for an orderable course only', async () => {
    const createdBy = app.users['course-editor']
    const orderable = await insertCourse(app.db, { title: '劳模工匠技能课', orderable: true, createdBy, lessons: [{ title: '一', kind: 'video', durationSeconds: 60 }] })
    const plain = await insertCourse(app.db, { title: '普通课程', createdBy, lessons: [{ title: '一', kind: 'video', durationSeconds: 60 }] })
    expect((await app.ok(app.users['enterprise-admin'], 'course', 'courseDetail', { courseId: orderable.courseId })).canOrder).toBe(true)
    expect((await app.ok(app.users['enterprise-admin'], 'course', 'courseDetail', { courseId: plain.courseId })).canOrder).toBe(false)
    expect((await app.ok(app.users.member, 'course', 'courseDetail', { courseId: orderable.courseId })).canOrder).toBe(false)
  })

  it('enrols once, and lists my courses by progress', async () => {
    const { courseId } = await videoArticleCourse('我的课程测试')
    const learner = await newLearner()
    const first = await app.ok(learner.userId, 'course', 'enrol', { courseId })
    const again = await app.ok(learner.userId, 'course', 'enrol', { courseId })
    expect(again).toEqual(first)
    const [course] = await app.db.query<{ enrolled_count: number }>('SELECT enrolled_count FROM course WHERE id = $1', [courseId])
    expect(course.enrolled_count).toBe(1)
    const learning = await app.ok(learner.userId, 'course', 'myCourses', { status: 'learning' })
    expect(learning.items.map((c) => [c.id, c.permille])).toEqual([[courseId, 0]])
    expect((await app.ok(learner.userId, 'course', 'myCourses', { status: 'completed' })).items).toEqual([])
    const detail = await app.ok(learner.userId, 'course', 'courseDetail', { courseId })
    expect(detail.enrolment?.completedLessons).toBe(0)
    expect(detail.lessons.map((l) => l.kind)).toEqual(['video', 'article'])
    // Staff without membership cannot enrol.
    expect((await app.fail(app.users['course-editor'], 'course', 'enrol', { courseId })).code).toBe('NOT_MEMBER')
  })
})

describe('course editing', () => {
  it('builds a course: metadata, an article and a URL video, order, publish; retries make one of each', async () => {
    const editor = app.users['course-editor']
    const city = await app.branchId('嘉兴市总工会')
    const fields = { branchId: city, title: '工匠精神公开课', summary: '走进劳模工匠。', teacher: '陆老师', category: 'craftsman', orderable: true } as const
    const course = await app.ok(editor, 'course', 'saveCourse', { ...fields, requestId: 'course-create-001' })
    expect(await app.ok(editor, 'course', 'saveCourse', { ...fields, requestId: 'course-create-001' })).toMatchObject({ id: course.id })
    expect(course.status).toBe('draft')
    expect((await app.fail(editor, 'course', 'publishCourse', { courseId: course.id })).code).toBe('COURSE_NO_LESSONS')

    const article = await app.ok(editor, 'course', 'saveLesson', {
      courseId: course.id,
      title: '工匠精神读本',
      kind: 'article',
      articleHtml: '<p>精益求精<script>alert(1)</script></p><p onclick="x()">追求卓越</p>',
      requestId: 'lesson-create-001',
    })
    expect(article.articleHtml).toBe('<p>精益求精</p><p>追求卓越</p>')
    const retried = await app.ok(editor, 'course', 'saveLesson', { courseId: course.id, title: '工匠精神读本', kind: 'article', articleHtml: '<p>x</p>', requestId: 'lesson-create-001' })
    expect(retried.id).toBe(article.id)

    expect(
      (await app.fail(editor, 'course', 'saveLesson', { courseId: course.id, title: '视频', kind: 'video', videoUrl: 'http://video.example.cn/a.mp4', durationSeconds: 60 })).code,
    ).toBe('VALIDATION_FAILED')
    expect((await app.fail(editor, 'course', 'saveLesson', { courseId: course.id, title: '视频', kind: 'video', videoUrl: 'https://video.example.cn/a.mp4' })).code).toBe(
      'VALIDATION_FAILED',
    )
    const video = await app.ok(editor, 'course', 'saveLesson', { courseId: course.id, title: '大师访谈', kind: 'video', videoUrl: 'https://video.example.cn/a.mp4', durationSeconds: 600 })
    expect(video).toMatchObject({ kind: 'video', durationSeconds: 600, ord: 1 })

    const moved = await app.ok(editor, 'course', 'moveLesson', { lessonId: video.id, direction: 'up' })
    expect(moved.lessons.map((l) => l.id)).toEqual([video.id, article.id])
    const published = await app.ok(editor, 'course', 'publishCourse', { courseId: course.id })
    expect(published.status).toBe('published')
    expect(published.lessonCount).toBe(2)

    // A lesson nobody started is deleted; the last lesson of a published course stays.
    const left = await app.ok(editor, 'course', 'removeLesson', { lessonId: article.id })
    expect(left.lessons.map((l) => l.id)).toEqual([video.id])
    expect((await app.fail(editor, 'course', 'removeLesson', { lessonId: video.id })).code).toBe('COURSE_NO_LESSONS')
    const listed = await app.ok(editor, 'course', 'manageCourses', { status: 'published' })
    expect(listed.items.map((c) => c.id)).toContain(course.id)
  })

  it('refuses editors outside the course scope', async () => {
    const county = app.users['county-course-editor']
    const { courseId, lessonIds } = await videoArticleCourse('市级课程')
    expect((await app.fail(county, 'course', 'managedCourse', { courseId })).code).toBe('NOT_FOUND')
    expect((await app.fail(county, 'course', 'publishCourse', { courseId })).code).toBe('NOT_FOUND')
    expect((await app.fail(county, 'course', 'removeLesson', { lessonId: lessonIds[0] })).code).toBe('NOT_FOUND')
    const city = await app.branchId('嘉兴市总工会')
    const before = await app.snapshot()
    const refused = await app.fail(county, 'course', 'saveCourse', { branchId: city, title: '越权', summary: '', teacher: '', category: 'other', orderable: false })
    expect(refused.code).toBe('OUT_OF_SCOPE')
    expect(await app.snapshot()).toEqual(before)
    expect((await app.fail(app.users.member, 'course', 'manageCourses', {})).code).toBe('FORBIDDEN')
    // Its own county's courses are its to edit.
    const own = await app.ok(county, 'course', 'saveCourse', { branchId: await app.branchId('秀洲区总工会'), title: '秀洲区课程', summary: '', teacher: '', category: 'other', orderable: false })
    expect(own.branch.name).toBe('秀洲区总工会')
  })

  it('takes a video lesson from an uploaded file with its length', async () => {
    const editor = app.users['course-editor']
    const course = await app.ok(editor, 'course', 'saveCourse', { branchId: await app.branchId('嘉兴市总工会'), title: '上传视频', summary: '', teacher: '', category: 'other', orderable: false })
    const [file] = await app.db.query<{ id: number }>(
      `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, ticket_expires_at, ready_at, duration_seconds)
       VALUES ($1, 'course_video', 'a.mp4', 'ready', 1000, 'video/mp4', 'video/mp4', 1000, 'public/a-video.mp4', now(), now(), 42) RETURNING id`,
      [editor],
    )
    const lesson = await app.ok(editor, 'course', 'saveLesson', { courseId: course.id, title: '上传的视频', kind: 'video', videoFileId: file.id })
    expect(lesson).toMatchObject({ durationSeconds: 42, videoFileId: file.id, videoUrl: '/files/a-video.mp4' })
    const [row] = await app.db.query<{ record: string }>('SELECT record FROM file WHERE id = $1', [file.id])
    expect(row.record).toBe(`course_lesson:${lesson.id}`)
    // Someone else's upload, or no file at all.
    expect((await app.fail(app.users['county-course-editor'], 'course', 'saveLesson', { courseId: course.id, title: 'x', kind: 'video', videoFileId: file.id })).code).toBe('NOT_FOUND')
    expect((await app.fail(editor, 'course', 'saveLesson', { courseId: course.id, title: 'x', kind: 'video', videoFileId: 999_999 })).code).toBe('FILE_NOT_YOURS')
  })
})

describe('progress', () => {
  it('does not complete a video skipped to the end; real watching does, with points once', async () => {
    const { courseId, lessonIds } = await videoArticleCourse()
    const [videoId] = lessonIds
    const learner = await newLearner()
    await expectCode(openLesson(app.db, learner.caller, { courseId, lessonId: videoId }), 'COURSE_NOT_ENROLLED')
    await app.ok(learner.userId, 'course', 'enrol', { courseId })
    const t0 = new Date('2026-03-02T01:00:00Z')
    const opened = await openLesson(app.db, learner.caller, { courseId, lessonId: videoId }, t0)
    expect(opened.video).toMatchObject({ durationSeconds: 100, positionSeconds: 0 })
    expect(opened.nextLessonId).toBe(lessonIds[1])

    // 5 s watched, then a seek to 95 s and the last 5 s played: 10 s watched, not complete.
    await lessonHeartbeat(app.db, learner.caller, { lessonId: videoId, segments: [{ from: 0, to: 5 }], positionSeconds: 5 }, at(t0, 5))
    const skipped = await lessonHeartbeat(app.db, learner.caller, { lessonId: videoId, segments: [{ from: 95, to: 100 }], positionSeconds: 100 }, at(t0, 10))
    expect(skipped).toMatchObject({ watchedSeconds: 10, completed: false, permille: 100 })

    // Claiming the middle at once is faster than real time: refused, nothing written.
    await expectCode(
      lessonHeartbeat(app.db, learner.caller, { lessonId: videoId, segments: [{ from: 5, to: 95 }], positionSeconds: 95 }, at(t0, 15)),
      'COURSE_PROGRESS_TOO_FAST',
    )
    expect(await progressRow(videoId, learner.memberId)).toMatchObject({ watched: '{[0,5),[95,100)}', watched_seconds: 10, position_seconds: 100 })

    // Watching in real time, a beat every 15 s.
    let t = 10
    let last = skipped
    for (let from = 5; from < 80; from += 15) {
      t += 15
      last = await lessonHeartbeat(app.db, learner.caller, { lessonId: videoId, segments: [{ from, to: from + 15 }], positionSeconds: from + 15 }, at(t0, t))
    }
    expect(last).toMatchObject({ watchedSeconds: 85, completed: false, permille: 850 })
    t += 5
    last = await lessonHeartbeat(app.db, learner.caller, { lessonId: videoId, segments: [{ from: 80, to: 85 }], positionSeconds: 85 }, at(t0, t))
    expect(last).toMatchObject({ watchedSeconds: 90, completed: true, lessonCompleted: true, points: 2, completedLessons: 1, courseCompleted: null })
    // The retried beat adds nothing and pays nothing.
    const retried = await lessonHeartbeat(app.db, learner.caller, { lessonId: videoId, segments: [{ from: 80, to: 85 }], positionSeconds: 85 }, at(t0, t + 1))
    expect(retried).toMatchObject({ watchedSeconds: 90, completed: true, lessonCompleted: false, points: 0, completedLessons: 1 })
    expect(await ledger(learner.memberId, 'course_lesson')).toEqual([2])

    // Resumes where it stopped.
    const reopened = await openLesson(app.db, learner.caller, { courseId, lessonId: videoId }, at(t0, t + 60))
    expect(reopened.video?.positionSeconds).toBe(85)
    expect(reopened.progress).toEqual({ watchedSeconds: 90, permille: 900, completed: true })
  })

  it('refuses beats outside the video, for an article, for a lesson not opened, and for a course not enrolled', async () => {
    const { courseId, lessonIds } = await videoArticleCourse()
    const learner = await newLearner()
    await expectCode(lessonHeartbeat(app.db, learner.caller, { lessonId: lessonIds[0], segments: [{ from: 0, to: 5 }], positionSeconds: 5 }), 'COURSE_NOT_ENROLLED')
    expect((await app.fail(learner.userId, 'course', 'lessonHeartbeat', { lessonId: lessonIds[0], segments: [{ from: 0, to: 5 }], positionSeconds: 5 })).code).toBe('COURSE_NOT_ENROLLED')
    await app.ok(learner.userId, 'course', 'enrol', { courseId })
    await expectCode(lessonHeartbeat(app.db, learner.caller, { lessonId: lessonIds[0], segments: [{ from: 0, to: 5 }], positionSeconds: 5 }), 'COURSE_LESSON_NOT_OPENED')
    await openLesson(app.db, learner.caller, { courseId, lessonId: lessonIds[0] })
    await expectCode(lessonHeartbeat(app.db, learner.caller, { lessonId: lessonIds[0], segments: [{ from: 90, to: 101 }], positionSeconds: 100 }), 'VALIDATION_FAILED')
    await expectCode(lessonHeartbeat(app.db, learner.caller, { lessonId: lessonIds[1], segments: [{ from: 0, to: 5 }], positionSeconds: 5 }), 'VALIDATION_FAILED')
    expect((await app.fail(learner.userId, 'course', 'lessonHeartbeat', { lessonId: lessonIds[0], segments: [{ from: 5, to: 5 }], positionSeconds: 5 })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(learner.userId, 'course', 'openLesson', { courseId: courseId + 1_000, lessonId: lessonIds[0] })).code).toBe('NOT_FOUND')
  })

  it('completes an article only after a plausible reading time, and the course once with its certificate', async () => {
    const { courseId, lessonIds } = await videoArticleCourse('两课时课程', 20)
    const [videoId, articleId] = lessonIds
    const learner = await newLearner()
    await app.ok(learner.userId, 'course', 'enrol', { courseId })
    const t0 = new Date('2026-03-03T02:00:00Z')
    const article = await openLesson(app.db, learner.caller, { courseId, lessonId: articleId }, t0)
    expect(article.article?.minReadSeconds).toBe(minReadSeconds(600))
    expect(minReadSeconds(600)).toBe(24)
    await expectCode(completeArticle(app.db, learner.caller, { lessonId: articleId }, at(t0, 10)), 'COURSE_PROGRESS_TOO_FAST')
    expect(await progressRow(articleId, learner.memberId)).toMatchObject({ completed: false })
    const read = await completeArticle(app.db, learner.caller, { lessonId: articleId }, at(t0, 30))
    expect(read).toMatchObject({ completed: true, lessonCompleted: true, points: 2, courseCompleted: null })

    await openLesson(app.db, learner.caller, { courseId, lessonId: videoId }, at(t0, 40))
    const watched = await lessonHeartbeat(app.db, learner.caller, { lessonId: videoId, segments: [{ from: 0, to: 19 }], positionSeconds: 19 }, at(t0, 60))
    expect(watched.courseCompleted?.certificateCode).toMatch(/^[0-9A-Z]{12}$/)
    const again = await completeArticle(app.db, learner.caller, { lessonId: articleId }, at(t0, 70))
    expect(again).toMatchObject({ lessonCompleted: false, points: 0, courseCompleted: null })
    const certificates = await app.db.query('SELECT 1 FROM course_certificate WHERE course_id = $1 AND member_id = $2', [courseId, learner.memberId])
    expect(certificates).toHaveLength(1)
    expect(await ledger(learner.memberId, 'course_completed')).toEqual([10])
    const detail = await app.ok(learner.userId, 'course', 'courseDetail', { courseId })
    expect(detail.enrolment).toMatchObject({ completedLessons: 2, completedVia: 'online', certificateCode: watched.courseCompleted?.certificateCode })
    expect((await app.ok(learner.userId, 'course', 'myCourses', { status: 'completed' })).items.map((c) => [c.id, c.permille])).toEqual([[courseId, 1000]])
  })

  it('keeps a removed lesson with progress hidden, and its learners\u2019 record', async () => {
    const { courseId, lessonIds } = await videoArticleCourse('删课时')
    const learner = await newLearner()
    await app.ok(learner.userId, 'course', 'enrol', { courseId })
    await app.ok(learner.userId, 'course', 'openLesson', { courseId, lessonId: lessonIds[1] })
    const left = await app.ok(app.users['course-editor'], 'course', 'removeLesson', { lessonId: lessonIds[1] })
    expect(left.lessons.map((l) => l.id)).toEqual([lessonIds[0]])
    const [row] = await app.db.query<{ removed: boolean }>('SELECT removed_at IS NOT NULL AS removed FROM course_lesson WHERE id = $1', [lessonIds[1]])
    expect(row.removed).toBe(true)
    expect((await app.fail(learner.userId, 'course', 'openLesson', { courseId, lessonId: lessonIds[1] })).code).toBe('NOT_FOUND')
  })

  it.runIf(process.env.TEST_DB === 'pg')('credits concurrent beats of one member one after the other (PostgreSQL)', async () => {
    const { courseId, lessonIds } = await videoArticleCourse('并发上报', 600)
    const learner = await newLearner()
    await app.ok(learner.userId, 'course', 'enrol', { courseId })
    const t0 = new Date(Date.now() - 60_000)
    await openLesson(app.db, learner.caller, { courseId, lessonId: lessonIds[0] }, t0)
    // Each beat alone fits the budget of 15 s of wall time (35 s); together they would claim 150 s.
    const now = at(t0, 15)
    const beats = Array.from({ length: 10 }, (_, i) =>
      lessonHeartbeat(app.db, learner.caller, { lessonId: lessonIds[0], segments: [{ from: i * 15, to: i * 15 + 15 }], positionSeconds: i * 15 + 15 }, now).then(
        () => 'ok',
        (e: AppError) => e.code,
      ),
    )
    const results = await Promise.all(beats)
    expect(results.filter((r) => r === 'ok')).toHaveLength(1)
    expect(results.filter((r) => r === 'COURSE_PROGRESS_TOO_FAST')).toHaveLength(9)
    expect((await progressRow(lessonIds[0], learner.memberId)).watched_seconds).toBe(15)
  })

  it.runIf(process.env.TEST_DB === 'pg')('completes the course once when its last two lessons finish at once (PostgreSQL)', async () => {
    const { courseId, lessonIds } = await videoArticleCourse('并发完成', 20)
    const learner = await newLearner()
    await app.ok(learner.userId, 'course', 'enrol', { courseId })
    const t0 = new Date(Date.now() - 120_000)
    for (const lessonId of lessonIds) await openLesson(app.db, learner.caller, { courseId, lessonId }, t0)
    const now = at(t0, 60)
    const results = await Promise.all([
      lessonHeartbeat(app.db, learner.caller, { lessonId: lessonIds[0], segments: [{ from: 0, to: 20 }], positionSeconds: 20 }, now),
      completeArticle(app.db, learner.caller, { lessonId: lessonIds[1] }, now),
    ])
    expect(results.filter((r) => r.courseCompleted !== null)).toHaveLength(1)
    expect(await ledger(learner.memberId, 'course_completed')).toEqual([10])
    expect(await ledger(learner.memberId, 'course_lesson')).toEqual([2, 2])
  })
})

describe('demo courses', () => {
  it('builds and publishes the demo courses once; a restart adds nothing', async () => {
    expect(await seedDemoCourses({ db: app.db, env: testEnv })).toBe(true)
    expect(await seedDemoCourses({ db: app.db, env: testEnv })).toBe(false)
    const seen = await app.ok(app.users.member, 'course', 'courses', { q: '红船精神十讲' })
    expect(seen.items.map((c) => [c.title, c.lessonCount])).toContainEqual(['红船精神十讲', 3])
    // Its video lessons play the clip kept in the repository, stored through the file service with its length.
    const videos = await app.db.query<{ duration_seconds: number; type: string }>(
      `SELECT l.duration_seconds, f.type FROM course_lesson l JOIN course c ON c.id = l.course_id JOIN file f ON f.id = l.video_file_id
        WHERE c.request_id LIKE 'demo-course-%' AND l.kind = 'video'`,
    )
    expect(videos).toEqual([
      { duration_seconds: 60, type: 'video/mp4' },
      { duration_seconds: 60, type: 'video/mp4' },
    ])
    const craft = await app.ok(app.users['enterprise-admin'], 'course', 'courses', { category: 'craftsman' })
    const workshop = craft.items.find((c) => c.title === '秀洲劳模工匠学院·数控车工技能提升')
    expect(workshop?.branch.name).toBe('秀洲区总工会')
    const detail = await app.ok(app.users['enterprise-admin'], 'course', 'courseDetail', { courseId: workshop?.id ?? 0 })
    expect(detail.canOrder).toBe(true)
    // The sibling county's members do not see 秀洲区's course.
    const siblingCounty = await newLearner('南湖区总工会')
    expect((await app.ok(siblingCounty.userId, 'course', 'courses', { category: 'craftsman' })).items.map((c) => c.id)).not.toContain(workshop?.id)
  })
})
