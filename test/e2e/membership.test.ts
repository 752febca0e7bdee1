import { expect, it } from 'vitest'
import { isValidIdNumber } from '../../src/shared/id-number'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('入会：申请、审核、领卡', ({ host, browser }) => {
  it('a new user applies to an enterprise union, its admin approves, and the user gets a card', async () => {
    const applicant = { name: '王小明', phone: '13900001234', idNumber: '330411199505051013' }
    expect(isValidIdNumber(applicant.idNumber)).toBe(true)
    const enterprise = '嘉兴恒创电子有限公司工会'

    // The applicant signs in as a brand-new user: no membership yet, so home asks them to join.
    const userContext = await newPhoneContext(browser())
    const user = await signIn(userContext, host().url, 'new')
    await onScreen(user).locator('.member-panel--none').waitFor()
    await screenshot(user, 'a1-new-user-home')

    await onScreen(user).locator('.member-panel__action--primary').click()
    const form = onScreen(user).locator('.join-form')
    await form.waitFor()
    await fillField(form.locator('.join-form__name'), applicant.name)
    await fillField(form.locator('.join-form__phone'), applicant.phone)
    await fillField(form.locator('.join-form__id'), applicant.idNumber)

    // Branch picker: search by a fragment of the enterprise name.
    await form.locator('.branch-picker__trigger').click()
    const sheet = onScreen(user).locator('.branch-sheet')
    await fillField(sheet.locator('.branch-sheet__input'), '恒创')
    const result = sheet.locator('.branch-row', { hasText: enterprise })
    await result.waitFor()
    await screenshot(user, 'a2-branch-search')
    await result.click()
    await expect.poll(() => form.locator('.branch-picker__value').textContent()).toContain(enterprise)

    await form.locator('.join-form__consent-box').click()
    await screenshot(user, 'a3-join-form-filled')
    await form.locator('.join-form__submit').click()
    const pending = onScreen(user).locator('.join-status--pending')
    await pending.waitFor()
    expect(await pending.textContent()).toContain(enterprise)
    await screenshot(user, 'a4-application-pending')

    // The enterprise admin approves it from the review queue.
    const adminContext = await newPhoneContext(browser())
    const admin = await signIn(adminContext, host().url, 'enterprise-admin')
    await onScreen(admin).locator('.module-grid__item--review').click()
    const row = onScreen(admin).locator('.application-row', { hasText: applicant.name })
    await row.waitFor()
    expect(await row.textContent()).toContain('1013')
    await screenshot(admin, 'a5-review-queue')
    await row.locator('.application-row__approve').click()
    await confirmModal(admin)
    await admin.locator('.taro__toast', { hasText: '已通过' }).waitFor({ state: 'attached' })
    await row.waitFor({ state: 'detached' })
    await screenshot(admin, 'a6-approved')

    // Back on home, the applicant now has a card with a member number and a QR code.
    await user.goBack()
    const card = onScreen(user).locator('.member-panel--card')
    await card.waitFor()
    await card.click()
    const qr = onScreen(user).locator('.card-page__qr img')
    await expect.poll(() => qr.getAttribute('src')).toMatch(/^data:image\/gif;base64,/)
    expect(await onScreen(user).locator('.member-card__name').textContent()).toBe(applicant.name)
    expect(await onScreen(user).locator('.member-card__no').textContent()).toMatch(/^JX\d{10}$/)
    expect(await onScreen(user).locator('.member-card').textContent()).toContain(enterprise)
    await screenshot(user, 'a7-member-card')

    await userContext.close()
    await adminContext.close()
  })
})
