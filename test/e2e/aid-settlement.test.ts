import { expect, it } from 'vitest'
import { idCheckChar } from '../../src/shared/id-number'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { fillField, onScreen, signIn } from '../support/h5-app'

const header = '身份证号,医院,入院日期,出院日期,总费用,医保支付,自付,互助金支付'
/** 张晓梅, the demo member, enrolled and covered this year. */
const demoMember = '330411199203150024'
const unknown = '33041120000101123'

describeInBrowser('医疗互助：一站式结算导入', ({ host, browser }) => {
  it('a city aid_admin uploads a settlement file, follows the import, reads the flagged and bad rows, and settles a flagged one', async () => {
    const year = new Date().getFullYear()
    const file = [
      header,
      // 12,000.00 − 800.00 = 11,200.00 × 60% = 6,720.00.
      `${demoMember},嘉兴市第一医院,${year}-05-01,${year}-05-03,20000.00,8000.00,12000.00,6720.00`,
      `${demoMember},嘉兴市第二医院,${year}-06-01,${year}-06-02,9000.00,3000.00,6000.00,4000.00`,
      `${unknown}${idCheckChar(unknown)},嘉兴市第一医院,${year}-05-01,${year}-05-03,300.00,200.00,100.00,10.00`,
      `${demoMember},嘉兴市中医医院,${year}-07-09,${year}-07-01,300.00,200.00,100.00,10.00`,
    ].join('\r\n')

    const context = await newPhoneContext(browser())
    const admin = await signIn(context, host().url, 'city-admin')
    await onScreen(admin).locator('.module-grid__item--aid-settlement').click()
    const panel = onScreen(admin).locator('.upload-panel')
    await panel.waitFor()
    const [chooser] = await Promise.all([admin.waitForEvent('filechooser'), panel.locator('.upload-panel__file').click()])
    await chooser.setFiles({ name: '医保结算.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${file}\r\n`, 'utf8') })
    await panel.locator('.upload-panel__file-name', { hasText: '医保结算.csv' }).waitFor()
    await screenshot(admin, 'as1-file-chosen')
    await panel.locator('.upload-panel__start').click()

    const result = onScreen(admin).locator('.settlement-import')
    await result.locator('.settlement-import__status--done').waitFor()
    expect(await result.locator('.settlement-import__paid').textContent()).toBe('已结算 1 笔，互助金 6,720.00 元')
    expect(await result.locator('.settlement-import__counted').textContent()).toContain('已处理 4 / 4 行（100%）')
    const flagged = result.locator('.settlement-row--flagged')
    await flagged.waitFor()
    expect(await flagged.locator('.settlement-row__message').textContent()).toBe('文件互助金 4,000.00 元，核算应为 3,600.00 元')
    await screenshot(admin, 'as2-import-flagged')

    await flagged.locator('.settlement-row__use-file').click()
    await fillField(onScreen(admin).locator('.prompt-dialog__textarea'), '医院按旧版规则扣减，已与医保经办机构核对')
    await onScreen(admin).locator('.nut-dialog-footer-ok').click()
    await flagged.locator('.settlement-row__resolved', { hasText: '已按文件金额结算' }).waitFor()
    expect(await flagged.locator('.settlement-row__paid').textContent()).toBe('已支付 4,000.00 元')

    await result.locator('.filter-tabs__tab--bad').click()
    await result.locator('.settlement-row--bad .settlement-row__message', { hasText: '出院日期' }).waitFor()
    await result.locator('.filter-tabs__tab--unmatched').click()
    await result.locator('.settlement-row--unmatched .settlement-row__message', { hasText: '未找到该会员的有效参保记录' }).waitFor()
    await screenshot(admin, 'as3-unmatched')

    await result.locator('.settlement-import__back').click()
    await onScreen(admin).locator('.settlement-history__item', { hasText: '医保结算.csv' }).waitFor()
    await screenshot(admin, 'as4-history')

    // 大字模式: the same import, every figure still readable.
    await admin.goto(`${host().url}/#/pages/home/index`)
    await onScreen(admin).locator('.home__large-toggle').click()
    await onScreen(admin).locator('.page--large').waitFor()
    await admin.goto(`${host().url}/#/pages/aid/settlement/index`)
    await onScreen(admin).locator('.page--large .settlement-history__item', { hasText: '医保结算.csv' }).click()
    await onScreen(admin).locator('.page--large .settlement-row--flagged .settlement-row__resolved').waitFor()
    await screenshot(admin, 'as6-import-large-text')

    // The member's message centre has the settled payout.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'member')
    await member.goto(`${host().url}/#/pages/message/index`)
    await onScreen(member).getByText('医疗互助支付 6,720.00 元', { exact: false }).first().waitFor()
    await screenshot(member, 'as5-member-message')
    await memberContext.close()
    await context.close()
  })
})
