import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { onScreen, signIn } from '../support/h5-app'

/** Taro's H5 navigation bar, shared by every page (app.config.ts navigationStyle 'default'). */
function navBar(page: Page) {
  const bar = page.locator('#taro-navigation-bar')
  return {
    title: bar.locator('.taro-navigation-bar-title'),
    back: bar.locator('.taro-navigation-bar-back'),
    home: bar.locator('.taro-navigation-bar-home'),
  }
}

async function expectTitle(page: Page, title: string): Promise<void> {
  await expect.poll(() => navBar(page).title.textContent(), { timeout: 10_000 }).toBe(title)
}

describeInBrowser('导航：标题栏、错误页与未知地址', ({ host, browser }) => {
  it('every page shows its title with back and home; home has neither', async () => {
    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'member')
    const bar = navBar(page)
    await expectTitle(page, '嘉兴网上职工之家')
    expect(await bar.back.isVisible()).toBe(false)
    expect(await bar.home.isVisible()).toBe(false)
    await screenshot(page, 'n1-home-title')

    await onScreen(page).locator('.feed-row').first().click()
    await onScreen(page).locator('.notice-detail__article').waitFor()
    await expectTitle(page, '通知详情')
    await bar.back.waitFor()
    await bar.home.waitFor()
    // The page scrolls inside itself: under the bar it must end at the bottom of the screen, not below.
    const box = await onScreen(page).boundingBox()
    expect(box && box.y + box.height).toBeCloseTo(page.viewportSize()?.height ?? 0, 0)
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBe(page.viewportSize()?.height)
    await screenshot(page, 'n2-notice-detail-bar')
    await bar.back.click()
    await onScreen(page).locator('.home .member-panel').waitFor()
    await expectTitle(page, '嘉兴网上职工之家')

    await onScreen(page).locator('.module-grid__item--mall').click()
    await expectTitle(page, '积分商城')
    await onScreen(page).locator('.item-card').first().click()
    await expectTitle(page, '商品详情')
    await bar.home.waitFor()
    await screenshot(page, 'n3-mall-item-bar')
    // 首页 closes the whole stack, as WeChat's own home button does.
    await bar.home.click()
    await onScreen(page).locator('.home .member-panel').waitFor()
    await expectTitle(page, '嘉兴网上职工之家')
    expect(await bar.back.isVisible()).toBe(false)

    await onScreen(page).locator('.module-grid__item--points').click()
    await expectTitle(page, '我的积分')
    await bar.back.waitFor()
    await screenshot(page, 'n4-points-bar')

    // A page opened first (a shared link) has nothing below it: only 首页.
    await page.goto(`${host().url}/#/pages/points/index/index`)
    await page.reload()
    await expectTitle(page, '我的积分')
    await bar.home.waitFor()
    expect(await bar.back.isVisible()).toBe(false)
    await context.close()
  })

  it('an error page offers the action that fits: 返回首页 for a missing notice, and it leads home', async () => {
    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'member')
    await page.goto(`${host().url}/#/pages/notice/detail/index?id=999999`)
    await page.reload()
    const state = onScreen(page).locator('.page-state--error')
    await state.waitFor()
    expect(await state.locator('.page-state__text').textContent()).toBe('通知不存在或已下线')
    expect(await state.locator('.page-state__retry').count()).toBe(0)
    await screenshot(page, 'n5-missing-notice')
    await state.locator('.page-state__action', { hasText: '返回首页' }).click()
    await onScreen(page).locator('.home .member-panel').waitFor()
    await expectTitle(page, '嘉兴网上职工之家')

    // 大字模式: the same page stays usable with the larger type.
    await onScreen(page).locator('.home__large-toggle').click()
    await onScreen(page).locator('.page--large').waitFor()
    await page.goto(`${host().url}/#/pages/notice/detail/index?id=999999`)
    await onScreen(page).locator('.page--large .page-state--error').waitFor()
    await screenshot(page, 'n5b-missing-notice-large-text')
    await context.close()
  })

  it('an unknown route shows 页面不存在 on reload and on a hash change, and leads home', async () => {
    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'member')

    // Reloaded at an unknown address: no blank page.
    await page.goto(`${host().url}/#/pages/nope/index`)
    await page.reload()
    const missing = onScreen(page).locator('.not-found .page-state--error')
    await missing.waitFor()
    expect(await missing.locator('.page-state__text').textContent()).toContain('页面不存在')
    await expectTitle(page, '页面不存在')
    expect(await page.locator('#splash').count()).toBe(0)
    await screenshot(page, 'n6-unknown-route-reload')
    await missing.locator('.page-state__action', { hasText: '返回首页' }).click()
    await onScreen(page).locator('.home .member-panel').waitFor()

    // The hash changed by hand from a page on screen: that page must not stay.
    await onScreen(page).locator('.module-grid__item--points').click()
    await expectTitle(page, '我的积分')
    await page.evaluate(() => {
      window.location.hash = '#/pages/also-nope/index'
    })
    await onScreen(page).locator('.not-found').waitFor()
    await expect.poll(() => onScreen(page).count(), { timeout: 10_000 }).toBe(1)
    await expectTitle(page, '页面不存在')
    await screenshot(page, 'n7-unknown-route-hash-change')
    await navBar(page).home.click()
    await onScreen(page).locator('.home .member-panel').waitFor()
    await context.close()
  })

  it('the served HTML carries the splash and the favicon; the splash goes once a page renders', async () => {
    const html = await (await fetch(`${host().url}/`)).text()
    expect(html).toContain('id="splash"')
    expect(html).toContain('href="/favicon.svg"')
    const icon = await fetch(`${host().url}/favicon.svg`)
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toBe('image/svg+xml')
    // Asked for by tools and older browsers that ignore the link.
    const ico = await fetch(`${host().url}/favicon.ico`)
    expect(ico.status).toBe(200)
    expect(ico.headers.get('content-type')).toBe('image/x-icon')
    expect(Buffer.from(await ico.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]))

    // Scripts held back: what a member on a slow network sees first.
    const context = await newPhoneContext(browser())
    const page = await context.newPage()
    let release: () => void = () => undefined
    const held = new Promise<void>((done) => (release = done))
    await page.route('**/js/**', async (route) => {
      await held
      await route.continue()
    })
    // The app's scripts are deferred: the document is not 'loaded' until they ran.
    await page.goto(`${host().url}/#/pages/auth/login/index`, { waitUntil: 'commit' })
    await page.locator('#splash').waitFor()
    await screenshot(page, 'n8-splash')
    release()
    await onScreen(page).locator('.demo-account--member').waitFor()
    expect(await page.locator('#splash').count()).toBe(0)
    await context.close()
  })

  it('a non-member is offered 申请入会, and the tap shows 加载中 until the slow page is there', async () => {
    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'new')
    await page.goto(`${host().url}/#/pages/points/index/index`)
    const state = onScreen(page).locator('.page-state--error')
    await state.waitFor()
    expect(await state.locator('.page-state__retry').count()).toBe(0)
    // The join page's chunk arrives late, as on a slow network.
    await page.route('**/js/**', async (route) => {
      await new Promise((done) => setTimeout(done, 1500))
      await route.continue()
    })
    await state.locator('.page-state__action', { hasText: '申请入会' }).click()
    const loading = page.locator('.nav-busy', { hasText: '加载中' })
    await loading.waitFor()
    await screenshot(page, 'n9-tap-feedback')
    await expectTitle(page, '入会认证')
    await onScreen(page).locator('.join-page').waitFor()
    await loading.waitFor({ state: 'hidden' })
    await context.close()
  })
})
