import { expect, it } from 'vitest'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('在线律师：常见问题', ({ host, browser }) => {
  it('a member searches 常见问题 by a word and reads an answer, in 大字模式 too', async () => {
    const context = await newPhoneContext(browser())
    const member = await signIn(context, host().url, 'member')
    await member.goto(`${host().url}/#/pages/legal/knowledge/index`)
    const page = onScreen(member)
    await page.locator('.legal-kb__row').first().waitFor()
    await fillField(page.locator('.legal-kb__input'), '工伤')
    await page.locator('.legal-kb__row', { hasText: '上下班路上出车祸算工伤吗' }).waitFor()
    await expect.poll(() => page.locator('.legal-kb__row').count()).toBe(2)
    await screenshot(member, 'kb1-search')
    await page.locator('.legal-kb__row', { hasText: '上下班路上出车祸算工伤吗' }).click()
    await onScreen(member).locator('.legal-article__text', { hasText: '非本人主要责任' }).waitFor()
    await screenshot(member, 'kb2-article')

    await member.goto(`${host().url}/#/pages/home/index`)
    await onScreen(member).locator('.home__large-toggle').click()
    await onScreen(member).locator('.page--large').waitFor()
    await member.goto(`${host().url}/#/pages/legal/knowledge/index`)
    // The browser's history brings back the page as it was left: clear the search first.
    await onScreen(member).locator('.page--large .legal-kb__clear').click()
    await onScreen(member).locator('.page--large .filter-tabs__tab--dismissal').click()
    await onScreen(member).locator('.page--large .legal-kb__row', { hasText: '怀孕期间公司可以辞退我吗' }).waitFor()
    await screenshot(member, 'kb3-large-text')
    await context.close()
  })

  it('the lawyer edits the masked draft, is refused while the name remains, publishes, and another member finds it', async () => {
    const { db } = host()
    // A resolved question of the demo member, answered by the demo lawyer (the ask and thread parts make these in the app).
    const [question] = await db.query<{ id: number }>(
      `INSERT INTO legal_question (asker_user_id, member_id, branch_id, branch_path, county_branch_id, queue_branch_id, queue_path, category, title, body,
                                   anonymous, request_id, status, lawyer_user_id, claimed_at, due_at, escalate_county_at, escalate_city_at, closed_at)
       SELECT u.id, m.id, b.id, b.path, c.id, c.id, c.path, 'wages', '厂里不发年终奖', '我是张晓梅，手机 13857300001，厂里说离职的人不发年终奖，合法吗？',
              true, 'e2e-kb', 'resolved', l.id, now(), now(), now(), now(), now()
         FROM app_user u JOIN member m ON m.user_id = u.id JOIN branch b ON b.id = m.branch_id
         JOIN branch c ON c.path = substring(b.path from '^/[0-9]+/[0-9]+/')
         JOIN app_user l ON l.demo_key = 'lawyer'
        WHERE u.demo_key = 'member'
       RETURNING id`,
    )
    await db.query(
      `INSERT INTO legal_message (question_id, author_user_id, author_side, body, request_id)
       SELECT $1, id, 'lawyer', '张晓梅您好：年终奖有约定的按约定发放，离职不是不发的当然理由，可以要求按工作时间折算。', 'e2e-kb-1' FROM app_user WHERE demo_key = 'lawyer'`,
      [question.id],
    )

    const context = await newPhoneContext(browser())
    const lawyer = await signIn(context, host().url, 'lawyer')
    await lawyer.goto(`${host().url}/#/pages/legal/publish/index?questionId=${question.id}`)
    const form = onScreen(lawyer).locator('.legal-publish__form')
    await form.locator('.legal-publish__notice', { hasText: '已自动隐去姓名、手机号。' }).waitFor()
    expect(await form.locator('textarea').first().inputValue()).not.toContain('张晓梅')
    await screenshot(lawyer, 'kb4-publish-draft')

    await fillField(form.locator('.form-field', { hasText: '标题' }).locator('.form-field__input'), '张晓梅离职后年终奖还能拿吗')
    await form.locator('.legal-publish__submit').click()
    await confirmModal(lawyer)
    await form.locator('.legal-publish__refusal', { hasText: '标题中有姓名' }).waitFor()
    expect(await form.locator('.legal-publish__refusal').innerText()).not.toContain('张晓梅')
    await screenshot(lawyer, 'kb5-publish-refused')

    await fillField(form.locator('.form-field', { hasText: '标题' }).locator('.form-field__input'), '离职后年终奖还能拿吗')
    await form.locator('.legal-publish__submit').click()
    await confirmModal(lawyer)
    await onScreen(lawyer).locator('.legal-article__title', { hasText: '离职后年终奖还能拿吗' }).waitFor()
    await screenshot(lawyer, 'kb6-published')
    await context.close()

    const otherContext = await newPhoneContext(browser())
    const other = await signIn(otherContext, host().url, 'sibling-member')
    await other.goto(`${host().url}/#/pages/legal/knowledge/index?q=${encodeURIComponent('年终奖')}`)
    await onScreen(other).locator('.legal-kb__row', { hasText: '离职后年终奖还能拿吗' }).waitFor()
    await screenshot(other, 'kb7-found')
    await otherContext.close()
  })
})
