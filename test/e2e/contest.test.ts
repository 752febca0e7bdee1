import { expect, it } from 'vitest'
import { refreshContestStandings } from '../../server/quiz/standings'
import type { OpenAttempt } from '../../src/shared/api'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { generatedQuestions, insertBank } from '../support/course-fixtures'
import { callAs, confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('答题拉力赛', ({ host, browser }) => {
  it('an editor sets up and publishes a contest; a member takes part and sees their rank, their branches’ ranks and the boards', async () => {
    const { db } = host()
    const [editorUser] = await db.query<{ id: number }>("SELECT id FROM app_user WHERE demo_key = 'county-course-editor'")
    await insertBank(db, { title: '红船精神题库', branchName: '秀洲区总工会', questions: generatedQuestions(20), createdBy: editorUser.id })

    const editorContext = await newPhoneContext(browser())
    const editor = await signIn(editorContext, host().url, 'county-course-editor')
    await editor.goto(`${host().url}/#/pages/contest/edit/index`)
    const form = onScreen(editor).locator('.contest-edit')
    await form.locator('.contest-edit__choice', { hasText: '红船精神题库' }).waitFor()
    await fillField(form.locator('.form-field', { hasText: '竞赛名称' }).locator('.form-field__input'), '红船精神答题拉力赛')
    await fillField(form.locator('.form-field', { hasText: '竞赛说明' }).locator('.form-field__textarea'), '学习红船精神，争当时代先锋。每轮取最好成绩，各轮相加排名。')
    await screenshot(editor, 'contest1-edit')
    await form.locator('.nut-button', { hasText: '保存草稿' }).click()
    const draft = onScreen(editor).locator('.contest-page')
    await draft.locator('.contest-page__tag', { hasText: '未发布' }).waitFor()
    await draft.locator('.nut-button', { hasText: '发布' }).click()
    await confirmModal(editor)
    await draft.locator('.contest-page__tag', { hasText: '未开始' }).waitFor()
    await screenshot(editor, 'contest2-published')
    await editorContext.close()

    // The editor's default window starts tomorrow; time moves on to the first round.
    const [contest] = await db.query<{ id: number }>("SELECT id FROM contest WHERE title = '红船精神答题拉力赛'")
    await db.query("UPDATE contest SET starts_at = now() - interval '1 hour' WHERE id = $1", [contest.id])
    await db.query("UPDATE contest_round SET starts_at = now() - interval '1 hour' WHERE contest_id = $1", [contest.id])

    const context = await newPhoneContext(browser())
    const member = await signIn(context, host().url, 'member')
    await member.goto(`${host().url}/#/pages/contest/list/index`)
    await onScreen(member).locator('.contest-row', { hasText: '红船精神答题拉力赛' }).click()
    const page = onScreen(member).locator('.contest-page')
    await page.locator('.nut-button', { hasText: '开始答题' }).waitFor()
    await screenshot(member, 'contest3-before')

    // Taking the round quiz is part quiz's page; here the member answers through the same actions it calls.
    const [round] = await db.query<{ quiz_id: number }>('SELECT quiz_id FROM contest_round WHERE contest_id = $1 AND ord = 1', [contest.id])
    const attempt = await callAs<OpenAttempt>(member, 'quiz', 'startAttempt', { quizId: round.quiz_id, requestId: 'e2e-contest-attempt-1' })
    const answers = attempt.questions.map((q) => {
      const n = Number(/第(\d+)题/.exec(q.stem)?.[1])
      return { questionId: q.id, choice: [q.options.indexOf(['选项甲', '选项乙', '选项丙', '选项丁'][(n - 1) % 4])] }
    })
    await callAs(member, 'quiz', 'submitAttempt', { attemptId: attempt.attemptId, answers })
    await refreshContestStandings(db, new Date())

    await member.reload()
    const ranked = onScreen(member).locator('.contest-page')
    await ranked.locator('.contest-mine__rank', { hasText: '第 1 名' }).waitFor()
    await ranked.locator('.contest-mine__branch', { hasText: '嘉兴恒创电子有限公司工会' }).locator('.contest-mine__branch-rank', { hasText: '平均答对第 1 名' }).waitFor()
    await ranked.locator('.contest-line', { hasText: '张*梅' }).waitFor()
    expect(await ranked.textContent()).not.toContain('张晓梅')
    await screenshot(member, 'contest4-ranked')

    await ranked.locator('.contest-page__link', { hasText: '组织排行' }).click()
    const board = onScreen(member).locator('.contest-board')
    await board.locator('.contest-branch', { hasText: '油车港镇总工会' }).waitFor()
    await screenshot(member, 'contest5-branch-board')

    await member.goto(`${host().url}/#/pages/home/index`)
    await onScreen(member).locator('.home__large-toggle').click()
    await onScreen(member).locator('.page--large').waitFor()
    await member.goto(`${host().url}/#/pages/contest/detail/index?id=${contest.id}`)
    await onScreen(member).locator('.page--large .contest-mine__rank', { hasText: '第 1 名' }).waitFor()
    await screenshot(member, 'contest6-large-text')
    await context.close()
  })
})
