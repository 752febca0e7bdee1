import { expect, it } from 'vitest'
import { fillHospitalClaim } from '../support/aid-claim-form'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('医疗互助：会员申请互助金', ({ host, browser }) => {
  it('a member consents, fills in the bill, uploads the checklist, sees the estimate, submits and follows the claim', async () => {
    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'member')
    await page.goto(`${host().url}/#/pages/aid/claim-new/index`)

    // The first claim asks for the separate health-data consent before anything else.
    const consent = onScreen(page).locator('.aid-claim-new__consent')
    await consent.waitFor()
    await screenshot(page, 'acm1-health-consent')
    await consent.locator('.aid-claim-new__consent-agree').click()

    const form = onScreen(page).locator('.aid-claim-new__form')
    await form.waitFor()
    await fillHospitalClaim(page, form, { total: '20000', insurance: '12000', self: '8000.00', eligible: '6000.5' })
    await expect.poll(() => form.locator('.document-upload__pdf-name').textContent()).toBe('出院小结.pdf')

    // The estimate and its explanation come before 提交.
    expect(await form.locator('.aid-claim-new__submit').count()).toBe(0)
    await form.locator('.aid-claim-new__check').click()
    const amount = form.locator('.aid-claim-new__estimate-amount')
    await amount.waitFor()
    expect(await amount.textContent()).toMatch(/^预计可获互助金 [\d,]+\.\d{2} 元$/)
    expect(await form.locator('.aid-claim-new__estimate-line').count()).toBeGreaterThan(0)
    expect(await form.locator('.aid-claim-new__estimate-line').first().textContent()).toContain('可报销金额 6,000.50')
    await screenshot(page, 'acm2-claim-form-estimate')

    // Changing the bill drops the estimate: what is submitted is what was estimated.
    await fillField(form.locator('.aid-claim-new__amount--eligible'), '6000')
    await form.locator('.aid-claim-new__check').waitFor()
    await form.locator('.aid-claim-new__check').click()
    await form.locator('.aid-claim-new__submit').click()

    const claim = onScreen(page).locator('.aid-claim')
    await claim.locator('.aid-claim-status--submitted').waitFor()
    expect(await claim.locator('.aid-claim__event').count()).toBe(1)
    expect(await claim.locator('.aid-claim__doc').count()).toBe(3)
    await screenshot(page, 'acm3-claim-submitted')

    // 我的互助申请 lists it.
    await page.goto(`${host().url}/#/pages/aid/claims/index`)
    const row = onScreen(page).locator('.aid-claims__row--submitted')
    await row.waitFor()
    expect(await row.locator('.aid-claims__title').textContent()).toContain('上海市第六人民医院')
    await screenshot(page, 'acm4-my-claims')

    // 大字模式: the claim and the form stay usable, labels and values wrapping rather than spilling.
    await page.goto(`${host().url}/#/pages/home/index`)
    await onScreen(page).locator('.home__large-toggle').click()
    await page.goto(`${host().url}/#/pages/aid/claims/index`)
    await onScreen(page).locator('.page--large .aid-claims__row--submitted').click()
    await onScreen(page).locator('.page--large .aid-claim__timeline').waitFor()
    await screenshot(page, 'acm5-claim-large-text')
    await page.goto(`${host().url}/#/pages/aid/claim-new/index`)
    await onScreen(page).locator('.page--large .aid-claim-new__form').waitFor()
    await screenshot(page, 'acm6-claim-form-large-text')
    await context.close()
  })
})
