import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionOutput } from '../../src/shared/api'
import type { ApiResult } from '../../src/shared/errors'
import { dispatch, sessionPurpose } from '../../server/action'
import { registry } from '../../server/registry'
import { signToken } from '../../server/tokens'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'
import { insertBook } from '../support/library-fixtures'
import { fundedMembers } from '../support/mall-fixtures'

let app: TestApp
let book: number
let member: number
const chapters = [
  { title: '学而第一', paragraphs: ['子曰：学而时习之，不亦说乎？', '有朋自远方来，不亦乐乎？'] },
  { title: '为政第二', paragraphs: ['子曰：为政以德，譬如北辰，居其所而众星共之。'] },
  { title: '八佾第三', paragraphs: ['孔子谓季氏，八佾舞于庭，是可忍也，孰不可忍也？'] },
]
/** What insertBook makes of a chapter: the heading and the paragraphs joined by newlines. */
const plainOf = (c: (typeof chapters)[number]) => [c.title, ...c.paragraphs].join('\n')

beforeAll(async () => {
  app = await openTestApp()
  member = app.users.member
  book = await insertBook(app.db, { title: '论语', author: '孔子弟子', branchName: '油车港镇总工会', createdBy: app.users.librarian, chapters })
})
afterAll(() => app.close())

let counter = 0
const requestId = () => `reader-test-${++counter}-${Date.now()}`

/** One member signed in on two devices: two session tokens of the same user. */
function device(userId: number, seconds: number) {
  const token = signToken(testEnv.appSecret, sessionPurpose, { uid: userId, exp: Math.floor(Date.now() / 1000) + seconds })
  return async <A extends 'openBook' | 'saveProgress'>(action: A, input: unknown) => {
    const result = (await dispatch({ db: app.db, env: testEnv }, registry, 'library', { action, input }, { kind: 'token', token })) as ApiResult<
      ActionOutput<'library', A>
    >
    if (!result.ok) throw new Error(`${action}: ${result.error.code}`)
    return result.data
  }
}

async function count(table: string): Promise<number> {
  const [row] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
  return row.n
}

describe('opening a book and its chapters', () => {
  it('gives the chapter list, contents and default settings, then one chapter with its neighbours', async () => {
    const opened = await app.ok(member, 'library', 'openBook', { bookId: book })
    expect(opened.book).toMatchObject({ id: book, title: '论语', author: '孔子弟子', chapterCount: 3, coverUrl: null })
    expect(opened.chapters.map((c) => [c.ord, c.title, c.charCount])).toEqual(chapters.map((c, ord) => [ord, c.title, plainOf(c).length]))
    expect(opened.toc.map((t) => t.chapterOrd)).toEqual([0, 1, 2])
    expect(opened.preview).toBe(false)

    const first = await app.ok(member, 'library', 'openChapter', { bookId: book, chapterOrd: 0 })
    expect(first).toMatchObject({ ord: 0, title: '学而第一', prevOrd: null, nextOrd: 1, charCount: plainOf(chapters[0]).length })
    expect(first.blocks).toEqual([
      { kind: 'heading', level: 2, text: '学而第一', start: 0 },
      { kind: 'paragraph', text: chapters[0].paragraphs[0], start: 5 },
      { kind: 'paragraph', text: chapters[0].paragraphs[1], start: 5 + chapters[0].paragraphs[0].length + 1 },
    ])
    const last = await app.ok(member, 'library', 'openChapter', { bookId: book, chapterOrd: 2 })
    expect(last).toMatchObject({ prevOrd: 1, nextOrd: null })
    expect((await app.fail(member, 'library', 'openChapter', { bookId: book, chapterOrd: 3 })).code).toBe('NOT_FOUND')
  })

  it('refuses a chapter of a draft, an unpublished or an out-of-scope book, and records nothing for it', async () => {
    const createdBy = app.users.librarian
    const draft = await insertBook(app.db, { title: '未上架', status: 'draft', createdBy, chapters })
    const down = await insertBook(app.db, { title: '已下架', status: 'unpublished', createdBy, chapters })
    for (const bookId of [draft, down]) {
      expect((await app.fail(member, 'library', 'openChapter', { bookId, chapterOrd: 0 })).code).toBe('NOT_FOUND')
      expect((await app.fail(member, 'library', 'openBook', { bookId })).code).toBe('NOT_FOUND')
    }
    // 论语 is for 油车港镇's subtree; the sibling member is in 王江泾镇.
    const sibling = app.users['sibling-member']
    expect((await app.fail(sibling, 'library', 'openChapter', { bookId: book, chapterOrd: 0 })).code).toBe('NOT_FOUND')
    const before = [await count('library_progress'), await count('library_annotation')]
    expect((await app.fail(sibling, 'library', 'saveProgress', { bookId: book, chapterOrd: 0, charOffset: 1 })).code).toBe('NOT_FOUND')
    expect((await app.fail(member, 'library', 'saveProgress', { bookId: down, chapterOrd: 0, charOffset: 1 })).code).toBe('NOT_FOUND')
    const refused = { bookId: draft, chapterOrd: 0, kind: 'highlight', startOffset: 0, endOffset: 2, note: '', requestId: requestId() }
    expect((await app.fail(member, 'library', 'addAnnotation', refused)).code).toBe('NOT_FOUND')
    expect([await count('library_progress'), await count('library_annotation')]).toEqual(before)

    // The librarian over the draft previews it: the chapter, and nothing of theirs.
    const preview = await app.ok(app.users.librarian, 'library', 'openBook', { bookId: draft })
    expect(preview).toMatchObject({ preview: true, progress: null, settings: { chosen: false } })
    expect((await app.ok(app.users.librarian, 'library', 'openChapter', { bookId: draft, chapterOrd: 1 })).annotations).toEqual([])
  })
})

describe('reading position', () => {
  it('syncs across two sessions of one member: the newest write wins, permille from the server', async () => {
    const phone = device(member, 3600)
    const tablet = device(member, 7200)
    expect((await phone('openBook', { bookId: book })).progress).toBeNull()

    const saved = await phone('saveProgress', { bookId: book, chapterOrd: 1, charOffset: 7 })
    const total = chapters.reduce((sum, c) => sum + plainOf(c).length, 0)
    expect(saved).toMatchObject({ chapterOrd: 1, charOffset: 7, permille: Math.floor(((plainOf(chapters[0]).length + 7) * 1000) / total) })
    expect((await tablet('openBook', { bookId: book })).progress).toMatchObject({ chapterOrd: 1, charOffset: 7 })

    await tablet('saveProgress', { bookId: book, chapterOrd: 2, charOffset: 4 })
    expect((await phone('openBook', { bookId: book })).progress).toMatchObject({ chapterOrd: 2, charOffset: 4 })

    // An offset past the chapter's end is kept at its end: the last chapter's end is the whole book.
    const end = await phone('saveProgress', { bookId: book, chapterOrd: 2, charOffset: 99_999 })
    expect(end).toMatchObject({ chapterOrd: 2, charOffset: plainOf(chapters[2]).length, permille: 1000 })
    expect((await app.fail(member, 'library', 'saveProgress', { bookId: book, chapterOrd: 3, charOffset: 0 })).code).toBe('NOT_FOUND')
    expect(await count('library_progress')).toBe(1)
  })
})

describe('reader settings', () => {
  it('answers defaults until the member chooses, then the same on every device', async () => {
    const fresh = app.users['sibling-member']
    expect(await app.ok(fresh, 'library', 'readerSettings', {})).toEqual({ fontSize: 2, lineSpacing: 'normal', theme: 'day', chosen: false })
    const saved = await app.ok(fresh, 'library', 'saveReaderSettings', { fontSize: 4, lineSpacing: 'loose', theme: 'night' })
    expect(saved).toEqual({ fontSize: 4, lineSpacing: 'loose', theme: 'night', chosen: true })
    await app.ok(fresh, 'library', 'saveReaderSettings', { fontSize: 3, lineSpacing: 'compact', theme: 'eye_care' })
    expect(await app.ok(fresh, 'library', 'readerSettings', {})).toEqual({ fontSize: 3, lineSpacing: 'compact', theme: 'eye_care', chosen: true })
    expect((await app.fail(fresh, 'library', 'saveReaderSettings', { fontSize: 5, lineSpacing: 'loose', theme: 'night' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(fresh, 'library', 'saveReaderSettings', { fontSize: 3, lineSpacing: 'loose', theme: 'sepia' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(await app.newUser(), 'library', 'readerSettings', {})).code).toBe('NOT_MEMBER')
  })
})

describe('bookmarks and highlights', () => {
  const text = plainOf(chapters[0])
  const start = text.indexOf('学而时习之')

  it('takes the quote from the chapter, never from the client, and answers a retried request with the same annotation', async () => {
    const input = { bookId: book, chapterOrd: 0, kind: 'highlight', startOffset: start, endOffset: start + 5, note: '温故而知新', requestId: requestId() } as const
    const added = await app.ok(member, 'library', 'addAnnotation', input)
    expect(added).toMatchObject({ kind: 'highlight', quote: '学而时习之', note: '温故而知新', startOffset: start, endOffset: start + 5 })
    expect(await app.ok(member, 'library', 'addAnnotation', input)).toEqual(added)
    expect(await count('library_annotation')).toBe(1)
    // A quote the client makes up is no field of the contract.
    expect((await app.fail(member, 'library', 'addAnnotation', { ...input, requestId: requestId(), quote: '伪造的引文' })).code).toBe('VALIDATION_FAILED')

    // A highlight across two paragraphs keeps the line break; a bookmark names its place.
    const across = await app.ok(member, 'library', 'addAnnotation', {
      ...input,
      startOffset: text.indexOf('说乎'),
      endOffset: text.indexOf('有朋') + 2,
      note: '',
      requestId: requestId(),
    })
    expect(across.quote).toBe('说乎？\n有朋')
    const mark = await app.ok(member, 'library', 'addAnnotation', { ...input, kind: 'bookmark', startOffset: 5, endOffset: 999, note: '', requestId: requestId() })
    expect(mark).toMatchObject({ kind: 'bookmark', startOffset: 5, endOffset: 5, quote: chapters[0].paragraphs[0] + ' ' + chapters[0].paragraphs[1] })

    const chapter = await app.ok(member, 'library', 'openChapter', { bookId: book, chapterOrd: 0 })
    expect(chapter.annotations.map((a) => a.id)).toEqual([mark.id, added.id, across.id])
    // A colleague reading the same chapter sees none of them.
    const [colleague] = await fundedMembers(app, [0])
    expect((await app.ok(colleague.userId, 'library', 'openChapter', { bookId: book, chapterOrd: 0 })).annotations).toEqual([])
  })

  it('refuses offsets outside the chapter, an empty or overlong highlight and an overlong note, writing nothing', async () => {
    const base = { bookId: book, chapterOrd: 0, kind: 'highlight', note: '', requestId: requestId() } as const
    const before = await count('library_annotation')
    const range = [
      { startOffset: text.length, endOffset: text.length + 1 },
      { startOffset: 6, endOffset: 4 },
      { startOffset: 3, endOffset: 3 },
    ]
    for (const offsets of range) {
      expect((await app.fail(member, 'library', 'addAnnotation', { ...base, ...offsets })).code).toBe('LIBRARY_ANNOTATION_RANGE')
    }
    const long = await insertBook(app.db, {
      title: '长篇',
      branchName: '油车港镇总工会',
      createdBy: app.users.librarian,
      chapters: [{ title: '一', paragraphs: ['长'.repeat(1500)] }],
    })
    const overlong = await app.fail(member, 'library', 'addAnnotation', { ...base, bookId: long, startOffset: 2, endOffset: 1003 })
    expect(overlong).toMatchObject({ code: 'LIBRARY_ANNOTATION_RANGE', message: '一次划线不能超过 1000 字' })
    expect(await app.ok(member, 'library', 'addAnnotation', { ...base, bookId: long, startOffset: 2, endOffset: 1002, requestId: requestId() })).toMatchObject({
      quote: '长'.repeat(1000),
    })

    const tooLong = await app.fail(member, 'library', 'addAnnotation', { ...base, startOffset: 0, endOffset: 2, note: '注'.repeat(501) })
    expect(tooLong).toMatchObject({ code: 'LIBRARY_NOTE_TOO_LONG', message: '笔记不能超过 500 字' })
    // Counted in characters: 500 characters outside the BMP are 1,000 UTF-16 units and still fit.
    const wide = await app.ok(member, 'library', 'addAnnotation', { ...base, startOffset: 0, endOffset: 2, note: '𠀀'.repeat(500), requestId: requestId() })
    expect(Array.from(wide.note)).toHaveLength(500)
    expect(await count('library_annotation')).toBe(before + 2)
  })

  it("lets a member change and delete only their own notes, and lists a book's notes in reading order", async () => {
    const mine = await app.ok(member, 'library', 'addAnnotation', {
      bookId: book,
      chapterOrd: 1,
      kind: 'highlight',
      startOffset: 8,
      endOffset: 12,
      note: '',
      requestId: requestId(),
    })
    expect(mine.quote).toBe(plainOf(chapters[1]).slice(8, 12))
    const updated = await app.ok(member, 'library', 'updateAnnotation', { id: mine.id, note: '北辰：北极星' })
    expect(updated).toMatchObject({ id: mine.id, note: '北辰：北极星', quote: mine.quote })
    expect((await app.fail(member, 'library', 'updateAnnotation', { id: mine.id, note: '注'.repeat(501) })).code).toBe('LIBRARY_NOTE_TOO_LONG')

    const [colleague] = await fundedMembers(app, [0])
    for (const stranger of [colleague.userId, app.users['sibling-member']]) {
      expect((await app.fail(stranger, 'library', 'updateAnnotation', { id: mine.id, note: '改写' })).code).toBe('NOT_FOUND')
      expect((await app.fail(stranger, 'library', 'deleteAnnotation', { id: mine.id })).code).toBe('NOT_FOUND')
    }
    expect((await app.fail(await app.newUser(), 'library', 'deleteAnnotation', { id: mine.id })).code).toBe('NOT_MEMBER')
    const [kept] = await app.db.query<{ note: string }>('SELECT note FROM library_annotation WHERE id = $1', [mine.id])
    expect(kept.note).toBe('北辰：北极星')

    const first = await app.ok(member, 'library', 'annotations', { bookId: book, limit: 2 })
    expect(first.items).toHaveLength(2)
    expect(first.nextCursor).not.toBeNull()
    const rest = await app.ok(member, 'library', 'annotations', { bookId: book, cursor: first.nextCursor, limit: 50 })
    const all = [...first.items, ...rest.items]
    expect(all.map((a) => [a.chapterOrd, a.startOffset])).toEqual(
      [...all].sort((a, b) => a.chapterOrd - b.chapterOrd || a.startOffset - b.startOffset || a.id - b.id).map((a) => [a.chapterOrd, a.startOffset]),
    )
    expect(all.at(-1)).toMatchObject({ id: mine.id, chapterTitle: '为政第二' })
    expect((await app.fail(member, 'library', 'annotations', { bookId: book, cursor: 'bm90IGEgY3Vyc29y' })).code).toBe('VALIDATION_FAILED')

    expect(await app.ok(member, 'library', 'deleteAnnotation', { id: mine.id })).toEqual({ id: mine.id })
    expect(await app.ok(member, 'library', 'deleteAnnotation', { id: mine.id })).toEqual({ id: mine.id })
    expect((await app.ok(member, 'library', 'openChapter', { bookId: book, chapterOrd: 1 })).annotations).toEqual([])
  })
})
