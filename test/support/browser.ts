import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { chromiumPath } from './chromium-path'

const screenshotDir = resolve('test-artifacts/screenshots')

/**
 * Whether the browser suite can run here. A missing browser fails CI (the suite would
 * otherwise pass vacuously) and is skipped, with the reason, on a developer machine.
 */
export function browserAvailability(): { run: true } | { run: false; reason: string } {
  if (existsSync(chromiumPath)) return { run: true }
  const reason = `未找到 Chromium（${chromiumPath}）：请安装 chromium 或设置 CHROMIUM_PATH`
  if (process.env.CI) throw new Error(reason)
  return { run: false, reason }
}

/**
 * Debian's Chromium, headless. Playwright gives every launch a fresh temporary
 * --user-data-dir, and every context its own storage, so each simulated user is isolated.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A phone-sized context for one user. */
export function newPhoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN', hasTouch: true })
}

/**
 * Waits for finite animations (Taro's page slide, popups) to end first: a shot taken during a
 * page transition shows a blank or half-drawn page. Spinners loop forever and are ignored.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  // Two frames, so a transition started by the last action is already registered.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  )
  mkdirSync(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
