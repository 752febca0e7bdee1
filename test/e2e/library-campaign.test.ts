import { expect, it } from 'vitest'
import { libraryCampaignProgress } from '../../server/library/campaigns'
import { shanghaiDay } from '../../server/points/calendar'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { confirmModal, fillField, onScreen, pickBranch, signIn } from '../support/h5-app'
import { insertBook } from '../support/library-fixtures'

describeInBrowser('电子书屋：读书活动', ({ host, browser }) => {
  it('a county admin starts a campaign with a book, a member joins, reads and finds themselves on both boards', async () => {
    const { db } = host()
    const [librarian] = await db.query<{ id: number }>("SELECT id FROM app_user WHERE demo_key = 'librarian'")
    const bookId = await insertBook(db, {
      title: '论语选读',
      author: '孔子弟子',
      createdBy: librarian.id,
      chapters: [{ title: '学而第一', paragraphs: ['子曰：学而时习之，不亦说乎？有朋自远方来，不亦乐乎？人不知而不愠，不亦君子乎？'] }],
    })

    const adminContext = await newPhoneContext(browser())
    const admin = await signIn(adminContext, host().url, 'county-admin')
    await admin.goto(`${host().url}/#/pages/library/campaign-edit/index`)
    const form = onScreen(admin).locator('.campaign-edit')
    await form.locator('.branch-picker__trigger').waitFor()
    await pickBranch(admin, form, '秀洲', '秀洲区总工会')
    await fillField(form.locator('.form-field', { hasText: '活动名称' }).locator('.form-field__input'), '秀洲区职工读书月')
    await fillField(form.locator('.form-field', { hasText: '活动说明' }).locator('.form-field__textarea'), '读经典，品书香：活动期间阅读《论语选读》满 30 分钟即可获得积分。')
    await fillField(form.locator('.form-field', { hasText: '活动目标' }).locator('.form-field__input'), '30')
    await fillField(form.locator('.campaign-edit__picker .form-field__input'), '论语')
    await form.locator('.campaign-edit__option', { hasText: '论语选读' }).locator('.nut-button', { hasText: '加入' }).click()
    await form.locator('.campaign-edit__option', { hasText: '移除' }).waitFor()
    await screenshot(admin, 'libcamp1-edit')
    await form.locator('.nut-button', { hasText: '保存草稿' }).click()
    const detail = onScreen(admin).locator('.campaign-page')
    await detail.locator('.campaign-page__tag', { hasText: '未发布' }).waitFor()
    await detail.locator('.nut-button', { hasText: '发布' }).click()
    await confirmModal(admin)
    await detail.locator('.campaign-page__tag', { hasText: '进行中' }).waitFor()
    await adminContext.close()

    const context = await newPhoneContext(browser())
    const member = await signIn(context, host().url, 'member')
    await member.goto(`${host().url}/#/pages/library/campaigns/index`)
    await onScreen(member).locator('.campaign-row', { hasText: '秀洲区职工读书月' }).click()
    const page = onScreen(member).locator('.campaign-page')
    await page.locator('.nut-button', { hasText: '参加活动' }).click()
    await page.locator('.campaign-progress').waitFor()
    await screenshot(member, 'libcamp2-joined')

    // The reading part credits time in real use; here it is written as it would leave it.
    await db.query(
      `INSERT INTO library_reading_log (member_id, day, book_id, seconds)
       SELECT m.id, $1::date, $2, 40 * 60 FROM member m JOIN app_user u ON u.id = m.user_id WHERE u.demo_key = 'member'`,
      [shanghaiDay(new Date()), bookId],
    )
    expect((await libraryCampaignProgress(db, new Date())).reached).toBe(1)
    await member.reload()
    const reloaded = onScreen(member).locator('.campaign-page')
    await reloaded.locator('.campaign-progress__note', { hasText: '已达标' }).waitFor()
    await reloaded.locator('.board-line', { hasText: '张*梅' }).locator('.board-line__figure', { hasText: '40 分钟' }).waitFor()
    expect(await reloaded.textContent()).not.toContain('张晓梅')
    await screenshot(member, 'libcamp3-members-board')
    await reloaded.locator('.filter-tabs__tab--branches').click()
    await reloaded.locator('.board-line', { hasText: '油车港镇总工会' }).waitFor()
    await screenshot(member, 'libcamp4-branches-board')

    await member.goto(`${host().url}/#/pages/home/index`)
    await onScreen(member).locator('.home__large-toggle').click()
    await onScreen(member).locator('.page--large').waitFor()
    await member.goto(`${host().url}/#/pages/library/campaign/index?id=${await campaignId(db)}`)
    await onScreen(member).locator('.page--large .board-line', { hasText: '张*梅' }).waitFor()
    await screenshot(member, 'libcamp5-large-text')
    await context.close()
  })
})

async function campaignId(db: { query: <T>(sql: string) => Promise<T[]> }): Promise<number> {
  const [row] = await db.query<{ id: number }>("SELECT id FROM library_campaign WHERE title = '秀洲区职工读书月'")
  return row.id
}
