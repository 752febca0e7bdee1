import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MarkedText } from '../../src/shared/api/library-common'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertBook } from '../support/library-fixtures'

let app: TestApp
const books: Record<string, number> = {}

/** The marked pieces of a MarkedText, for readable assertions. */
function marked(text: MarkedText): string[] {
  return text.marks.map(([start, end]) => text.text.slice(start, end))
}

beforeAll(async () => {
  app = await openTestApp()
  const createdBy = app.users.librarian
  books.moon = await insertBook(app.db, {
    title: '明月诗选',
    author: '苏轼',
    category: 'poetry',
    createdBy,
    chapters: [{ title: '水调歌头', paragraphs: ['明月几时有？把酒问青天。不知天上宫阙，今夕是何年。'] }],
  })
  books.song = await insertBook(app.db, {
    title: '宋词选读',
    author: '佚名',
    category: 'poetry',
    createdBy,
    chapters: [
      { title: '序', paragraphs: ['词是宋代最有代表性的文学样式。'] },
      { title: '虞美人', paragraphs: ['春花秋月何时了，往事知多少。小楼昨夜又东风，故国不堪回首明月中。'] },
    ],
  })
  books.liBaiLife = await insertBook(app.db, {
    title: '李白传',
    author: '王一舟',
    category: 'history',
    createdBy,
    chapters: [{ title: '出蜀', paragraphs: ['开元十二年，诗人辞亲远游，仗剑出蜀。'] }],
  })
  books.tang = await insertBook(app.db, {
    title: '唐诗选',
    author: '李白',
    category: 'poetry',
    createdBy,
    chapters: [{ title: '静夜思', paragraphs: ['床前明月光，疑是地上霜。举头望明月，低头思故乡。'] }],
  })
  books.friends = await insertBook(app.db, {
    title: '送别诗钞',
    author: '佚名',
    category: 'poetry',
    createdBy,
    chapters: [{ title: '赠汪伦', paragraphs: ['李白乘舟将欲行，忽闻岸上踏歌声。桃花潭水深千尺，不及汪伦送我情。'] }],
  })
  books.siblingTown = await insertBook(app.db, {
    title: '王江泾镇志明月篇',
    branchName: '王江泾镇总工会',
    createdBy,
    chapters: [{ title: '镇史', paragraphs: ['运河边的明月照着织造厂。'] }],
  })
  books.draft = await insertBook(app.db, { title: '明月草稿', status: 'draft', createdBy, chapters: [{ title: '一', paragraphs: ['明月未上架。'] }] })
  books.down = await insertBook(app.db, { title: '明月旧书', status: 'unpublished', createdBy, chapters: [{ title: '一', paragraphs: ['明月已下架。'] }] })
})
afterAll(() => app.close())

describe('library search', () => {
  it('finds a word inside a sentence, ranks a title match first, and marks the words', async () => {
    const page = await app.ok(app.users.member, 'library', 'searchBooks', { q: '明月' })
    const ids = page.items.map((b) => b.id)
    expect(ids[0]).toBe(books.moon)
    expect(ids).toEqual(expect.arrayContaining([books.song, books.tang]))
    const moon = page.items[0]
    expect(marked(moon.titleMarked)).toEqual(['明月'])
    const song = page.items.find((b) => b.id === books.song)
    expect(song?.snippet).toMatchObject({ chapterOrd: 1, chapterTitle: '虞美人' })
    expect(song?.snippet?.text.text).toContain('不堪回首明月中')
    expect(marked(song?.snippet?.text ?? { text: '', marks: [] })).toEqual(['明月'])
    // 青天 stands inside 问青天 in the text: found, and only 青天 is marked.
    const sky = await app.ok(app.users.member, 'library', 'searchBooks', { q: '青天' })
    expect(sky.items.map((b) => b.id)).toEqual([books.moon])
    const snippet = sky.items[0].snippet?.text
    expect(snippet && marked(snippet)).toEqual(['青天'])
  })

  it('puts a title match before an author match before a full-text match', async () => {
    const page = await app.ok(app.users.member, 'library', 'searchBooks', { q: '李白' })
    expect(page.items.map((b) => b.id)).toEqual([books.liBaiLife, books.tang, books.friends])
    expect(marked(page.items[1].authorMarked)).toEqual(['李白'])
    expect(page.items[2].snippet?.chapterTitle).toBe('赠汪伦')
  })

  it('searches by words, not characters: a single character does not match the words holding it', async () => {
    const page = await app.ok(app.users.member, 'library', 'searchBooks', { q: '天' })
    expect(page.items).toEqual([])
  })

  it('shows only published books in the caller’s scope, narrows by category and pages with a cursor', async () => {
    const member = await app.ok(app.users.member, 'library', 'searchBooks', { q: '明月' })
    expect(member.items.map((b) => b.id)).not.toEqual(expect.arrayContaining([books.siblingTown]))
    expect(member.items.map((b) => b.id)).not.toContain(books.draft)
    expect(member.items.map((b) => b.id)).not.toContain(books.down)
    const sibling = await app.ok(app.users['sibling-member'], 'library', 'searchBooks', { q: '明月' })
    expect(sibling.items.map((b) => b.id)).toContain(books.siblingTown)

    const history = await app.ok(app.users.member, 'library', 'searchBooks', { q: '李白', category: 'history' })
    expect(history.items.map((b) => b.id)).toEqual([books.liBaiLife])

    const first = await app.ok(app.users.member, 'library', 'searchBooks', { q: '明月', limit: 2 })
    expect(first.nextCursor).not.toBeNull()
    const second = await app.ok(app.users.member, 'library', 'searchBooks', { q: '明月', limit: 2, cursor: first.nextCursor })
    expect([...first.items, ...second.items].map((b) => b.id)).toEqual(member.items.map((b) => b.id).slice(0, first.items.length + second.items.length))
    expect(new Set([...first.items, ...second.items].map((b) => b.id)).size).toBe(first.items.length + second.items.length)
  })

  it('falls back to any of several words when no book holds them all', async () => {
    const page = await app.ok(app.users.member, 'library', 'searchBooks', { q: '青天 汪伦' })
    expect(page.items.map((b) => b.id).sort()).toEqual([books.moon, books.friends].sort())
  })

  it('suggests titles and authors as the member types', async () => {
    const byPrefix = await app.ok(app.users.member, 'library', 'suggest', { q: '明' })
    expect(byPrefix.suggestions[0]).toMatchObject({ kind: 'title', text: '明月诗选' })
    expect(marked(byPrefix.suggestions[0].marked)).toEqual(['明'])
    const byAuthor = await app.ok(app.users.member, 'library', 'suggest', { q: '李白' })
    expect(byAuthor.suggestions).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'title', text: '李白传' }), expect.objectContaining({ kind: 'author', text: '李白' })]),
    )
    expect(byAuthor.suggestions.length).toBeLessThanOrEqual(8)
    expect((await app.ok(app.users.member, 'library', 'suggest', { q: '草稿' })).suggestions).toEqual([])
  })
})

describe('book detail', () => {
  it('gives the book, its contents, and the member’s shelf and progress', async () => {
    const detail = await app.ok(app.users.member, 'library', 'bookDetail', { bookId: books.song })
    expect(detail.book).toMatchObject({ id: books.song, title: '宋词选读', chapterCount: 2 })
    expect(detail.toc.map((t) => t.title)).toEqual(['序', '虞美人'])
    expect(detail).toMatchObject({ onShelf: false, progress: null, manage: null })
    const librarian = await app.ok(app.users.librarian, 'library', 'bookDetail', { bookId: books.draft })
    expect(librarian.manage).toMatchObject({ status: 'draft' })
    expect(librarian.onShelf).toBeNull()
    for (const hidden of [books.draft, books.down, books.siblingTown]) {
      expect(await app.fail(app.users.member, 'library', 'bookDetail', { bookId: hidden })).toMatchObject({ code: 'NOT_FOUND' })
    }
  })
})

describe('library home and browsing', () => {
  it('shows new arrivals, most read this month, lists and category counts, all in the caller’s scope', async () => {
    const month = `${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)}-01`
    await app.db.query('INSERT INTO library_book_month (book_id, month, readers, seconds) VALUES ($1, $3, 5, 3000), ($2, $3, 9, 100), ($4, $3, 50, 9000)', [
      books.tang,
      books.song,
      month,
      books.siblingTown,
    ])
    const home = await app.ok(app.users.member, 'library', 'libraryHome', {})
    expect(home.newest.map((b) => b.id)).toEqual(expect.arrayContaining([books.moon, books.song, books.tang]))
    expect(home.newest.map((b) => b.id)).not.toContain(books.siblingTown)
    expect(home.popular.map((b) => [b.id, b.readers])).toEqual([
      [books.song, 9],
      [books.tang, 5],
    ])
    expect(home.categories.find((c) => c.category === 'poetry')?.count).toBe(4)
    expect(home.categories.find((c) => c.category === 'history')?.count).toBe(1)

    const popular = await app.ok(app.users.member, 'library', 'browseBooks', { sort: 'popular', category: 'poetry', limit: 1 })
    expect(popular.items.map((b) => b.id)).toEqual([books.song])
    const next = await app.ok(app.users.member, 'library', 'browseBooks', { sort: 'popular', category: 'poetry', limit: 1, cursor: popular.nextCursor })
    expect(next.items.map((b) => b.id)).toEqual([books.tang])

    const newest: number[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof app.ok<'library', 'browseBooks'>>> = await app.ok(app.users.member, 'library', 'browseBooks', { sort: 'newest', limit: 2, cursor })
      newest.push(...page.items.map((b) => b.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(newest).toEqual([books.friends, books.tang, books.liBaiLife, books.song, books.moon])
  })
})

describe('librarians', () => {
  it('edit books their grant covers and reindex them; a county librarian cannot edit a city book', async () => {
    const county = await app.newStaff('秀洲区总工会', 'librarian')
    const countyId = await app.branchId('秀洲区总工会')
    const cityId = await app.branchId('嘉兴市总工会')
    const edit = { title: '李白传', author: '王一舟', description: '', category: 'history', tags: [], branchId: countyId } as const
    const before = await app.snapshot()
    expect(await app.fail(county, 'library', 'updateBook', { bookId: books.liBaiLife, ...edit })).toMatchObject({ code: 'OUT_OF_SCOPE' })
    expect(await app.fail(county, 'library', 'publishBook', { bookId: books.draft })).toMatchObject({ code: 'NOT_FOUND' })
    expect(await app.snapshot()).toEqual(before)

    const own = await insertBook(app.db, { title: '秀洲农民画', branchName: '秀洲区总工会', status: 'draft', createdBy: county, chapters: [{ title: '一', paragraphs: ['农民画色彩明快。'] }] })
    expect(await app.fail(county, 'library', 'updateBook', { bookId: own, ...edit, title: '秀洲农民画', branchId: cityId })).toMatchObject({ code: 'OUT_OF_SCOPE' })
    const managed = await app.ok(county, 'library', 'manageBooks', { limit: 50 })
    // 王江泾镇 lies in 秀洲区: its book is the county librarian's too; the city's books are not.
    expect(managed.items.map((b) => b.id)).toEqual([own, books.siblingTown])

    const updated = await app.ok(app.users.librarian, 'library', 'updateBook', {
      bookId: books.song,
      title: '宋词选读（婉约卷）',
      author: '李清照',
      description: '收录婉约派名篇。',
      category: 'poetry',
      tags: ['婉约', '婉约', '宋词'],
      branchId: cityId,
    })
    expect(updated).toMatchObject({ title: '宋词选读（婉约卷）', tags: ['婉约', '宋词'], status: 'published' })
    const byAuthor = await app.ok(app.users.member, 'library', 'searchBooks', { q: '李清照' })
    expect(byAuthor.items.map((b) => b.id)).toEqual([books.song])
    const byTag = await app.ok(app.users.member, 'library', 'searchBooks', { q: '婉约' })
    expect(byTag.items.map((b) => b.id)).toEqual([books.song])
  })

  it('publish and unpublish: members see a book only while it is published', async () => {
    const book = await insertBook(app.db, { title: '嘉兴船菜', status: 'draft', createdBy: app.users.librarian, chapters: [{ title: '一', paragraphs: ['南湖船菜以鱼虾为主。'] }] })
    expect((await app.ok(app.users.member, 'library', 'searchBooks', { q: '船菜' })).items).toEqual([])
    expect(await app.ok(app.users.librarian, 'library', 'publishBook', { bookId: book })).toEqual({ bookId: book, status: 'published' })
    expect((await app.ok(app.users.member, 'library', 'searchBooks', { q: '船菜' })).items.map((b) => b.id)).toEqual([book])
    expect(await app.ok(app.users.librarian, 'library', 'publishBook', { bookId: book })).toEqual({ bookId: book, status: 'published' })
    expect(await app.ok(app.users.librarian, 'library', 'unpublishBook', { bookId: book })).toEqual({ bookId: book, status: 'unpublished' })
    expect((await app.ok(app.users.member, 'library', 'searchBooks', { q: '船菜' })).items).toEqual([])
    expect(await app.fail(app.users.member, 'library', 'bookDetail', { bookId: book })).toMatchObject({ code: 'NOT_FOUND' })
    expect((await app.ok(app.users.librarian, 'library', 'manageBooks', { status: 'unpublished', limit: 50 })).items.map((b) => b.id)).toContain(book)
  })

  it('curate 书单: books readable by the list’s members, in order, published before members see it', async () => {
    const cityId = await app.branchId('嘉兴市总工会')
    const input = { branchId: cityId, title: '月下读诗', description: '与明月有关的诗词。', bookIds: [books.tang, books.moon] }
    const before = await app.snapshot()
    const refused = await app.fail(app.users.librarian, 'library', 'saveList', { ...input, bookIds: [books.tang, books.siblingTown] })
    expect(refused).toMatchObject({ code: 'LIBRARY_LIST_BOOK_NOT_VISIBLE' })
    expect(refused.message).toContain('第 2 本')
    expect(await app.snapshot()).toEqual(before)

    const empty = await app.ok(app.users.librarian, 'library', 'saveList', { ...input, bookIds: [] })
    expect(await app.fail(app.users.librarian, 'library', 'publishList', { id: empty.id })).toMatchObject({ code: 'LIBRARY_LIST_EMPTY' })
    const { id } = await app.ok(app.users.librarian, 'library', 'saveList', { ...input, id: empty.id })
    expect(id).toBe(empty.id)
    expect(await app.fail(app.users.member, 'library', 'listDetail', { id })).toMatchObject({ code: 'NOT_FOUND' })
    await app.ok(app.users.librarian, 'library', 'publishList', { id })

    const detail = await app.ok(app.users.member, 'library', 'listDetail', { id })
    expect(detail).toMatchObject({ title: '月下读诗', bookCount: 2, canEdit: false, bookStatuses: null })
    expect(detail.books.map((b) => b.id)).toEqual([books.tang, books.moon])
    const browse = await app.ok(app.users.member, 'library', 'browseBooks', { listId: id, sort: 'newest', limit: 1 })
    const rest = await app.ok(app.users.member, 'library', 'browseBooks', { listId: id, sort: 'newest', limit: 1, cursor: browse.nextCursor })
    expect([...browse.items, ...rest.items].map((b) => b.id)).toEqual([books.tang, books.moon])
    expect((await app.ok(app.users.member, 'library', 'lists', { limit: 20 })).items.map((l) => l.id)).toContain(id)
    expect((await app.ok(app.users.member, 'library', 'bookDetail', { bookId: books.moon })).lists).toEqual([{ id, title: '月下读诗' }])
    expect(await app.fail(app.users.member, 'library', 'lists', { manage: true })).toMatchObject({ code: 'FORBIDDEN' })

    await app.ok(app.users.librarian, 'library', 'deleteList', { id })
    expect(await app.fail(app.users.member, 'library', 'listDetail', { id })).toMatchObject({ code: 'NOT_FOUND' })
  })
})
