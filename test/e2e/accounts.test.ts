import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { isValidIdNumber } from '../../src/shared/id-number'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

/** Records what a logged-out visit must never show: 401 answers and console errors. */
function watchFailures(page: Page): { unauthorized: string[]; consoleErrors: string[] } {
  const seen = { unauthorized: [] as string[], consoleErrors: [] as string[] }
  page.on('response', (response) => {
    if (response.status() === 401) seen.unauthorized.push(response.url())
  })
  page.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => seen.consoleErrors.push(error.message))
  return seen
}

async function call<T>(baseUrl: string, fn: string, action: string, input: object, token?: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ action, input }),
  })
  const body = (await response.json()) as { ok: boolean; data: T }
  if (!body.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(body)}`)
  return body.data
}

async function switchAccount(page: Page): Promise<void> {
  await onScreen(page).locator('.home__me').click()
  await onScreen(page).locator('.me-page__switch').click()
  await onScreen(page).locator('.login-page__accounts').waitFor()
}

describeInBrowser('账号：切换、继续使用、工作台、登录后回到链接', ({ host, browser }) => {
  it('a logged-out first visit goes to login without a 401 or a console error', async () => {
    const context = await newPhoneContext(browser())
    const page = await context.newPage()
    const failures = watchFailures(page)
    await page.goto(`${host().url}/`)
    await onScreen(page).locator('.login-page__accounts').waitFor()
    await screenshot(page, 'u1-logged-out-first-visit')
    expect(failures).toEqual({ unauthorized: [], consoleErrors: [] })

    // A session kept past its expiry counts as none: back to login, again without a failing call.
    await page.evaluate(() => {
      localStorage.setItem('session-token', JSON.stringify({ data: 'e30.AAAA' }))
      localStorage.setItem('session-expires-at', JSON.stringify({ data: '2020-01-01T00:00:00.000Z' }))
    })
    await page.goto(`${host().url}/#/pages/points/index/index`)
    await page.reload()
    await onScreen(page).locator('.login-page__return').waitFor()
    expect(failures).toEqual({ unauthorized: [], consoleErrors: [] })
    await context.close()
  })

  it('applies as a new user, switches to the admin who approves, and resumes the applicant from the login list', async () => {
    const applicant = { name: '王小明', phone: '13900001234', idNumber: '330411199505051013' }
    expect(isValidIdNumber(applicant.idNumber)).toBe(true)
    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'new')

    await onScreen(page).locator('.member-panel__action--primary').click()
    const form = onScreen(page).locator('.join-form')
    await form.waitFor()
    await fillField(form.locator('.join-form__name'), applicant.name)
    await fillField(form.locator('.join-form__phone'), applicant.phone)
    await fillField(form.locator('.join-form__id'), applicant.idNumber)
    await form.locator('.branch-picker__trigger').click()
    const sheet = onScreen(page).locator('.branch-sheet')
    await fillField(sheet.locator('.branch-sheet__input'), '恒创')
    const branch = sheet.locator('.branch-row', { hasText: '嘉兴恒创电子有限公司工会' })
    await branch.waitFor()
    await branch.click()
    await form.locator('.join-form__consent-box').click()
    await form.locator('.join-form__submit').click()
    await onScreen(page).locator('.join-status--pending').waitFor()

    // Home greets the applicant by the name on the application, not the generated nickname.
    await page.goBack()
    await onScreen(page).locator('.member-panel--pending').waitFor()
    await expect.poll(() => onScreen(page).locator('.home__greeting').textContent()).toBe(`${applicant.name}，您好`)
    await screenshot(page, 'u2-applicant-greeting')

    await onScreen(page).locator('.home__me').click()
    await onScreen(page).locator('.me-page__name', { hasText: applicant.name }).waitFor()
    expect(await onScreen(page).locator('.me-page__profile').textContent()).toContain('尚未入会')
    await screenshot(page, 'u3-me-page')
    await onScreen(page).locator('.me-page__switch').click()
    const resumable = onScreen(page).locator('.demo-account--resumable', { hasText: applicant.name })
    await resumable.waitFor()
    await screenshot(page, 'u4-login-resumable')

    // The enterprise admin (member and staff) keeps the card and gets the 工作台 with a count.
    await onScreen(page).locator('.demo-account--enterprise-admin').click()
    await onScreen(page).locator('.home .member-panel--card').waitFor()
    const review = onScreen(page).locator('.staff-panel .module-grid__item--review')
    await expect.poll(() => review.locator('.module-grid__count').textContent()).toBe('1')
    await screenshot(page, 'u5-admin-home')
    await review.click()
    const row = onScreen(page).locator('.application-row', { hasText: applicant.name })
    await row.waitFor()
    await row.locator('.application-row__approve').click()
    await confirmModal(page)
    await row.waitFor({ state: 'detached' })
    await page.goBack()
    await onScreen(page).locator('.home .member-panel--card').waitFor()

    await switchAccount(page)
    await onScreen(page).locator('.demo-account--resumable', { hasText: applicant.name }).click()
    const card = onScreen(page).locator('.home .member-panel--card')
    await card.waitFor()
    expect(await card.locator('.member-panel__name').textContent()).toBe(applicant.name)
    expect(await onScreen(page).locator('.home__greeting').textContent()).toBe(`${applicant.name}，您好`)
    await screenshot(page, 'u6-applicant-resumed-card')
    await context.close()
  })

  it('gives staff who are not members a 工作台 and no joining banner', async () => {
    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'town-admin')
    const panel = onScreen(page).locator('.staff-panel--lead')
    await panel.waitFor()
    for (const queue of ['review', 'notices', 'grant-points', 'roles', 'verify']) {
      await panel.locator(`.module-grid__item--${queue}`).waitFor()
    }
    expect(await onScreen(page).locator('.member-panel').count()).toBe(0)
    expect(await onScreen(page).locator('.home__join-prompt').count()).toBe(0)
    // The icons are SVG files drawn at the size of their box, not single characters.
    const icon = onScreen(page).locator('.module-grid__item--review .module-grid__icon img')
    expect(await icon.getAttribute('src')).toMatch(/\.svg$/)
    await expect.poll(async () => (await icon.boundingBox())?.width ?? 0).toBeGreaterThan(20)
    await screenshot(page, 'u7-town-admin-home')
    await onScreen(page).locator('.home__large-toggle').click()
    await screenshot(page, 'u8-town-admin-home-large')
    await onScreen(page).locator('.home__me').click()
    const grant = onScreen(page).locator('.me-page__grant')
    await grant.waitFor()
    expect(await grant.textContent()).toContain('工会管理员')
    expect(await grant.textContent()).toContain('油车港镇总工会')
    await screenshot(page, 'u8b-town-admin-me-large')
    await onScreen(page).locator('.me-page__large').click()
    await page.goBack()

    const operator = await signIn(context, host().url, 'mall-operator')
    await onScreen(operator).locator('.staff-panel--lead .module-grid__item--mall-orders').waitFor()
    expect(await onScreen(operator).locator('.staff-panel--lead .module-grid__item--review').count()).toBe(0)
    await screenshot(operator, 'u9-mall-operator-home')
    await context.close()
  })

  it('brings a logged-out reader of a notice link back to that notice after login', async () => {
    const session = await call<{ token: string }>(host().url, 'auth', 'demoLogin', { key: 'member' })
    const feed = await call<{ items: { id: number; title: string }[] }>(host().url, 'notice', 'feed', {}, session.token)
    const notice = feed.items[0]

    const context = await newPhoneContext(browser())
    const page = await context.newPage()
    const failures = watchFailures(page)
    await page.goto(`${host().url}/#/pages/notice/detail/index?id=${notice.id}`)
    await onScreen(page).locator('.login-page__return').waitFor()
    await screenshot(page, 'u10-deep-link-login')
    await onScreen(page).locator('.demo-account--member').click()
    await onScreen(page).locator('.notice-detail__title', { hasText: notice.title }).waitFor()
    expect(page.url()).toContain(`/pages/notice/detail/index?id=${notice.id}`)
    await screenshot(page, 'u11-deep-link-notice')
    expect(failures).toEqual({ unauthorized: [], consoleErrors: [] })

    // A link off the app is not followed after login.
    await page.evaluate(() => localStorage.clear())
    await page.goto(`${host().url}/#/pages/auth/login/index?redirect=${encodeURIComponent('https://evil.example/')}`)
    await page.reload()
    await onScreen(page).locator('.login-page__accounts').waitFor()
    expect(await onScreen(page).locator('.login-page__return').count()).toBe(0)
    await onScreen(page).locator('.demo-account--member').click()
    await onScreen(page).locator('.home .member-panel--card').waitFor()
    await context.close()
  })
})
