import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { confirmModal, fillField, onScreen, openNewItemEditor, pickBranch, signIn } from '../support/h5-app'

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
    expect(await sheet.textContent()).toContain('油车港镇职工服务中心')
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

    // The same code again at the same counter: the order, plainly marked as handed over already.
    await fillField(onScreen(operator).locator('.pickup-verify__input'), pickupCode)
    await onScreen(operator).locator('.pickup-verify__submit').click()
    const repeat = onScreen(operator).locator('.pickup-verify__result--repeat')
    await repeat.waitFor()
    expect(await repeat.textContent()).toContain('请勿重复发放')
    await screenshot(operator, 'c7b-operator-repeat')

    // The member's order is now complete, and the balance kept the 300-point charge.
    await member.reload()
    await expect.poll(() => onScreen(member).locator('.order-status').textContent()).toBe('已完成')
    expect(await onScreen(member).locator('.mall-order__code').count()).toBe(0)
    await screenshot(member, 'c8-order-completed')

    await Promise.all([memberContext.close(), operatorContext.close()])
  })

  it('an admin grants points out of the budget; the member redeems a delivery item in large text; the operator ships it', async () => {
    const rice = '五常大米 5kg'

    // The enterprise union's admin grants 200 points to 张晓梅 (705 left after the cup above).
    const adminContext = await newPhoneContext(browser())
    const admin = await signIn(adminContext, host().url, 'enterprise-admin')
    await onScreen(admin).locator('.module-grid__item--grant-points').click()
    const ownBudget = onScreen(admin).locator('.budget-meter', { hasText: '嘉兴恒创电子有限公司工会' })
    await ownBudget.waitFor()
    expect(await ownBudget.locator('.budget-meter__left').textContent()).toBe('剩余 5000')
    await fillField(onScreen(admin).locator('.grant-page__member-no'), 'jx0000000001')
    await fillField(onScreen(admin).locator('.grant-page__points'), '200')
    await fillField(onScreen(admin).locator('.grant-page__reason'), '参加职工运动会')
    await onScreen(admin).locator('.grant-page__submit').click()
    await confirmModal(admin)
    const granted = onScreen(admin).locator('.grant-page__result')
    await granted.waitFor()
    expect(await granted.textContent()).toContain('已向 张晓梅 发放 200 积分')
    await expect.poll(() => ownBudget.locator('.budget-meter__left').textContent()).toBe('剩余 4800')
    await screenshot(admin, 'd1-admin-granted')

    // The member switches on large text and redeems the rice: 800 of 905 points, with an address.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'member')
    await onScreen(member).locator('.home__large-toggle').click()
    await onScreen(member).locator('.module-grid__item--mall').click()
    await onScreen(member).locator('.item-card', { hasText: rice }).click()
    await onScreen(member).locator('.mall-item__redeem').click()
    const sheet = onScreen(member).locator('.redeem-sheet')
    expect(await shownNumber(member, '.redeem-sheet__before')).toBe(905)
    expect(await shownNumber(member, '.redeem-sheet__after')).toBe(105)
    // Two bags would cost more than the balance: the sheet offers one, and never a negative balance.
    expect(await sheet.locator('.redeem-sheet__quantity-fixed').textContent()).toBe('1 件')
    expect(await sheet.locator('.nut-inputnumber-add').count()).toBe(0)
    await fillField(sheet.locator('.address-fields__name'), '张晓梅')
    await fillField(sheet.locator('.address-fields__phone'), '13800001111')
    await fillField(sheet.locator('.address-fields__address'), '嘉兴市秀洲区油车港镇正阳路 88 号')
    await screenshot(member, 'd2-large-text-delivery-confirmation')
    await sheet.locator('.redeem-sheet__confirm').click()
    const status = onScreen(member).locator('.order-status')
    await expect.poll(() => status.textContent()).toBe('待发货')
    // Where it will be shipped, the phone masked.
    const delivery = onScreen(member).locator('.mall-order__delivery')
    expect(await delivery.locator('.mall-order__recipient').textContent()).toBe('张晓梅 138****1111')
    expect(await delivery.locator('.mall-order__address').textContent()).toBe('嘉兴市秀洲区油车港镇正阳路 88 号')
    await screenshot(member, 'd3-order-pending-shipment')

    // The operator ships it from the shipping queue, which shows the address.
    const operatorContext = await newPhoneContext(browser())
    const operator = await signIn(operatorContext, host().url, 'mall-operator')
    await onScreen(operator).locator('.module-grid__item--mall-admin').click()
    await onScreen(operator).locator('.admin-nav__link--orders').click()
    await onScreen(operator).locator('.filter-tabs__tab--shipping').click()
    const row = onScreen(operator).locator('.queue-row', { hasText: rice })
    await row.waitFor()
    expect(await row.locator('.queue-row__address').textContent()).toContain('正阳路 88 号')
    // The operator ships it, so sees the whole number.
    expect(await row.locator('.queue-row__address-who').textContent()).toContain('13800001111')
    expect(await row.locator('.queue-row__no').textContent()).toMatch(/^订单编号：\d{6} \d{4} \d{4}$/)
    await row.locator('.queue-row__ship').click()
    await fillField(onScreen(operator).locator('.prompt-dialog__input'), 'SF1234567890')
    await screenshot(operator, 'd4-operator-ship-dialog')
    await onScreen(operator).locator('.nut-dialog-footer-ok').click()
    await row.waitFor({ state: 'detached' })

    // The member sees the tracking number and confirms receipt.
    await member.reload()
    await expect.poll(() => status.textContent()).toBe('已发货')
    expect(await onScreen(member).locator('.mall-order__tracking .copy-line__value').textContent()).toBe('SF1234567890')
    await screenshot(member, 'd5-order-shipped')
    await onScreen(member).locator('.mall-order__received').click()
    await confirmModal(member)
    await expect.poll(() => status.textContent()).toBe('已完成')

    await Promise.all([adminContext.close(), memberContext.close(), operatorContext.close()])
  })

  it('an operator uploads coupon codes; a member redeems the coupon and sees its code; stats and budgets show up', async () => {
    const coupon = '视频会员月卡'

    // Codes come from an upload; a repeated code is reported, not added twice.
    const operatorContext = await newPhoneContext(browser())
    const operator = await signIn(operatorContext, host().url, 'mall-operator')
    await onScreen(operator).locator('.module-grid__item--mall-admin').click()
    const row = onScreen(operator).locator('.managed-item', { hasText: coupon })
    await row.waitFor()
    expect(await row.locator('.managed-item__stock').textContent()).toContain('可用券码 20 个')
    await row.locator('.managed-item__codes').click()
    await fillField(onScreen(operator).locator('.codes-dialog .prompt-dialog__textarea'), 'VIP-2026-0001\nVIP-2026-0002\n\nVIP-2026-0001')
    await screenshot(operator, 'e1-operator-upload-codes')
    await onScreen(operator).locator('.codes-dialog .nut-dialog-footer-ok').click()
    await operator.locator('.taro__modal', { hasText: '新增 2 个，重复 1 个' }).waitFor({ state: 'attached' })
    await confirmModal(operator)
    await expect.poll(() => row.locator('.managed-item__stock').textContent()).toContain('可用券码 22 个')

    // A member with 500 points redeems it and sees the code at once; the order is complete.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'enterprise-admin')
    await onScreen(member).locator('.module-grid__item--mall').click()
    await onScreen(member).locator('.filter-tabs__tab', { hasText: '虚拟卡券' }).click()
    await onScreen(member).locator('.item-card', { hasText: coupon }).click()
    await onScreen(member).locator('.mall-item__redeem').click()
    expect(await shownNumber(member, '.redeem-sheet__after')).toBe(0)
    expect(await onScreen(member).locator('.redeem-sheet__quantity-fixed').textContent()).toBe('1 件')
    await onScreen(member).locator('.redeem-sheet__confirm').click()
    const code = onScreen(member).locator('.mall-order__coupon .copy-line__value')
    await code.waitFor()
    expect(await code.textContent()).toMatch(/^[\x21-\x7e]{4,64}$/)
    expect(await onScreen(member).locator('.order-status').textContent()).toBe('已完成')
    expect(await onScreen(member).locator('.mall-order__cancel').count()).toBe(0)
    expect(await onScreen(member).locator('.mall-order__validity').textContent()).toMatch(/^有效期至 \d{4}-\d{2}-\d{2}$/)
    await screenshot(member, 'e2-member-coupon')

    // The operator's stats count the order.
    await onScreen(operator).locator('.admin-nav__link--stats').click()
    const stat = onScreen(operator).locator('.stats-table__row', { hasText: coupon })
    await stat.waitFor()
    expect(await stat.textContent()).toContain('1 单 · 1 件 · 500 积分')
    await screenshot(operator, 'e3-operator-stats')

    // The county admin raises a town's budget from the budgets page.
    const adminContext = await newPhoneContext(browser())
    const admin = await signIn(adminContext, host().url, 'county-admin')
    await onScreen(admin).locator('.module-grid__item--grant-points').click()
    await onScreen(admin).locator('.own-budgets__manage').click()
    const town = onScreen(admin).locator('.budget-row', { has: admin.locator('.budget-meter__branch', { hasText: /^油车港镇总工会$/ }) })
    await town.waitFor()
    await town.locator('.budget-row__adjust').click()
    await fillField(onScreen(admin).locator('.prompt-dialog__input'), '25000')
    await onScreen(admin).locator('.nut-dialog-footer-ok').click()
    await expect.poll(() => town.locator('.budget-meter__total').textContent()).toContain('预算 25000')
    await screenshot(admin, 'e4-admin-budgets')

    await Promise.all([operatorContext.close(), memberContext.close(), adminContext.close()])
  })

  it('an operator creates a coupon item for the county', async () => {
    const card = '职工书屋电子阅读卡'
    const operatorContext = await newPhoneContext(browser())
    const operator = await signIn(operatorContext, host().url, 'mall-operator')
    const editor = await openNewItemEditor(operator)
    await fillField(editor.locator('.item-edit__title'), card)
    await editor.locator('.item-edit__category .choice-chips__chip', { hasText: '虚拟卡券' }).click()
    await editor.locator('.item-edit__kind .choice-chips__chip--virtual').click()
    await fillField(editor.locator('.item-edit__price'), '50')
    await fillField(editor.locator('.item-edit__description'), '可在职工书屋借阅电子书一个月。')
    await editor.locator('.item-edit__limit .choice-chips__chip--month').click()
    await pickBranch(operator, editor, '秀洲', '秀洲区总工会')
    await screenshot(operator, 'f1-operator-new-item')
    await editor.locator('.item-edit__save').click()
    // Virtual stock comes from codes: the editor says where to upload them.
    await confirmModal(operator)
    const row = onScreen(operator).locator('.managed-item', { hasText: card })
    await row.waitFor()
    expect(await row.locator('.managed-item__stock').textContent()).toContain('可用券码 0 个')
    expect(await row.textContent()).toContain('每月限兑 1 件')
    await screenshot(operator, 'f2-operator-item-created')

    // Editing reads the item from the server, so the editor also survives a browser reload.
    await row.locator('.managed-item__edit').click()
    await expect.poll(() => onScreen(operator).locator('.item-edit__title input').inputValue()).toBe(card)
    await operator.reload()
    await expect.poll(() => onScreen(operator).locator('.item-edit__title input').inputValue()).toBe(card)
    await fillField(onScreen(operator).locator('.item-edit__price'), '60')
    await onScreen(operator).locator('.item-edit__save').click()
    await expect.poll(() => onScreen(operator).locator('.managed-item', { hasText: card }).textContent()).toContain('60')
    await operatorContext.close()
  })

  it('the item page says no before the sheet; orders show their number, pickup point, delivery address and coupon validity', async () => {
    // 张晓梅 redeemed the cup this month (limit 1) and has 105 points left after the rice.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'member')
    // In 大字模式: the refusal and the pickup point must still fit above the button.
    await onScreen(member).locator('.home__large-toggle').click()
    await onScreen(member).locator('.module-grid__item--mall').click()
    await onScreen(member).locator('.item-card', { hasText: '工会定制保温杯' }).click()
    const redeem = onScreen(member).locator('.mall-item__redeem')
    await redeem.waitFor()
    await expect.poll(() => onScreen(member).locator('.mall-item__blocked').textContent()).toBe('本月已兑换 1/1')
    expect(await redeem.getAttribute('class')).toContain('nut-button-disabled')
    await redeem.click({ force: true })
    expect(await member.locator('.redeem-sheet').count()).toBe(0)
    // The pickup point, as the member needs it: where, when, whom to call.
    const point = onScreen(member).locator('.pickup-point')
    expect(await point.textContent()).toContain('嘉兴市秀洲区油车港镇正阳路 218 号')
    expect(await point.textContent()).toContain('周一至周五 8:30-11:30')
    expect(await point.textContent()).toContain('0573-82711205')
    expect(await point.textContent()).not.toContain('嘉兴市总工会 /')
    await screenshot(member, 'm1-item-limit-used')
    await member.goBack()

    await onScreen(member).locator('.item-card', { hasText: '嘉兴粽子礼盒' }).click()
    await expect.poll(() => onScreen(member).locator('.mall-item__blocked').textContent()).toBe('积分不足（还差 495 积分）')
    expect(await onScreen(member).locator('.mall-item__redeem').getAttribute('class')).toContain('nut-button-disabled')
    await screenshot(member, 'm2-item-insufficient-points')
    await member.goBack()

    // Orders: the readable order number, the delivery address, the pickup point.
    await onScreen(member).locator('.mall-page__orders').click()
    await onScreen(member).locator('.my-orders__row', { hasText: '五常大米 5kg' }).click()
    const delivery = onScreen(member).locator('.mall-order__delivery')
    await delivery.waitFor()
    expect(await delivery.textContent()).toContain('138****1111')
    expect(await onScreen(member).locator('.mall-order__no').textContent()).toMatch(/^订单编号：\d{6} \d{4} \d{4}$/)
    await screenshot(member, 'm3-delivery-order')
    await member.goBack()
    await onScreen(member).locator('.my-orders__row', { hasText: '工会定制保温杯' }).click()
    const pickup = onScreen(member).locator('.pickup-point')
    await pickup.waitFor()
    expect(await pickup.textContent()).toContain('油车港镇职工服务中心')
    expect(await pickup.textContent()).toContain('开放时间')
    expect(await pickup.textContent()).toContain('联系电话')
    await screenshot(member, 'm4-pickup-order')

    // The coupon redeemed by 李伟 above shows how long it is valid.
    const couponContext = await newPhoneContext(browser())
    const couponOwner = await signIn(couponContext, host().url, 'enterprise-admin')
    await onScreen(couponOwner).locator('.module-grid__item--mall').click()
    await onScreen(couponOwner).locator('.mall-page__orders').click()
    await onScreen(couponOwner).locator('.my-orders__row', { hasText: '视频会员月卡' }).click()
    const validity = onScreen(couponOwner).locator('.mall-order__validity')
    await validity.waitFor()
    expect(await validity.textContent()).toMatch(/^有效期至 \d{4}-\d{2}-\d{2}$/)
    expect(await onScreen(couponOwner).locator('.mall-order__next').textContent()).toMatch(/^券码已发放，请于 \d{4}-\d{2}-\d{2} 前使用$/)
    await screenshot(couponOwner, 'm5-coupon-validity')

    // The operator manages pickup points: adds one with its address, hours and phone.
    const operatorContext = await newPhoneContext(browser())
    const operator = await signIn(operatorContext, host().url, 'mall-operator')
    await onScreen(operator).locator('.module-grid__item--mall-admin').click()
    await onScreen(operator).locator('.admin-nav__link--pickupPoints').click()
    await onScreen(operator).locator('.pickup-point-row', { hasText: '油车港镇职工服务中心' }).waitFor()
    await onScreen(operator).locator('.pickup-points__create').click()
    const form = operator.locator('.point-form')
    await form.waitFor()
    await form.locator('.branch-picker__trigger').click()
    const branches = onScreen(operator).locator('.branch-sheet')
    await fillField(branches.locator('.branch-sheet__input'), '王江泾')
    await branches.locator('.branch-row', { has: operator.locator('.branch-row__name', { hasText: '王江泾镇总工会' }) }).click()
    await fillField(form.locator('.point-form__name'), '王江泾镇职工服务站')
    await fillField(form.locator('.point-form__address'), '嘉兴市秀洲区王江泾镇市泾路 66 号')
    await fillField(form.locator('.point-form__hours'), '周一至周五 9:00-16:30')
    await fillField(form.locator('.point-form__phone'), '0573-835')
    await form.locator('.point-form__save').click()
    await expect.poll(() => form.textContent()).toContain('请填写手机号码或带区号的固定电话')
    await fillField(form.locator('.point-form__phone'), '0573-83500012')
    await screenshot(operator, 'm6-pickup-point-form')
    await form.locator('.point-form__save').click()
    const added = onScreen(operator).locator('.pickup-point-row', { hasText: '王江泾镇职工服务站' })
    await added.waitFor()
    expect(await added.textContent()).toContain('0573-83500012')
    await screenshot(operator, 'm7-pickup-points')

    await Promise.all([memberContext.close(), couponContext.close(), operatorContext.close()])
  })
})
