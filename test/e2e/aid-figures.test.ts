import { expect, it } from 'vitest'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { onScreen, signIn } from '../support/h5-app'

describeInBrowser('医疗互助：互助统计与导出', ({ host, browser }) => {
  it('a city aid_admin reads the year by month and by county, in 大字模式 too, and exports it as Excel', async () => {
    const context = await newPhoneContext(browser())
    const admin = await signIn(context, host().url, 'city-admin')
    await onScreen(admin).locator('.module-grid__item--aid-figures').click()
    const page = onScreen(admin)
    await page.locator('.figures-line', { hasText: '12 月' }).waitFor()
    await page.locator('.figures-line', { hasText: '南湖区' }).waitFor()
    await screenshot(admin, 'af1-figures')
    // The browser is sent to the signed URL of the workbook in a new tab.
    const download = context.waitForEvent('request', (request) => request.url().includes('/files/private/'))
    await page.locator('.figures-page__export').click()
    expect((await download).url()).toMatch(/\/files\/private\/[0-9a-f]{64}\.xlsx\?exp=/)

    await admin.goto(`${host().url}/#/pages/home/index`)
    await onScreen(admin).locator('.home__large-toggle').click()
    await onScreen(admin).locator('.page--large').waitFor()
    await admin.goto(`${host().url}/#/pages/aid/figures/index`)
    await onScreen(admin).locator('.page--large .figures-line', { hasText: '12 月' }).waitFor()
    await screenshot(admin, 'af2-figures-large-text')
    await context.close()
  })

  it('the demo member exports their own records from their coverage', async () => {
    const context = await newPhoneContext(browser())
    const member = await signIn(context, host().url, 'member')
    await member.goto(`${host().url}/#/pages/aid/coverage/index`)
    await onScreen(member).locator('.coverage__export').waitFor()
    const download = context.waitForEvent('request', (request) => request.url().includes('/files/private/'))
    await onScreen(member).locator('.coverage__export').click()
    expect((await download).url()).toMatch(/\/files\/private\/[0-9a-f]{64}\.xlsx\?exp=/)
    await screenshot(member, 'af3-coverage-export')
    await context.close()
  })
})
