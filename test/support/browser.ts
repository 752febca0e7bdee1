import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { chromiumPath } from './chromium-path'
import { launchBrowser } from './browser-launch'
import { afterAll, beforeAll, describe } from 'vitest'
import { startTestHost } from './host'

type TestHost = Awaited<ReturnType<typeof startTestHost>>

// Launching lives apart from vitest's imports so that the bench can use it too.
export { launchBrowser, newPhoneContext } from './browser-launch'

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

/**
 * Declares a browser suite: a fresh seeded host and one Chromium for its tests, or a plainly
 * explained skip where Chromium is missing outside CI (under CI a missing browser fails).
 */
export function describeInBrowser(name: string, body: (session: { host: () => TestHost; browser: () => Browser }) => void): void {
  const availability = browserAvailability()
  if (!availability.run) console.warn(`跳过浏览器测试：${availability.reason}`)
  describe.skipIf(!availability.run)(name, () => {
    let host: TestHost | null = null
    let browser: Browser | null = null
    beforeAll(async () => {
      host = await startTestHost()
      browser = await launchBrowser()
    })
    afterAll(async () => {
      await browser?.close()
      await host?.close()
    })
    body({
      host: () => {
        if (!host) throw new Error('host not started')
        return host
      },
      browser: () => {
        if (!browser) throw new Error('browser not launched')
        return browser
      },
    })
  })
}
