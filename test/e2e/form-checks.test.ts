import { expect, it } from 'vitest'
import { idCheckChar } from '../../src/shared/id-number'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('表单校验：入会申请', ({ host, browser }) => {
  it('says what is wrong with an emoji in the name, an empty ID and an unknown region code', async () => {
    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'new')
    await onScreen(page).locator('.member-panel__action--primary').click()
    const form = onScreen(page).locator('.join-form')
    await form.waitFor()
    const errorOf = (input: string) => form.locator('.form-field').filter({ has: page.locator(input) }).locator('.form-field__error')

    await fillField(form.locator('.join-form__name'), '李😀 明')
    await fillField(form.locator('.join-form__phone'), '13900001234')
    await form.locator('.join-form__submit').click()
    await expect.poll(() => errorOf('.join-form__name').textContent()).toBe('姓名只能包含汉字、间隔号“·”或字母')
    await expect.poll(() => errorOf('.join-form__id').textContent()).toBe('请填写身份证号码')
    expect(await errorOf('.join-form__phone').count()).toBe(0)
    await form.locator('.join-form__phone').evaluate((field) => field.scrollIntoView({ block: 'center' }))
    await screenshot(page, 'f1-emoji-name-empty-id')

    // A checksum-valid number whose region 000000 was never a division code, checked on leaving the field.
    const unknownRegion = '00000019900101123'
    await fillField(form.locator('.join-form__id'), unknownRegion + idCheckChar(unknownRegion))
    await form.locator('.join-form__id input').blur()
    await expect.poll(() => errorOf('.join-form__id').textContent()).toBe('身份证号码的地区码无效')
    // The dot a Chinese IME types is accepted and the name's message goes away.
    await fillField(form.locator('.join-form__name'), '阿依古丽・买买提')
    await expect.poll(() => errorOf('.join-form__name').count()).toBe(0)
    // The toast of the first submit names the old mistake until it goes (its box has no size, so
    // Playwright calls it hidden all along: its display says when it is gone).
    await expect.poll(() => page.locator('.taro__toast').evaluate((toast) => getComputedStyle(toast).display), { timeout: 10_000 }).toBe('none')
    await form.locator('.join-form__phone').evaluate((field) => field.scrollIntoView({ block: 'center' }))
    await screenshot(page, 'f2-unknown-region-code')

    await context.close()
  })
})
