import type { BrowserContext, Page } from 'playwright-core'
import { launchBrowser, newPhoneContext } from '../test/support/browser-launch'
import { startTestHost } from '../test/support/host'
import { round } from './stats'

/** What one first visit to the home page made Chromium download. */
export interface FirstLoad {
  js_gzip_kb: number
  /** Each script, as served (gzip), largest first. */
  scripts: { url: string; gzip_kb: number }[]
}

export interface H5FirstLoads {
  h5_home_js_gzip_kb_logged_in: number
  h5_home_js_gzip_kb_logged_out: number
  h5_home_js_budget_kb: number
  h5_home_js_within_budget: boolean
  h5_first_load_detail: { logged_in: FirstLoad; logged_out: FirstLoad }
}

/** Each first visit of the home page, logged in or not, loads at most this much JS (gzip). */
export const homeJsBudgetKb = 150

const kb = (bytes: number) => round(bytes / 1024, 1)

/**
 * Opens `path` in a context with an empty HTTP cache, waits for `ready` and then for the network
 * to stay idle, and sums the bytes of every script response as they came over the wire.
 */
async function firstLoad(context: BrowserContext, url: string, ready: string): Promise<FirstLoad> {
  const page: Page = await context.newPage()
  const pending: Promise<{ url: string; bytes: number }>[] = []
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return
    pending.push(response.request().sizes().then((sizes) => ({ url: new URL(response.url()).pathname, bytes: sizes.responseBodySize })))
  })
  await page.goto(url)
  await page.locator(ready).first().waitFor({ timeout: 60_000 })
  await page.waitForLoadState('networkidle')
  const scripts = (await Promise.all(pending)).sort((a, b) => b.bytes - a.bytes)
  await page.close()
  return {
    js_gzip_kb: kb(scripts.reduce((sum, s) => sum + s.bytes, 0)),
    scripts: scripts.map((s) => ({ url: s.url, gzip_kb: kb(s.bytes) })),
  }
}

/**
 * What a phone's browser really loads for a first visit of the home page, from the production H5
 * build served by the host (gzip, as the host sends it): logged out (the visit lands on the login
 * page) and logged in as the demo member (session in storage, HTTP cache empty).
 */
export async function measureH5FirstLoads(): Promise<H5FirstLoads> {
  const host = await startTestHost()
  const browser = await launchBrowser()
  try {
    const loggedOutContext = await newPhoneContext(browser)
    const loggedOut = await firstLoad(loggedOutContext, `${host.url}/`, '.login-page')
    // Signing in loads the login page's scripts too: take only the session into a fresh context.
    const signIn = await loggedOutContext.newPage()
    await signIn.goto(`${host.url}/#/pages/auth/login/index`)
    await signIn.locator('.taro_page:visible .demo-account--member').click()
    await signIn.locator('.taro_page:visible .home .member-panel').waitFor({ timeout: 60_000 })
    const session = await loggedOutContext.storageState()
    await loggedOutContext.close()
    const loggedInContext = await newPhoneContext(browser, { storageState: session })
    const loggedIn = await firstLoad(loggedInContext, `${host.url}/`, '.home .member-panel')
    await loggedInContext.close()
    return {
      h5_home_js_gzip_kb_logged_in: loggedIn.js_gzip_kb,
      h5_home_js_gzip_kb_logged_out: loggedOut.js_gzip_kb,
      h5_home_js_budget_kb: homeJsBudgetKb,
      h5_home_js_within_budget: loggedIn.js_gzip_kb <= homeJsBudgetKb && loggedOut.js_gzip_kb <= homeJsBudgetKb,
      h5_first_load_detail: { logged_in: loggedIn, logged_out: loggedOut },
    }
  } finally {
    await browser.close()
    await host.close()
  }
}
