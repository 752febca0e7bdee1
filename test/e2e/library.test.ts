import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { buildEpub, paragraphsHtml } from '../../server/library/epub-build'
import type { OpenedBook } from '../../src/shared/api/library-reader'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { callAs, chooseFile, fillField, onScreen, signIn } from '../support/h5-app'
import { insertBook } from '../support/library-fixtures'

const chapters = [
  {
    title: '学而第一',
    paragraphs: [
      '子曰：“学而时习之，不亦说乎？有朋自远方来，不亦乐乎？人不知而不愠，不亦君子乎？”',
      '曾子曰：“吾日三省吾身：为人谋而不忠乎？与朋友交而不信乎？传不习乎？”',
    ],
  },
  {
    title: '为政第二',
    paragraphs: [
      '子曰：“为政以德，譬如北辰，居其所而众星共之。”',
      '子曰：“诗三百，一言以蔽之，曰：思无邪。”',
      '子曰：“温故而知新，可以为师矣。”',
    ],
  },
  { title: '八佾第三', paragraphs: ['孔子谓季氏：“八佾舞于庭，是可忍也，孰不可忍也？”'] },
]

/** The reader's page background, to prove a theme really repaints it. */
async function readerBackground(page: Page): Promise<string> {
  return onScreen(page).locator('.reader').evaluate((el) => getComputedStyle(el).backgroundColor)
}

describeInBrowser('电子书屋：导入、搜索、书架与阅读', ({ host, browser }) => {
  it('a librarian imports and publishes an EPUB; a member finds it, reads two chapters at night in a larger font, notes a sentence, and reopens where they left off', async () => {
    // The librarian: an EPUB made like a real one, uploaded on 导入电子书, imported in the
    // background with its progress shown, then published from 编辑图书.
    const librarianContext = await newPhoneContext(browser())
    const librarian = await signIn(librarianContext, host().url, 'librarian')
    const epub = await buildEpub({
      version: 3,
      title: '论语选读',
      author: '孔子弟子',
      description: '记录孔子及其弟子言行的儒家经典。',
      chapters: chapters.map((c) => ({ title: c.title, html: paragraphsHtml(c.title, c.paragraphs) })),
    })
    await librarian.goto(`${host().url}/#/pages/library/import/index`)
    const form = onScreen(librarian).locator('.library-import-form')
    await form.waitFor()
    await form.locator('.choice-chips__chip--classics').click()
    await chooseFile(librarian, form.locator('.image-upload__add'), { name: '论语选读.epub', mimeType: 'application/epub+zip', buffer: epub })
    await form.locator('.image-upload__tile--done').waitFor()
    await form.locator('.library-import-form__start').click()
    const imported = onScreen(librarian).locator('.library-import', { hasText: '论语选读' })
    await imported.locator('.library-import__status--done').waitFor()
    await screenshot(librarian, 'lib0-imported')
    await imported.locator('.library-import__link').click()
    await onScreen(librarian).locator('.library-edit__publish').click()
    const book = async () => (await host().db.query<{ id: number; status: string }>(`SELECT id, status FROM library_book WHERE title = '论语选读'`))[0]
    await expect.poll(async () => (await book())?.status, { timeout: 10_000 }).toBe('published')
    const bookId = (await book()).id
    await librarianContext.close()

    // The member searches a word inside a sentence, opens the book and shelves it.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'member')
    await member.goto(`${host().url}/#/pages/library/search/index?q=${encodeURIComponent('北辰')}`)
    const hit = onScreen(member).locator('.library-search__hit', { hasText: '论语选读' })
    await hit.locator('.library-search__chapter', { hasText: '为政第二' }).waitFor()
    await screenshot(member, 'lib0-search')
    await hit.locator('.book-row').click()
    const detail = onScreen(member)
    await detail.locator('.library-book__shelf', { hasText: '加入书架' }).click()
    await detail.locator('.library-book__shelf', { hasText: '移出书架' }).waitFor()
    await detail.locator('.library-book__read').click()

    // Reading: the first chapter, then night mode and a larger font from the settings panel.
    const reader = onScreen(member)
    await reader.locator('.reader__chapter-title', { hasText: '学而第一' }).waitFor()
    const dayBackground = await readerBackground(member)
    await reader.locator('.reader__tool', { hasText: '设置' }).click()
    const settings = member.locator('.reader-settings:visible')
    await settings.locator('.reader-settings__option', { hasText: '夜间' }).click()
    await settings.locator('.reader-settings__option', { hasText: '特大' }).click()
    await reader.locator('.reader.reader--night.reader--size-4').waitFor()
    await expect.poll(() => readerBackground(member)).toBe('rgb(21, 23, 26)')
    expect(dayBackground).not.toBe('rgb(21, 23, 26)')
    await screenshot(member, 'lib1-settings-night')
    await member.locator('.nut-popup:visible .nut-popup-title-right, .nut-popup:visible .nut-popup-close').first().click()
    await screenshot(member, 'lib2-chapter-one-night')

    // The second chapter, and a note on the sentence with the word searched for.
    await reader.locator('.reader__tool', { hasText: '下一章' }).click()
    await reader.locator('.reader__chapter-title', { hasText: '为政第二' }).waitFor()
    await reader.locator('.reader-sentence', { hasText: '譬如北辰' }).click()
    const sheet = member.locator('.reader-pick:visible')
    await sheet.locator('.reader-pick__quote', { hasText: '为政以德' }).waitFor()
    await screenshot(member, 'lib3-sentence-sheet')
    await sheet.locator('.reader-pick__action', { hasText: '写笔记' }).click()
    const dialog = member.locator('.nut-dialog:visible')
    await fillField(dialog.locator('.prompt-dialog__textarea'), '以德治国，众望所归。')
    await dialog.locator('.nut-dialog-footer-ok').click()
    await reader.locator('.reader-sentence--highlight', { hasText: '譬如北辰' }).waitFor()
    await reader.locator('.reader-note-mark').waitFor()
    await screenshot(member, 'lib4-highlight-note')

    // The position reached the server: the second chapter.
    await expect
      .poll(async () => (await callAs<OpenedBook>(member, 'library', 'openBook', { bookId })).progress?.chapterOrd, { timeout: 10_000 })
      .toBe(1)
    await memberContext.close()

    // Reopened (here on another phone): the same chapter, the same look, the note still there.
    const againContext = await newPhoneContext(browser())
    const again = await signIn(againContext, host().url, 'member')
    await again.goto(`${host().url}/#/pages/library/book/index?id=${bookId}`)
    await onScreen(again).locator('.library-book__read', { hasText: '继续阅读' }).click()
    const reopened = onScreen(again)
    await reopened.locator('.reader__chapter-title', { hasText: '为政第二' }).waitFor()
    await reopened.locator('.reader.reader--night.reader--size-4').waitFor()
    await reopened.locator('.reader-sentence--highlight', { hasText: '譬如北辰' }).waitFor()
    await screenshot(again, 'lib5-reopened')

    // 书签与笔记 lists the note; tapping it goes back to the reader there.
    await reopened.locator('.reader__tool', { hasText: '笔记' }).click()
    const notes = onScreen(again)
    await notes.locator('.reader-notes__note', { hasText: '以德治国，众望所归。' }).waitFor()
    expect(await notes.locator('.reader-notes__quote').first().innerText()).toContain('为政以德')
    await screenshot(again, 'lib6-notes')
    await notes.locator('.reader-notes__action', { hasText: '去阅读' }).first().click()
    await onScreen(again).locator('.reader__chapter-title', { hasText: '为政第二' }).waitFor()
    await againContext.close()
  })

  it('in 大字模式 the reader starts at 大; 护眼 repaints it; a chapter opened before reads offline', async () => {
    const [librarian] = await host().db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'librarian'`)
    const bookId = await insertBook(host().db, { title: '诗经选', author: '佚名', category: 'poetry', createdBy: librarian.id, chapters: [
      { title: '关雎', paragraphs: ['关关雎鸠，在河之洲。窈窕淑女，君子好逑。', '参差荇菜，左右流之。窈窕淑女，寤寐求之。'] },
      { title: '蒹葭', paragraphs: ['蒹葭苍苍，白露为霜。所谓伊人，在水一方。', '溯洄从之，道阻且长。溯游从之，宛在水中央。'] },
    ] })
    const context = await newPhoneContext(browser())
    const member = await signIn(context, host().url, 'sibling-member')
    await onScreen(member).locator('.home__large-toggle').click()
    await onScreen(member).locator('.page--large').waitFor()
    await member.goto(`${host().url}/#/pages/reader/read/index?bookId=${bookId}`)
    const reader = onScreen(member)
    await reader.locator('.reader.page--large.reader--size-3 .reader__chapter-title', { hasText: '关雎' }).waitFor()
    await screenshot(member, 'lib7-large-text')

    await reader.locator('.reader__tool', { hasText: '设置' }).click()
    await member.locator('.reader-settings:visible .reader-settings__option', { hasText: '护眼' }).click()
    await expect.poll(() => readerBackground(member)).toBe('rgb(204, 232, 207)')
    await member.locator('.nut-popup:visible .nut-popup-title-right, .nut-popup:visible .nut-popup-close').first().click()
    await screenshot(member, 'lib8-eye-care')

    // Both chapters opened once; then the network goes and the first is read from the cache.
    await reader.locator('.reader__tool', { hasText: '下一章' }).click()
    await reader.locator('.reader__chapter-title', { hasText: '蒹葭' }).waitFor()
    await context.setOffline(true)
    await reader.locator('.reader__tool', { hasText: '上一章' }).click()
    await reader.locator('.reader__chapter-title', { hasText: '关雎' }).waitFor()
    await reader.locator('.reader__offline', { hasText: '网络不可用' }).waitFor()
    await screenshot(member, 'lib9-offline')
    await context.setOffline(false)
    await context.close()
  })
})
