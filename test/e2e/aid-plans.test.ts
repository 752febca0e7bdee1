import { expect, it } from 'vitest'
import type { AidPlan } from '../../src/shared/api'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { callAs, confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('医疗互助：互助计划与我的保障', ({ host, browser }) => {
  it('a city aid_admin drafts a plan with the rules form, opens it, and starts a corrected version', async () => {
    const context = await newPhoneContext(browser())
    const admin = await signIn(context, host().url, 'city-admin')
    await onScreen(admin).locator('.module-grid__item--aid-plans').click()
    await onScreen(admin).locator('.aid-plan').first().waitFor()
    await onScreen(admin).locator('.aid-plans__create').click()

    const editor = onScreen(admin).locator('.plan-edit')
    await editor.locator('.plan-edit__name').waitFor()
    await fillField(editor.locator('.plan-edit__name'), '秀洲区职工医疗互助（测试）')
    await editor.locator('.branch-picker__trigger').click()
    const sheet = onScreen(admin).locator('.branch-sheet')
    await fillField(sheet.locator('.branch-sheet__input'), '秀洲')
    await sheet.locator('.branch-row', { has: admin.locator('.branch-row__name', { hasText: '秀洲区总工会' }) }).click()
    await expect.poll(() => editor.locator('.branch-picker__value').textContent()).toContain('秀洲区总工会')
    // A band out of order is shown beside its field and nothing is saved.
    await editor.locator('.plan-edit__add-band').click()
    await fillField(editor.locator('.plan-edit__band').nth(1).locator('.plan-edit__row-input').first(), '40000')
    await editor.locator('.plan-edit__add-illness').click()
    await fillField(editor.locator('.plan-edit__illness-name'), '恶性肿瘤')
    await fillField(editor.locator('.plan-edit__illness .plan-edit__row-input').nth(2), '100000')
    await editor.locator('.plan-edit__save').click()
    await editor.locator('.plan-edit__row-error', { hasText: '分段上限须逐段递增' }).waitFor()
    await screenshot(admin, 'ac1-plan-form-error')
    await fillField(editor.locator('.plan-edit__band').nth(1).locator('.plan-edit__row-input').first(), '80000')
    await editor.locator('.plan-edit__save').click()

    const row = onScreen(admin).locator('.aid-plan', { hasText: '秀洲区职工医疗互助（测试）' })
    await row.locator('.aid-plan__status--draft').waitFor()
    await screenshot(admin, 'ac2-plan-list-draft')
    await row.locator('.aid-plan__open').click()
    await confirmModal(admin)
    await row.locator('.aid-plan__status--open').waitFor()
    const plans = await callAs<{ items: AidPlan[] }>(admin, 'aid', 'plans', { view: 'manage', limit: 50 })
    const opened = plans.items.find((p) => p.name === '秀洲区职工医疗互助（测试）')
    expect(opened?.rules.bands).toEqual([
      { uptoFen: 5_000_000, ratioBp: 6000 },
      { uptoFen: 8_000_000, ratioBp: 70_00 },
      { uptoFen: null, ratioBp: 7000 },
    ])
    expect(opened?.rules.criticalIllness).toEqual([{ code: 'CI01', name: '恶性肿瘤', lumpSumFen: 10_000_000 }])

    await row.locator('.aid-plan__new-version').click()
    await confirmModal(admin)
    await onScreen(admin).locator('.plan-edit__name').waitFor()
    await screenshot(admin, 'ac3-new-version-draft')
    await context.close()
  })

  it('the demo member sees the plan, the period, the cap used and left, and last year with its explained payout, in 大字模式 too', async () => {
    const context = await newPhoneContext(browser())
    const member = await signIn(context, host().url, 'member')
    await member.goto(`${host().url}/#/pages/aid/coverage/index`)
    const page = onScreen(member)
    await page.locator('.coverage__current').waitFor()
    expect(await page.locator('.coverage__fact').nth(1).textContent()).toBe('续保，无观察期')
    expect(await page.locator('.coverage__left').textContent()).toBe('剩余 50,000.00 元')
    await screenshot(member, 'ac4-coverage')
    await page.locator('.coverage__year-head').nth(1).click()
    await page.locator('.payout__line', { hasText: '合计 6,810.00' }).waitFor()
    await screenshot(member, 'ac5-coverage-history')

    await member.goto(`${host().url}/#/pages/home/index`)
    await onScreen(member).locator('.home__large-toggle').click()
    await onScreen(member).locator('.page--large').waitFor()
    await member.goto(`${host().url}/#/pages/aid/coverage/index`)
    await onScreen(member).locator('.page--large .coverage__current').waitFor()
    await screenshot(member, 'ac6-coverage-large-text')
    await context.close()
  })

  it('a member without coverage is told how to join', async () => {
    const context = await newPhoneContext(browser())
    const member = await signIn(context, host().url, 'sibling-member')
    await member.goto(`${host().url}/#/pages/aid/coverage/index`)
    await onScreen(member).locator('.coverage__empty', { hasText: '未参加医疗互助' }).waitFor()
    await onScreen(member).locator('.coverage__individual-plan').first().waitFor()
    await screenshot(member, 'ac7-coverage-empty')
    await context.close()
  })
})
