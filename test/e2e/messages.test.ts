import { expect, it } from 'vitest'
import type { ManagedNotice, Me, RedeemResult } from '../../src/shared/api'
import { fanOutNotices } from '../../server/notice-fanout'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { callAs, fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('消息中心', ({ host, browser }) => {
  it('an operator ships an order: the member’s home shows the badge, the centre the message, which opens the order', async () => {
    const rice = '五常大米 5kg'
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'member')
    const badge = onScreen(member).locator('.home__messages .home__badge')
    await onScreen(member).locator('.home__messages').waitFor()
    expect(await badge.count()).toBe(0)

    // The member's delivery order, placed the way the mall page places it.
    const items = await callAs<{ items: { id: number; title: string }[] }>(member, 'mall', 'items', { limit: 50 })
    const riceId = items.items.find((i) => i.title === rice)?.id
    const placed = await callAs<RedeemResult>(member, 'mall', 'redeem', {
      itemId: riceId,
      quantity: 1,
      requestId: `e2e-messages-${Date.now()}`,
      address: { name: '张晓梅', phone: '13800001111', address: '嘉兴市秀洲区油车港镇正阳路 88 号' },
    })

    // The operator ships it from the shipping queue.
    const operatorContext = await newPhoneContext(browser())
    const operator = await signIn(operatorContext, host().url, 'mall-operator')
    await onScreen(operator).locator('.module-grid__item--mall-admin').click()
    await onScreen(operator).locator('.admin-nav__link--orders').click()
    await onScreen(operator).locator('.filter-tabs__tab--shipping').click()
    const row = onScreen(operator).locator('.queue-row', { hasText: rice })
    await row.locator('.queue-row__ship').click()
    await fillField(onScreen(operator).locator('.prompt-dialog__input'), 'SF1234567890')
    await onScreen(operator).locator('.nut-dialog-footer-ok').click()
    await row.waitFor({ state: 'detached' })

    // The member's home, opened again, shows one unread message; in large text too.
    await member.reload()
    await expect.poll(() => badge.textContent()).toBe('1')
    await onScreen(member).locator('.home__large-toggle').click()
    await screenshot(member, 'g1-home-badge-large')

    await onScreen(member).locator('.home__messages').click()
    const message = onScreen(member).locator('.message-row', { hasText: '订单已发货' })
    await message.waitFor()
    expect(await message.locator('.message-row__body').textContent()).toBe(`您兑换的「${rice}」已发货，快递单号 SF1234567890。`)
    expect(await message.locator('.message-row__dot').count()).toBe(1)
    await screenshot(member, 'g2-message-centre-large')

    // Tapping it opens the order, and marks it read.
    await message.click()
    await expect.poll(() => onScreen(member).locator('.order-status').textContent()).toBe('已发货')
    expect(member.url()).toContain(`id=${placed.order.id}`)
    await screenshot(member, 'g3-order-from-message')
    await member.goBack()
    await expect.poll(() => onScreen(member).locator('.message-row', { hasText: '订单已发货' }).locator('.message-row__dot').count()).toBe(0)
    await screenshot(member, 'g4-message-read')
    await member.goBack()
    await onScreen(member).locator('.home__messages').waitFor()
    await expect.poll(() => badge.count()).toBe(0)
    await screenshot(member, 'g5-home-no-badge')

    await Promise.all([memberContext.close(), operatorContext.close()])
  })

  it('a notice an admin publishes reaches the member’s centre when the fan-out job has run, and opens the notice', async () => {
    const title = '关于开展职工运动会的通知'
    const adminContext = await newPhoneContext(browser())
    const admin = await signIn(adminContext, host().url, 'town-admin')
    const me = await callAs<Me>(admin, 'auth', 'me', {})
    const saved = await callAs<ManagedNotice>(admin, 'notice', 'save', {
      title,
      summary: '请各单位积极报名',
      bodyHtml: '<p>运动会将于下月举行。</p>',
      targetBranchId: me.grants[0].branch.id,
    })
    await callAs(admin, 'notice', 'publish', { id: saved.id })

    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'member')
    const badge = onScreen(member).locator('.home__messages .home__badge')
    await onScreen(member).locator('.home__messages').waitFor()
    // Publishing wrote nothing to the centres: the job does, in the background (every 30 s on the host).
    expect(await badge.count()).toBe(0)
    expect((await fanOutNotices(host().db)).written).toBeGreaterThan(0)
    await member.reload()
    await expect.poll(() => badge.textContent()).toBe('1')

    await onScreen(member).locator('.home__messages').click()
    const message = onScreen(member).locator('.message-row', { hasText: '新通知' })
    await message.waitFor()
    expect(await message.locator('.message-row__body').textContent()).toBe(`油车港镇总工会：${title}`)
    await screenshot(member, 'g7-notice-in-centre')
    await message.click()
    await expect.poll(() => onScreen(member).locator('.notice-detail__title').textContent()).toBe(title)
    await member.goBack()
    await expect.poll(() => onScreen(member).locator('.message-row', { hasText: '新通知' }).locator('.message-row__dot').count()).toBe(0)
    // The notice page slides out after the centre is back: shoot once it has gone.
    await member.locator('.notice-detail').waitFor({ state: 'detached' })
    await screenshot(member, 'g8-notice-message-read')

    await Promise.all([adminContext.close(), memberContext.close()])
  })

  it('an empty centre says so', async () => {
    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'sibling-member')
    await onScreen(page).locator('.home__messages').click()
    await onScreen(page).locator('.page-state--empty', { hasText: '暂无消息' }).waitFor()
    // The empty state can appear before the page has finished sliding in over home.
    await expect.poll(() => page.locator('.taro_page:visible').count()).toBe(1)
    await screenshot(page, 'g6-message-centre-empty')
    await context.close()
  })
})
