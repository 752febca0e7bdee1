import ExcelJS from 'exceljs'
import type { CellValue } from 'exceljs'
import type { Locator, Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { chooseFile, confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

const header = ['题型', '题干', '选项A', '选项B', '选项C', '选项D', '答案', '解析', '标签', '难度']

/** The sheet's questions, with the texts of their right options (the take page shuffles the letters). */
const questions = [
  { row: ['单选题', '中国共产党第一次全国代表大会在哪里闭幕？', '上海', '嘉兴南湖', '北京', '武汉', 'B', '中共一大最后一天的会议转移到嘉兴南湖的一艘游船上举行。', '党史', '容易'], right: ['嘉兴南湖'] },
  { row: ['多选题', '红船精神包括哪些内容？', '开天辟地、敢为人先的首创精神', '坚定理想、百折不挠的奋斗精神', '立党为公、忠诚为民的奉献精神', '因循守旧的保守精神', 'ABC', '红船精神是首创精神、奋斗精神和奉献精神。', '红船精神', '中等'], right: ['首创精神', '奋斗精神', '奉献精神'] },
  { row: ['判断题', '工会会员有权对工会工作提出批评和建议。', '', '', '', '', '正确', '这是会员的民主权利。', '工会知识', '容易'], right: ['正确'] },
  { row: ['单选题', '嘉兴市总工会的上级工会是？', '浙江省总工会', '上海市总工会', '江苏省总工会', '全国妇联', 'A', '嘉兴市总工会受浙江省总工会领导。', '工会知识', '容易'], right: ['浙江省总工会'] },
] as const

async function xlsx(rows: CellValue[][]): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('题库')
  sheet.addRow(header)
  for (const row of rows) sheet.addRow(row)
  return { name: '红船精神题库.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await book.xlsx.writeBuffer()) }
}

async function answerAll(page: Page, take: Locator): Promise<void> {
  for (let i = 0; i < questions.length; i += 1) {
    const stem = await take.locator('.quiz-question__stem').textContent()
    const question = questions.find((q) => q.row[1] === stem)
    expect(question, `question on screen: ${stem}`).toBeTruthy()
    for (const text of question?.right ?? []) await take.locator('.quiz-option', { hasText: text }).click()
    await take.locator('.quiz-question__saved', { hasText: '答案已保存' }).waitFor()
    if (i < questions.length - 1) await take.locator('.quiz-take__next').click()
  }
  expect(await page.locator('.quiz-take__clock-time:visible').textContent()).toMatch(/^\d{2}:\d{2}$/)
}

describeInBrowser('答题：题库导入、测验与答题', ({ host, browser }) => {
  it('an editor imports a bank (a bad sheet first) and publishes a graded quiz; a member takes it and reads the explanations', async () => {
    const editorContext = await newPhoneContext(browser())
    const editor = await signIn(editorContext, host().url, 'course-editor')
    await editor.goto(`${host().url}/#/pages/quiz/banks/index`)
    const banks = onScreen(editor).locator('.quiz-banks')
    await fillField(banks.locator('.quiz-banks__title'), '红船精神知识题库')
    await banks.locator('.quiz-banks__create').click()
    const bank = onScreen(editor).locator('.quiz-bank')
    await bank.locator('.quiz-bank__title', { hasText: '红船精神知识题库' }).waitFor()
    await bank.locator('.quiz-bank__import').click()

    const importPage = onScreen(editor).locator('.quiz-import')
    await importPage.locator('.quiz-import__choose').waitFor()
    const bad = await xlsx([
      [...questions[0].row],
      ['单选题', '缺少答案的题目', '甲', '乙', '', '', '', '', '', '容易'],
      ['单选题', '选项重复的题目', '甲', '乙', '甲', '', 'A', '', '', '容易'],
    ])
    await chooseFile(editor, importPage.locator('.quiz-import__choose'), bad)
    const failed = importPage.locator('.quiz-import__outcome--failed')
    await failed.locator('.quiz-import__error', { hasText: '第 3 行' }).filter({ hasText: '缺少答案' }).waitFor()
    await failed.locator('.quiz-import__error', { hasText: '第 4 行' }).filter({ hasText: '重复' }).waitFor()
    await screenshot(editor, 'quiz1-import-row-errors')

    await chooseFile(editor, importPage.locator('.quiz-import__choose'), await xlsx(questions.map((q) => [...q.row])))
    await importPage.locator('.quiz-import__outcome--done', { hasText: `已全部导入 ${questions.length} 题` }).waitFor()
    await screenshot(editor, 'quiz2-import-done')
    await importPage.locator('.quiz-import__outcome--done .nut-button').click()
    await onScreen(editor).locator('.quiz-bank .bank-question').nth(questions.length - 1).waitFor()
    await screenshot(editor, 'quiz3-bank')

    await editor.goto(`${host().url}/#/pages/quiz/manage/index`)
    await onScreen(editor).locator('.quiz-manage__create').click()
    const form = onScreen(editor).locator('.quiz-edit')
    await form.locator('.quiz-edit__bank', { hasText: '红船精神知识题库' }).click()
    await fillField(form.locator('.quiz-edit__name'), '红船精神知识测验')
    await form.locator('.choice-chips__chip--graded').click()
    await fillField(form.locator('.quiz-edit__count'), String(questions.length))
    await fillField(form.locator('.quiz-edit__minutes'), '10')
    await fillField(form.locator('.quiz-edit__attempts'), '3')
    await screenshot(editor, 'quiz4-quiz-edit')
    await form.locator('.quiz-edit__save').click()
    const manage = onScreen(editor).locator('.quiz-manage')
    const row = manage.locator('.quiz-manage-row', { hasText: '红船精神知识测验' })
    await row.locator('.quiz-manage-row__publish').click()
    await confirmModal(editor)
    await row.locator('.quiz-manage-row__status', { hasText: '已发布' }).waitFor()
    await editorContext.close()

    const context = await newPhoneContext(browser())
    const member = await signIn(context, host().url, 'member')
    await member.goto(`${host().url}/#/pages/quiz/home/index`)
    await onScreen(member).locator('.quiz-row', { hasText: '红船精神知识测验' }).click()
    const detail = onScreen(member).locator('.quiz-detail')
    await detail.locator('.quiz-detail__start', { hasText: '开始答题' }).click()
    await confirmModal(member)
    const take = onScreen(member).locator('.quiz-take')
    await take.locator('.quiz-question__stem').waitFor()
    await screenshot(member, 'quiz5-take')
    await answerAll(member, take)
    await take.locator('.quiz-take__sheet-button').click()
    await take.locator('.quiz-sheet__count', { hasText: `已答 ${questions.length} / ${questions.length}` }).waitFor()
    await screenshot(member, 'quiz6-answer-sheet')
    await take.locator('.quiz-sheet__submit').click()
    await member.locator('.taro__modal .taro-modal__content', { hasText: '交卷后不能再修改' }).waitFor()
    await confirmModal(member)

    const result = onScreen(member).locator('.quiz-result')
    await result.locator('.quiz-score__figure', { hasText: '100' }).waitFor()
    await result.locator('.quiz-score__verdict', { hasText: '通过' }).waitFor()
    await result.locator('.quiz-review__explain-text', { hasText: '嘉兴南湖的一艘游船' }).waitFor()
    await screenshot(member, 'quiz7-result')
    expect(await result.locator('.quiz-review--right').count()).toBe(questions.length)

    // 大字模式: the take page stays usable with the larger type.
    await member.goto(`${host().url}/#/pages/home/index`)
    await onScreen(member).locator('.home__large-toggle').click()
    await onScreen(member).locator('.page--large').waitFor()
    await member.goto(`${host().url}/#/pages/quiz/home/index`)
    await onScreen(member).locator('.quiz-row', { hasText: '红船精神知识测验' }).click()
    await onScreen(member).locator('.quiz-detail__start', { hasText: '开始答题' }).click()
    await confirmModal(member)
    const large = onScreen(member).locator('.page--large.quiz-take')
    await large.locator('.quiz-question__stem').waitFor()
    await large.locator('.quiz-option').first().click()
    await large.locator('.quiz-question__saved', { hasText: '答案已保存' }).waitFor()
    await member.evaluate(() => window.scrollTo(0, 0))
    await screenshot(member, 'quiz8-take-large-text')
    await context.close()
  })
})
