import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { completeCourse } from '../../server/course/completion'
import { refreshContestStandings } from '../../server/quiz/standings'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { generatedQuestions, insertBank, insertCourse } from '../support/course-fixtures'
import { callAs, chooseFile, confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

const courseTitle = '红船精神与新时代产业工人'
/** About 240 characters: the member may finish it after min(60 s, characters / 25) ≈ 10 s of reading. */
const article =
  '一百多年前，一艘小小红船承载着中国共产党的诞生，也孕育了“开天辟地、敢为人先的首创精神，坚定理想、百折不挠的奋斗精神，立党为公、忠诚为民的奉献精神”。' +
  '新时代的产业工人，要把红船精神融入岗位：钻研技术，精益求精；守住安全底线；在急难险重任务面前挺身而出。' +
  '学习红船精神，不只是回望历史，更是在车间、工地和服务窗口里，把每一件平凡的事做好。'

/** Plays the lesson's video muted from the start, in real time, as a member tapping play would. */
async function playVideo(page: Page): Promise<void> {
  await onScreen(page).locator('.course-lesson__video video').evaluate(async (video: HTMLVideoElement) => {
    video.muted = true
    await video.play()
  })
}

/** generatedQuestions' answer to its n-th question (第n题): the options cycle 甲 乙 丙 丁. */
const rightOption = (stem: string) => ['选项甲', '选项乙', '选项丙', '选项丁'][(Number(/第(\d+)题/.exec(stem)?.[1]) - 1) % 4]

describeInBrowser('职工课堂', ({ host, browser }) => {
  it('an editor builds a course of a video and an article; a member completes both and gets the certificate, which anyone verifies signed out; then takes a contest quiz and sees their rank and their branch’s', async () => {
    const editorContext = await newPhoneContext(browser())
    const editor = await signIn(editorContext, host().url, 'course-editor')
    await onScreen(editor).locator('.module-grid__item--course-manage').click()
    await onScreen(editor).locator('.course-manage .nut-button', { hasText: '新建课程' }).click()
    const form = onScreen(editor).locator('.course-edit')
    await fillField(form.locator('.course-edit__title'), courseTitle)
    await fillField(form.locator('.course-edit__teacher'), '嘉兴市劳模 沈国强')
    await form.locator('.course-edit__save').click()
    await form.locator('.course-edit__add-video').waitFor()

    await form.locator('.course-edit__add-video').click()
    const videoForm = onScreen(editor).locator('.lesson-edit')
    await fillField(videoForm.locator('.lesson-edit__title'), '第一讲 红船起航')
    await chooseFile(editor, videoForm.locator('.lesson-edit__upload-button'), { name: '红船起航.mp4', mimeType: 'video/mp4', buffer: readFileSync('test/fixtures/lesson-12s.mp4') })
    await videoForm.locator('.lesson-edit__upload-name', { hasText: '红船起航.mp4' }).waitFor()
    await screenshot(editor, 'course1-video-uploaded')
    await videoForm.locator('.lesson-edit__save').click()
    await form.locator('.course-edit__lesson', { hasText: '第一讲 红船起航' }).waitFor()

    await form.locator('.course-edit__add-article').click()
    const articleForm = onScreen(editor).locator('.lesson-edit')
    await fillField(articleForm.locator('.lesson-edit__title'), '第二讲 红船精神在岗位')
    await articleForm.locator('.body-editor__area').click()
    await editor.keyboard.type(article)
    await articleForm.locator('.lesson-edit__save').click()
    await form.locator('.course-edit__lesson', { hasText: '第二讲 红船精神在岗位' }).waitFor()
    await form.locator('.course-edit__publish').click()
    await form.locator('.course-edit__status-text', { hasText: '已发布' }).waitFor()
    await screenshot(editor, 'course2-published')
    await editorContext.close()

    const context = await newPhoneContext(browser())
    const member = await signIn(context, host().url, 'member')
    await onScreen(member).locator('.module-grid__item--course').click()
    await onScreen(member).locator('.course-home').getByText(courseTitle).first().click()
    const detail = onScreen(member).locator('.course-detail')
    // Enrolling opens the first lesson.
    await detail.locator('.course-detail__main', { hasText: '报名学习' }).click()
    const lesson = onScreen(member).locator('.course-lesson', { hasText: '第一讲 红船起航' })
    await lesson.locator('.course-lesson__video video').waitFor()
    await playVideo(member)
    await screenshot(member, 'course3-watching')
    // Watched to the end in real time: the last beat goes on `ended`, and the server finds 90% watched.
    await lesson.locator('.course-lesson__head', { hasText: '已完成' }).waitFor({ timeout: 60_000 })
    await screenshot(member, 'course4-video-complete')

    await lesson.locator('.course-lesson__nav-button', { hasText: '下一课时' }).click()
    const reading = onScreen(member).locator('.course-lesson', { hasText: '第二讲 红船精神在岗位' })
    await reading.locator('.course-lesson__end-button').scrollIntoViewIfNeeded()
    // The foot counts the reading time down; once it says so, 读完了 completes the lesson.
    await reading.locator('.course-lesson__end-text', { hasText: '已读到末尾' }).waitFor({ timeout: 70_000 })
    await reading.locator('.course-lesson__end-button').click()
    // The last lesson completes the course: the certificate is offered at once.
    await member.locator('.taro__modal .taro-modal__title', { hasText: '恭喜完成课程' }).waitFor()
    await screenshot(member, 'course5-course-complete')
    await confirmModal(member)
    const card = onScreen(member).locator('.certificate-card')
    await card.locator('.certificate-card__name', { hasText: '张晓梅' }).waitFor()
    expect(await card.textContent()).toContain(courseTitle)
    const code = (await onScreen(member).locator('.course-certificate__code').textContent())?.replace(/\s/g, '') ?? ''
    expect(code).toMatch(/^[0-9A-Z]{12}$/)
    await screenshot(member, 'course6-certificate')

    await onScreen(member).locator('.course-certificate .nut-button', { hasText: '查看课程' }).click()
    await onScreen(member).locator('.course-detail', { hasText: '已完成' }).waitFor()
    await screenshot(member, 'course7-course-done')
    await context.close()

    // Anyone holding the paper, signed out, opens the QR code's link.
    const strangerContext = await newPhoneContext(browser())
    const stranger = await strangerContext.newPage()
    await stranger.goto(`${host().url}/#/pages/verify/certificate/index?code=${code}`)
    const valid = onScreen(stranger).locator('.verify-outcome--valid')
    await valid.waitFor()
    expect(await valid.textContent()).toContain(courseTitle)
    expect(await valid.textContent()).toContain('张*梅')
    await screenshot(stranger, 'course8-verified-signed-out')
    await strangerContext.close()

    // 答题拉力赛 of 秀洲区, set up through the contest actions by its course editor.
    const { db } = host()
    const [countyEditor] = await db.query<{ id: number }>("SELECT id FROM app_user WHERE demo_key = 'county-course-editor'")
    const { bankId } = await insertBank(db, { title: '红船精神题库', branchName: '秀洲区总工会', questions: generatedQuestions(20), createdBy: countyEditor.id })
    const [county] = await db.query<{ id: number }>("SELECT id FROM branch WHERE name = '秀洲区总工会'")
    const setupContext = await newPhoneContext(browser())
    const setup = await signIn(setupContext, host().url, 'county-course-editor')
    const at = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString()
    const contest = await callAs<{ id: number }>(setup, 'quiz', 'saveContest', {
      requestId: 'e2e-course-contest',
      branchId: county.id,
      title: '红船精神答题拉力赛',
      description: '学习红船精神，争当时代先锋。',
      startsAt: at(1),
      endsAt: at(48),
      dailyAttempts: 3,
      participationPoints: 5,
      placingPoints: [{ upToRank: 3, points: 50 }],
      rounds: [{ title: '第一轮', bankId, drawRules: [{ count: 5 }], timeLimitSeconds: 300, startsAt: at(1), endsAt: at(24) }],
    })
    await callAs(setup, 'quiz', 'publishContest', { contestId: contest.id })
    await setupContext.close()
    // A window cannot be set to start in the past; time moves on to the first round instead.
    await db.query("UPDATE contest SET starts_at = now() - interval '1 hour' WHERE id = $1", [contest.id])
    await db.query("UPDATE contest_round SET starts_at = now() - interval '1 hour' WHERE contest_id = $1", [contest.id])

    const quizContext = await newPhoneContext(browser())
    const player = await signIn(quizContext, host().url, 'member')
    await player.goto(`${host().url}/#/pages/contest/detail/index?id=${contest.id}`)
    await onScreen(player).locator('.contest-page .nut-button', { hasText: '开始答题' }).click()
    const take = onScreen(player).locator('.quiz-take')
    for (let i = 0; i < 5; i += 1) {
      const stem = (await take.locator('.quiz-question__stem').textContent()) ?? ''
      await take.locator('.quiz-option', { hasText: rightOption(stem) }).click()
      await take.locator('.quiz-question__saved', { hasText: '答案已保存' }).waitFor()
      if (i === 0) await screenshot(player, 'course9-contest-question')
      if (i < 4) {
        await take.locator('.quiz-take__next').click()
        await take.locator('.quiz-question__stem').filter({ hasNotText: stem }).waitFor()
      }
    }
    await take.locator('.quiz-take__submit').click()
    await confirmModal(player)
    const result = onScreen(player).locator('.quiz-score')
    await result.locator('.quiz-score__figure').waitFor()
    await screenshot(player, 'course10-contest-result')
    // Branch standings come from a job that runs every minute; run it now rather than wait.
    await refreshContestStandings(db, new Date())
    await onScreen(player).locator('.nut-button', { hasText: '查看竞赛排名' }).click()
    const standing = onScreen(player).locator('.contest-page')
    await standing.locator('.contest-mine__rank', { hasText: '第 1 名' }).waitFor()
    await standing.locator('.contest-mine__branch', { hasText: '嘉兴恒创电子有限公司工会' }).locator('.contest-mine__branch-rank', { hasText: '平均答对第 1 名' }).waitFor()
    await screenshot(player, 'course11-contest-ranks')
    await quizContext.close()
  })

  it('shows a member’s certificates, in 大字模式 too, and its PDF; anyone signed out checks a code', async () => {
    const { db } = host()
    const [editor] = await db.query<{ id: number }>("SELECT id FROM app_user WHERE demo_key = 'county-course-editor'")
    const { courseId } = await insertCourse(db, {
      title: '安全生产第一课',
      category: 'safety',
      branchName: '秀洲区总工会',
      createdBy: editor.id,
      lessons: [{ title: '读本', kind: 'article', html: '<p>安全第一，预防为主，综合治理。</p>' }],
    })
    const [member] = await db.query<{ id: number }>("SELECT m.id FROM member m JOIN app_user u ON u.id = m.user_id WHERE u.demo_key = 'member'")
    const { certificateCode } = await db.transaction((tx) => completeCourse(tx, { courseId, memberId: member.id, via: 'offline' }))

    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'member')
    await page.goto(`${host().url}/#/pages/course/mine/index`)
    await onScreen(page).locator('.course-mine__certificates').click()
    await onScreen(page).locator('.certificate-row', { hasText: '安全生产第一课' }).click()
    const card = onScreen(page).locator('.certificate-card')
    await card.locator('.certificate-card__name', { hasText: '张晓梅' }).waitFor()
    expect(await card.textContent()).toContain('通过线下培训')
    await screenshot(page, 'course-cert-page')

    const [tab] = await Promise.all([context.waitForEvent('page'), onScreen(page).locator('.nut-button', { hasText: '下载证书' }).click()])
    const pdf = await context.request.get(tab.url())
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    await tab.close()

    await page.goto(`${host().url}/#/pages/home/index`)
    await onScreen(page).locator('.home__large-toggle').click()
    await onScreen(page).locator('.page--large').waitFor()
    await page.goto(`${host().url}/#/pages/course/certificates/index`)
    await onScreen(page).locator('.page--large .certificate-row', { hasText: '安全生产第一课' }).waitFor()
    await screenshot(page, 'course-cert-list-large')
    await page.goto(`${host().url}/#/pages/course/certificate/index?code=${certificateCode}`)
    await onScreen(page).locator('.page--large .certificate-card__name').waitFor()
    await screenshot(page, 'course-cert-page-large')
    await context.close()

    const stranger = await (await newPhoneContext(browser())).newPage()
    await stranger.goto(`${host().url}/#/pages/verify/certificate/index?code=${certificateCode.toLowerCase()}`)
    const valid = onScreen(stranger).locator('.verify-outcome--valid')
    await valid.waitFor()
    expect(await valid.textContent()).toContain('张*梅')
    expect(await valid.textContent()).not.toContain('张晓梅')
    await screenshot(stranger, 'course-verify-valid')
    await fillField(onScreen(stranger).locator('.certificate-verify__input'), 'ZZZZ ZZZZ ZZZZ')
    await onScreen(stranger).locator('.nut-button', { hasText: '查验' }).last().click()
    await onScreen(stranger).locator('.verify-outcome--unknown', { hasText: '未查到该编号的证书' }).waitFor()
    await screenshot(stranger, 'course-verify-unknown')
  })
})
