import sharp from 'sharp'
import { expect, it } from 'vitest'
import type { Locator, Page, Route } from 'playwright-core'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { chooseFile, confirmModal, fillField, onScreen, openNewItemEditor, openNewNoticeEditor, pickBranch, signIn } from '../support/h5-app'

/**
 * A phone-sized photo: a gradient with noise, so it compresses like a real one (about a megabyte
 * as a JPEG at 2400×1600, over what the client sends as it is).
 */
async function photo(width: number, height: number, tint: { r: number; g: number; b: number }): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      const noise = Math.floor(Math.random() * 60)
      pixels[i] = Math.min(255, tint.r + (x * 60) / width + noise)
      pixels[i + 1] = Math.min(255, tint.g + (y * 60) / height + noise)
      pixels[i + 2] = Math.min(255, tint.b + noise)
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer()
}

/**
 * Holds the first POST /upload until `fail` drops its connection, as a phone losing its signal
 * would; later ones go through. Records the bytes each one sent.
 */
async function flakyUploads(page: Page): Promise<{ sent: number[]; fail: () => Promise<void> }> {
  const sent: number[] = []
  let first: Route | null = null
  let firstSeen: () => void = () => {}
  const seen = new Promise<void>((resolve) => (firstSeen = resolve))
  await page.route('**/upload', async (route) => {
    sent.push(route.request().postDataBuffer()?.length ?? 0)
    if (first) return route.continue()
    first = route
    firstSeen()
  })
  return {
    sent,
    fail: async () => {
      await seen
      await first?.abort('connectionreset')
    },
  }
}

/** The image inside a Taro <Image> has been fetched and decoded. */
async function expectLoaded(image: Locator): Promise<void> {
  await image.scrollIntoViewIfNeeded()
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), { timeout: 15_000 }).toBeGreaterThan(0)
}

describeInBrowser('上传：商品图片、通知封面和正文图片', ({ host, browser }) => {
  it('an operator uploads a goods image with progress, saves the item, and a member sees the image', async () => {
    const title = '职工之家定制帆布袋'
    const original = await photo(2400, 1600, { r: 180, g: 40, b: 40 })
    expect(original.length).toBeGreaterThan(700 * 1024)

    const operatorContext = await newPhoneContext(browser())
    const operator = await signIn(operatorContext, host().url, 'mall-operator')
    const editor = await openNewItemEditor(operator)
    await fillField(editor.locator('.item-edit__title'), title)
    await editor.locator('.item-edit__category .choice-chips__chip', { hasText: '生活用品' }).click()
    await editor.locator('.item-edit__kind .choice-chips__chip--delivery').click()
    await fillField(editor.locator('.item-edit__price'), '120')
    await fillField(editor.locator('.item-edit__stock'), '30')

    // The photo is compressed in the browser, then sent; the tile shows how far it got.
    const uploads = await flakyUploads(operator)
    await chooseFile(operator, editor.locator('.item-edit__image .image-upload__add'), { name: '帆布袋.jpg', mimeType: 'image/jpeg', buffer: original })
    const progress = editor.locator('.image-upload__progress')
    await expect.poll(() => progress.textContent()).toMatch(/^(上传中 \d+%|处理中…)$/)
    await screenshot(operator, 'u1-goods-image-uploading')

    // The connection drops: the tile says so and offers 重试, which asks for a new ticket.
    await uploads.fail()
    const failed = editor.locator('.image-upload__tile--failed')
    await expect.poll(() => failed.locator('.image-upload__error').textContent()).toBe('网络异常，请检查网络后重试')
    await screenshot(operator, 'u1b-goods-image-failed')
    await failed.locator('.image-upload__retry').click()
    const preview = editor.locator('.image-upload__tile--done .image-upload__image img')
    await expectLoaded(preview)
    expect(await progress.count()).toBe(0)
    expect(await failed.count()).toBe(0)
    // Re-encoded to at most 2048 px at quality 0.8 before it left the phone.
    expect(uploads.sent).toHaveLength(2)
    expect(uploads.sent[1]).toBeLessThan(original.length)
    await screenshot(operator, 'u2-goods-image-uploaded')

    await pickBranch(operator, editor, '秀洲', '秀洲区总工会')
    await editor.locator('.item-edit__save').click()
    const row = onScreen(operator).locator('.managed-item', { hasText: title })
    await row.waitFor()
    await expectLoaded(row.locator('.managed-item__image img'))
    await screenshot(operator, 'u3-operator-items-with-image')

    // A member of the county sees the picture on the shelf and on the item page.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'member')
    await onScreen(member).locator('.module-grid__item--mall').click()
    const card = onScreen(member).locator('.item-card', { hasText: title })
    await card.waitFor()
    await expectLoaded(card.locator('.item-card__image img'))
    await screenshot(member, 'u4-member-mall-with-image')
    await card.click()
    await onScreen(member).locator('.mall-item__title', { hasText: title }).waitFor()
    await expectLoaded(onScreen(member).locator('.mall-item__image img'))
    await screenshot(member, 'u5-member-item-with-image')
    await Promise.all([operatorContext.close(), memberContext.close()])
  })

  it('an admin publishes a notice with an uploaded cover and a body image, in 大字模式; a member sees both', async () => {
    const title = '职工运动会精彩瞬间'
    const adminContext = await newPhoneContext(browser())
    const admin = await signIn(adminContext, host().url, 'county-admin')
    await onScreen(admin).locator('.home__large-toggle').click()
    const editor = await openNewNoticeEditor(admin)
    await fillField(editor.locator('.notice-edit__title'), title)
    await pickBranch(admin, editor, '秀洲', '秀洲区总工会')

    await chooseFile(admin, editor.locator('.notice-edit__cover .image-upload__add'), { name: '封面.jpg', mimeType: 'image/jpeg', buffer: await photo(1200, 800, { r: 30, g: 120, b: 60 }) })
    await expectLoaded(editor.locator('.notice-edit__cover .image-upload__tile--done .image-upload__image img'))

    const body = editor.locator('.body-editor__area')
    await body.click()
    await admin.keyboard.type('拔河比赛现场：')
    await chooseFile(admin, editor.locator('.body-editor__tool--image'), { name: '拔河.jpg', mimeType: 'image/jpeg', buffer: await photo(1600, 1200, { r: 40, g: 60, b: 170 }) })
    await expectLoaded(body.locator('img'))
    await expect.poll(() => editor.locator('.body-editor__tool--image').textContent()).toBe('图片')
    await admin.keyboard.type('各队表现出色。')
    await screenshot(admin, 'u6-notice-editor-large-text')

    await editor.locator('.notice-edit__publish').click()
    await confirmModal(admin)
    await onScreen(admin).locator('.notice-row', { hasText: title }).waitFor()

    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'member')
    const row = onScreen(member).locator('.feed-row', { hasText: title })
    await row.waitFor()
    await expectLoaded(row.locator('.feed-row__cover img'))
    await screenshot(member, 'u7-member-feed-cover')
    await row.click()
    const article = onScreen(member).locator('.notice-detail__article')
    await article.waitFor()
    await expectLoaded(article.locator('.notice-detail__cover img'))
    await expectLoaded(article.locator('img.rt-img, .rt-img img').first())
    expect(await article.textContent()).toContain('各队表现出色。')
    await screenshot(member, 'u8-member-notice-images')
    await Promise.all([adminContext.close(), memberContext.close()])
  })
})
