import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { fillField, onScreen, signIn } from '../support/h5-app'

/** The number a page shows in `selector`, once it shows one. */
async function shownNumber(page: Page, selector: string): Promise<number> {
  const locator = onScreen(page).locator(selector)
  await expect.poll(async () => /^\d+$/.test((await locator.textContent())?.trim() ?? '')).toBe(true)
  return Number((await locator.textContent())?.trim())
}

describeInBrowser('积分商城：签到、兑换、自提核销', ({ host, browser }) => {
  it('a member checks in, redeems a pickup item through the confirmation, and the operator verifies the pickup code', async () => {
    const cup = '工会定制保温杯'
    const earphones = '蓝牙运动耳机'

    // The member checks in on the points page: the balance grows by the daily 5 points.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'member')
    await onScreen(member).locator('.module-grid__item--points').click()
    const before = await shownNumber(member, '.points-card__balance')
    expect(await onScreen(member).locator('.points-card__expiring').textContent()).toMatch(/^200 积分将于 \d{4}年12月31日 过期$/)
    await onScreen(member).locator('.check-in__button').click()
    await expect.poll(() => shownNumber(member, '.points-card__balance')).toBe(before + 5)
    await expect.poll(() => onScreen(member).locator('.check-in__button').textContent()).toContain('今日已签到')
    await onScreen(member).locator('.ledger-row', { hasText: '签到' }).first().waitFor()
    await screenshot(member, 'c1-points-checked-in')

    // The mall lists what the member's union offers; the sold-out earphones cannot be redeemed.
    await onScreen(member).locator('.points-card__mall').click()
    const earphonesCard = onScreen(member).locator('.item-card', { hasText: earphones })
    await earphonesCard.waitFor()
    expect(await earphonesCard.locator('.sale-tag').textContent()).toBe('已兑完')
    expect(await onScreen(member).locator('.item-card', { hasText: '2027年新年挂历' }).locator('.sale-tag').textContent()).toBe('即将开始')
    expect(await onScreen(member).locator('.item-card', { hasText: '南湖区职工电影票' }).count()).toBe(0)
    expect(await shownNumber(member, '.mall-page__balance-value')).toBe(before + 5)
    await screenshot(member, 'c2-mall')

    await earphonesCard.click()
    const soldOut = onScreen(member).locator('.mall-item__redeem')
    await soldOut.waitFor()
    expect(await onScreen(member).locator('.mall-item__blocked').textContent()).toBe('已兑完')
    expect(await soldOut.getAttribute('class')).toContain('nut-button-disabled')
    await soldOut.click({ force: true })
    expect(await member.locator('.redeem-sheet').count()).toBe(0)
    await screenshot(member, 'c3-sold-out')
    await member.goBack()

    // The cup: the confirmation shows the balance before and after.
    await onScreen(member).locator('.item-card', { hasText: cup }).click()
    await onScreen(member).locator('.mall-item__title', { hasText: cup }).waitFor()
    await onScreen(member).locator('.mall-item__redeem').click()
    const sheet = onScreen(member).locator('.redeem-sheet')
    await sheet.waitFor()
    expect(await shownNumber(member, '.redeem-sheet__before')).toBe(before + 5)
    expect(await shownNumber(member, '.redeem-sheet__after')).toBe(before + 5 - 300)
    expect(await sheet.textContent()).toContain('油车港镇总工会')
    await screenshot(member, 'c4-redeem-confirmation')
    await sheet.locator('.redeem-sheet__confirm').click()

    // The order page shows the 8-digit pickup code, large and as a QR code.
    const codeText = onScreen(member).locator('.mall-order__code')
    await codeText.waitFor()
    const pickupCode = (await codeText.textContent())?.trim() ?? ''
    expect(pickupCode).toMatch(/^\d{8}$/)
    await expect.poll(() => onScreen(member).locator('.mall-order__qr img').getAttribute('src')).toMatch(/^data:image\/gif;base64,/)
    expect(await onScreen(member).locator('.order-status').textContent()).toBe('待自提')
    await screenshot(member, 'c5-order-pickup-code')

    // The operator types the code on the order queue and hands the cup over.
    const operatorContext = await newPhoneContext(browser())
    const operator = await signIn(operatorContext, host().url, 'mall-operator')
    await onScreen(operator).locator('.module-grid__item--mall-admin').click()
    await onScreen(operator).locator('.managed-item', { hasText: cup }).waitFor()
    await screenshot(operator, 'c6-operator-items')
    await onScreen(operator).locator('.admin-nav__link--orders').click()
    const waiting = onScreen(operator).locator('.queue-row', { hasText: '张晓梅' })
    await waiting.waitFor()
    expect(await waiting.textContent()).toContain(cup)
    await fillField(onScreen(operator).locator('.pickup-verify__input'), pickupCode)
    await onScreen(operator).locator('.pickup-verify__submit').click()
    const result = onScreen(operator).locator('.pickup-verify__result')
    await result.waitFor()
    expect(await result.textContent()).toContain(cup)
    expect(await result.textContent()).toContain('张晓梅')
    await waiting.waitFor({ state: 'detached' })
    await screenshot(operator, 'c7-operator-verified')

    // The same code cannot be used twice.
    await fillField(onScreen(operator).locator('.pickup-verify__input'), pickupCode)
    await onScreen(operator).locator('.pickup-verify__submit').click()
    await operator.locator('.taro__toast', { hasText: '核销码无效或已使用' }).waitFor({ state: 'attached' })

    // The member's order is now complete, and the balance kept the 300-point charge.
    await member.reload()
    await expect.poll(() => onScreen(member).locator('.order-status').textContent()).toBe('已完成')
    expect(await onScreen(member).locator('.mall-order__code').count()).toBe(0)
    await screenshot(member, 'c8-order-completed')

    await Promise.all([memberContext.close(), operatorContext.close()])
  })
})
