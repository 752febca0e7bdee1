import { expect, it } from 'vitest'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { confirmModal, fillField, onScreen, openNewNoticeEditor, pickBranch, signIn } from '../support/h5-app'

describeInBrowser('通知：按组织定向发布', ({ host, browser }) => {
  it('a county admin publishes to one town; a member there reads it, a member of another town never sees it', async () => {
    const title = '油车港镇冬季安全生产专题培训通知'
    const town = '油车港镇总工会'

    // The county admin writes the notice and aims it at one town under the county.
    const adminContext = await newPhoneContext(browser())
    const admin = await signIn(adminContext, host().url, 'county-admin')
    const editor = await openNewNoticeEditor(admin)
    await fillField(editor.locator('.notice-edit__title'), title)
    await fillField(editor.locator('.notice-edit__summary'), '12月5日下午在镇文化中心举行，请各企业工会组织参加。')

    await pickBranch(admin, editor, '油车港', town)

    const body = editor.locator('.body-editor__area')
    await body.click()
    await admin.keyboard.type('培训安排')
    await editor.locator('.body-editor__tool--heading').click()
    await admin.keyboard.press('Enter')
    await admin.keyboard.type('时间：12月5日14:00')
    await admin.keyboard.press('Enter')
    await admin.keyboard.type('消防安全')
    await editor.locator('.body-editor__tool--list').click()
    await admin.keyboard.press('Enter')
    await admin.keyboard.type('冬季用电')
    await body.locator('h3', { hasText: '培训安排' }).waitFor()
    await body.locator('li', { hasText: '冬季用电' }).waitFor()
    await screenshot(admin, 'b1-notice-editor')

    await editor.locator('.notice-edit__publish').click()
    await confirmModal(admin)
    const managed = onScreen(admin).locator('.notice-row', { hasText: title })
    await managed.waitFor()
    expect(await managed.locator('.notice-row__state').textContent()).toBe('已发布')
    await screenshot(admin, 'b2-notice-published')

    // A member of an enterprise under that town sees it, unread, in the home feed.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'member')
    const item = onScreen(member).locator('.feed-row', { hasText: title })
    await item.waitFor()
    expect(await item.locator('.feed-row__dot').count()).toBe(1)
    expect(await item.textContent()).toContain('秀洲区总工会')
    await screenshot(member, 'b3-member-feed-unread')

    await item.click()
    const article = onScreen(member).locator('.notice-detail__article')
    await article.waitFor()
    expect(await article.locator('.notice-detail__title').textContent()).toBe(title)
    await article.locator('.rt-li', { hasText: '冬季用电' }).waitFor()
    await screenshot(member, 'b4-member-reads-notice')

    // Back on the feed the dot is gone, and it stays gone after a reload (the server recorded the read).
    await member.goBack()
    await onScreen(member).locator('.feed-row', { hasText: title }).waitFor()
    expect(await onScreen(member).locator('.feed-row', { hasText: title }).locator('.feed-row__dot').count()).toBe(0)
    await member.reload()
    const reloaded = onScreen(member).locator('.feed-row', { hasText: title })
    await reloaded.waitFor()
    expect(await reloaded.locator('.feed-row__dot').count()).toBe(0)
    await screenshot(member, 'b5-member-feed-read')

    // A member under a sibling town gets a feed, but not this notice.
    const siblingContext = await newPhoneContext(browser())
    const sibling = await signIn(siblingContext, host().url, 'sibling-member')
    await onScreen(sibling).locator('.feed-row').first().waitFor()
    expect(await onScreen(sibling).locator('.feed-row', { hasText: title }).count()).toBe(0)
    await screenshot(sibling, 'b6-sibling-feed')

    // The publisher sees the read count.
    await admin.reload()
    const counted = onScreen(admin).locator('.notice-row', { hasText: title })
    await counted.waitFor()
    expect(await counted.locator('.notice-row__reads').textContent()).toBe('已读 1')

    await Promise.all([adminContext.close(), memberContext.close(), siblingContext.close()])
  })
})
