import sharp from 'sharp'
import { expect, it } from 'vitest'
import { buildEpub, paragraphsHtml } from '../../server/library/epub-build'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { chooseFile, onScreen, signIn } from '../support/h5-app'

describeInBrowser('电子书屋：导入电子书', ({ host, browser }) => {
  it('a librarian uploads an EPUB, follows the import to its end, and reads why a protected one is refused', async () => {
    const cover = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#7a3b2e' } }).jpeg().toBuffer()
    const book = await buildEpub({
      title: '孟子选读',
      author: '孟子',
      description: '《孟子》名篇选读。',
      cover: { mediaType: 'image/jpeg', bytes: cover },
      chapters: [
        { title: '梁惠王上', html: paragraphsHtml('梁惠王上', ['孟子见梁惠王。王曰：“叟不远千里而来，亦将有以利吾国乎？”']) },
        { title: '公孙丑上', html: paragraphsHtml('公孙丑上', ['人皆有不忍人之心。先王有不忍人之心，斯有不忍人之政矣。']) },
      ],
    })
    const protectedBook = await buildEpub({
      title: '加密的书',
      chapters: [{ title: '一', html: paragraphsHtml('一', ['正文']) }],
      extraEntries: [{ path: 'META-INF/rights.xml', data: '<rights/>' }],
    })

    const context = await newPhoneContext(browser())
    const librarian = await signIn(context, host().url, 'librarian')
    await librarian.goto(`${host().url}/#/pages/library/import/index`)
    const form = onScreen(librarian).locator('.library-import-form')
    await form.waitFor()
    await onScreen(librarian).locator('.library-imports .page-state').waitFor()
    await form.locator('.choice-chips__chip--classics').click()
    await chooseFile(librarian, form.locator('.image-upload__add'), { name: '孟子选读.epub', mimeType: 'application/epub+zip', buffer: book })
    await form.locator('.image-upload__tile--done .document-upload__pdf-mark', { hasText: 'EPUB' }).waitFor()
    await screenshot(librarian, 'libimp1-file-chosen')
    await form.locator('.library-import-form__start').click()

    const done = onScreen(librarian).locator('.library-import', { hasText: '孟子选读' })
    await done.locator('.library-import__status--done').waitFor()
    expect(await done.locator('.library-import__meta').textContent()).toContain('经典国学')
    expect(await done.locator('.library-import__link').textContent()).toBe('检查并上架 ›')
    await screenshot(librarian, 'libimp2-import-done')

    await chooseFile(librarian, form.locator('.image-upload__add'), { name: '加密的书.epub', mimeType: 'application/epub+zip', buffer: protectedBook })
    await form.locator('.image-upload__tile--done').waitFor()
    await form.locator('.library-import-form__start').click()
    const failed = onScreen(librarian).locator('.library-import', { hasText: '加密的书.epub' })
    await failed.locator('.library-import__status--failed').waitFor()
    expect(await failed.locator('.library-import__error').textContent()).toContain('DRM')
    await screenshot(librarian, 'libimp3-import-refused')

    // 大字模式: the list stays readable.
    await librarian.goto(`${host().url}/#/pages/home/index`)
    await onScreen(librarian).locator('.home__large-toggle').click()
    await onScreen(librarian).locator('.page--large').waitFor()
    await librarian.goto(`${host().url}/#/pages/library/import/index`)
    await onScreen(librarian).locator('.page--large .library-import__status--failed').waitFor()
    await screenshot(librarian, 'libimp4-large-text')
    await context.close()
  })
})
