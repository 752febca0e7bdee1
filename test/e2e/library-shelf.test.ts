import { it } from 'vitest'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { callAs, onScreen, signIn } from '../support/h5-app'
import { insertBook } from '../support/library-fixtures'

describeInBrowser('电子书屋：书架与继续阅读', ({ host, browser }) => {
  it('a member sees 继续阅读 on the home page, the shelf, recent books and reading time, in 大字模式 too', async () => {
    const { db } = host()
    const [librarian] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'librarian'`)
    const lunyu = await insertBook(db, {
      title: '论语',
      author: '孔子弟子',
      createdBy: librarian.id,
      chapters: [
        { title: '学而第一', paragraphs: ['子曰：学而时习之，不亦说乎？'] },
        { title: '为政第二', paragraphs: ['子曰：为政以德，譬如北辰，居其所而众星共之。'] },
      ],
    })
    const chuci = await insertBook(db, { title: '楚辞', author: '屈原', createdBy: librarian.id, chapters: [{ title: '离骚', paragraphs: ['帝高阳之苗裔兮，朕皇考曰伯庸。'] }] })
    // Where the member is in each book, and 25 minutes read today (the reader part writes these as they read).
    await db.query(
      `INSERT INTO library_progress (member_id, book_id, chapter_ord, char_offset, permille, updated_at)
       SELECT m.id, b.book, b.chapter, 3, b.permille, now() - make_interval(mins => b.ago)
         FROM member m JOIN app_user u ON u.id = m.user_id,
              (VALUES ($1::int, 1, 620, 5), ($2::int, 0, 300, 60)) AS b(book, chapter, permille, ago)
        WHERE u.demo_key = 'member'`,
      [lunyu, chuci],
    )
    await db.query(
      `INSERT INTO library_reading_log (member_id, day, book_id, seconds)
       SELECT m.id, (now() AT TIME ZONE 'UTC' + interval '8 hours')::date, $1, 1500 FROM member m JOIN app_user u ON u.id = m.user_id WHERE u.demo_key = 'member'`,
      [lunyu],
    )

    const context = await newPhoneContext(browser())
    const member = await signIn(context, host().url, 'member')
    await onScreen(member).locator('.continue-reading', { hasText: '论语' }).waitFor()
    await screenshot(member, 'shelf1-home-continue')

    await callAs(member, 'library', 'addToShelf', { bookId: lunyu })
    await callAs(member, 'library', 'addToShelf', { bookId: chuci })
    await member.goto(`${host().url}/#/pages/library/shelf/index`)
    const page = onScreen(member)
    await page.locator('.library-shelf__book', { hasText: '论语' }).waitFor()
    await page.locator('.shelf-time__value', { hasText: '25' }).first().waitFor()
    await screenshot(member, 'shelf2-shelf')

    await page.locator('.filter-tabs__tab--recent').click()
    await page.locator('.library-shelf__row', { hasText: '楚辞' }).waitFor()
    await screenshot(member, 'shelf3-recent')

    await member.goto(`${host().url}/#/pages/home/index`)
    await onScreen(member).locator('.home__large-toggle').click()
    await onScreen(member).locator('.page--large .continue-reading').waitFor()
    await screenshot(member, 'shelf4-home-large')
    await member.goto(`${host().url}/#/pages/library/shelf/index`)
    await onScreen(member).locator('.page--large .library-shelf__book, .page--large .library-shelf__row').first().waitFor()
    await screenshot(member, 'shelf5-large')
    await context.close()
  })
})
