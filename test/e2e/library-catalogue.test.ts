import { expect, it } from 'vitest'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { fillField, onScreen, signIn } from '../support/h5-app'
import { insertBook } from '../support/library-fixtures'

describeInBrowser('电子书屋：找书与图书管理', ({ host, browser }) => {
  it('a member searches a word with suggestions and marks, opens the book and shelves it; a librarian publishes a draft', async () => {
    const url = host().url
    const [librarian] = await host().db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'librarian'`)
    const createdBy = librarian.id
    await insertBook(host().db, {
      title: '明月诗选',
      author: '苏轼',
      category: 'poetry',
      description: '收录与明月有关的宋词名篇。',
      tags: ['宋词', '诵读'],
      createdBy,
      chapters: [
        { title: '水调歌头', paragraphs: ['明月几时有？把酒问青天。不知天上宫阙，今夕是何年。'] },
        { title: '念奴娇', paragraphs: ['大江东去，浪淘尽，千古风流人物。'] },
      ],
    })
    await insertBook(host().db, {
      title: '宋词选读',
      author: '佚名',
      category: 'poetry',
      createdBy,
      chapters: [{ title: '虞美人', paragraphs: ['春花秋月何时了，往事知多少。小楼昨夜又东风，故国不堪回首明月中。'] }],
    })
    await insertBook(host().db, {
      title: '嘉兴船菜',
      author: '沈书文',
      category: 'health',
      status: 'draft',
      createdBy,
      chapters: [{ title: '南湖', paragraphs: ['南湖船菜以鱼虾为主。'] }],
    })

    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, url, 'member')
    await onScreen(member).locator('.module-grid__item--library').click()
    const home = onScreen(member).locator('.library-home')
    await home.locator('.library-home__book-title').filter({ hasText: '明月诗选' }).waitFor()
    await screenshot(member, 'libcat1-home')

    await home.locator('.library-home__search').click()
    const search = onScreen(member).locator('.library-search')
    await fillField(search.locator('.library-search__input'), '明')
    await search.locator('.library-search__suggestion').filter({ hasText: '明月诗选' }).waitFor()
    await screenshot(member, 'libcat2-suggestions')
    await fillField(search.locator('.library-search__input'), '明月')
    await search.locator('.library-search__go').click()
    await search.locator('.library-search__hit').nth(1).waitFor()
    // The title match first, the book whose chapter holds the word after it, with its passage marked.
    await expect.poll(() => search.locator('.library-search__hit .library-search__title').allTextContents()).toEqual(['明月诗选', '宋词选读'])
    expect(await search.locator('.library-search__passage .marked-text__mark').allTextContents()).toContain('明月')
    await screenshot(member, 'libcat3-results')

    await search.locator('.library-search__hit .book-row').first().click()
    const book = onScreen(member).locator('.library-book')
    await book.locator('.library-book__toc-title').filter({ hasText: '念奴娇' }).waitFor()
    await book.locator('.library-book__shelf').filter({ hasText: '加入书架' }).click()
    await book.locator('.library-book__shelf').filter({ hasText: '移出书架' }).waitFor()
    await screenshot(member, 'libcat4-book')

    // 大字模式: the book's page stays usable.
    await member.goto(`${url}/#/pages/home/index`)
    await onScreen(member).locator('.home__large-toggle').click()
    await member.goto(`${url}/#/pages/library/search/index?q=${encodeURIComponent('明月')}`)
    await onScreen(member).locator('.page--large .library-search__hit').first().waitFor()
    await screenshot(member, 'libcat5-results-large-text')
    await memberContext.close()

    const staffContext = await newPhoneContext(browser())
    const staff = await signIn(staffContext, url, 'librarian')
    await onScreen(staff).locator('.module-grid__item--library-manage').click()
    const manage = onScreen(staff).locator('.library-manage')
    await manage.locator('.library-manage__status--draft').first().waitFor()
    await screenshot(staff, 'libcat6-manage')
    await manage.locator('.library-manage__book').filter({ hasText: '嘉兴船菜' }).locator('.library-manage__edit').click()
    const edit = onScreen(staff).locator('.library-edit')
    await edit.locator('.library-edit__title input').waitFor()
    await fillField(edit.locator('.library-edit__title'), '嘉兴船菜（南湖篇）')
    await screenshot(staff, 'libcat7-edit')
    await edit.locator('.library-edit__publish').click()
    await edit.locator('.library-edit__status-text').filter({ hasText: '已上架' }).waitFor()
    await staffContext.close()
  })
})
