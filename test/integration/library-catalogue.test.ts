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
