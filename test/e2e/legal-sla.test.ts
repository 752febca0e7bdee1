import { expect, it } from 'vitest'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('在线律师：法律服务统计与答复时限', ({ host, browser }) => {
  it('the city legal_admin reads the figures per county, in 大字模式 too, and changes the response time', async () => {
    const context = await newPhoneContext(browser())
    const admin = await signIn(context, host().url, 'city-admin')
    await onScreen(admin).locator('.module-grid__item--legal-figures').click()
    const page = onScreen(admin)
    await page.locator('.legal-figures-line', { hasText: '南湖区' }).waitFor()
    await page.locator('.legal-figures-line', { hasText: '嘉兴市总工会 合计' }).waitFor()
    await screenshot(admin, 'ls1-figures')

    await page.locator('.choice-chips__chip--year').click()
    await page.locator('.legal-figures__note', { hasText: '-01-01 至' }).waitFor()

    await page.locator('.legal-figures__policy').click()
    const form = onScreen(admin).locator('.legal-policy__form')
    await form.waitFor()
    await onScreen(admin).locator('.legal-policy__calendar', { hasText: '法定节假日' }).waitFor()
    await fillField(form.locator('.legal-policy__input--responseMinutes'), '90')
    await form.locator('.legal-policy__save').click()
    await onScreen(admin).locator('.legal-policy__updated', { hasText: '最近由' }).waitFor()
    expect(await form.locator('.legal-policy__input--responseMinutes input').inputValue()).toBe('90')
    await screenshot(admin, 'ls2-policy')

    await admin.goto(`${host().url}/#/pages/home/index`)
    await onScreen(admin).locator('.home__large-toggle').click()
    await onScreen(admin).locator('.page--large').waitFor()
    await admin.goto(`${host().url}/#/pages/legal/figures/index`)
    await onScreen(admin).locator('.page--large .legal-figures-line', { hasText: '南湖区' }).waitFor()
    await screenshot(admin, 'ls3-figures-large-text')
    await context.close()
  })

  it("a county legal_admin sees the policy but may not change it, and only the county's figures", async () => {
    const context = await newPhoneContext(browser())
    const admin = await signIn(context, host().url, 'legal-admin')
    await onScreen(admin).locator('.module-grid__item--legal-figures').click()
    await onScreen(admin).locator('.legal-figures-line', { hasText: '秀洲区总工会 合计' }).waitFor()
    expect(await onScreen(admin).locator('.legal-figures-line', { hasText: '南湖区' }).count()).toBe(0)
    await admin.goto(`${host().url}/#/pages/legal/policy/index`)
    await onScreen(admin).locator('.legal-policy__note', { hasText: '由市总工会法律服务管理员设置' }).waitFor()
    expect(await onScreen(admin).locator('.legal-policy__save').count()).toBe(0)
    await screenshot(admin, 'ls4-policy-read-only')
    await context.close()
  })
})
