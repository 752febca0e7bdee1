import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { ZipFile } from 'yazl'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCaller } from '../../server/caller'
import type { Caller } from '../../server/caller'
import type { Env } from '../../server/env'
import { claimTicket, completeUpload, issueTicket } from '../../server/files/upload'
import { buildEpub, paragraphsHtml } from '../../server/library/epub-build'
import type { EpubSpec } from '../../server/library/epub-build'
import { continueLibraryImports, processLibraryImport, startImport } from '../../server/library/import'
import type { LibraryImport } from '../../src/shared/api/library-import'
import { seedDemoLibrary } from '../../server/seed/demo-library'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'

let app: TestApp
let env: Env
let dataDir: string
let county: number
let requestSeq = 0

beforeAll(async () => {
  app = await openTestApp()
  dataDir = mkdtempSync(join(tmpdir(), 'jx-library-import-'))
  env = { ...testEnv, dataDir }
  county = await app.newStaff('秀洲区总工会', 'librarian')
})
afterAll(async () => {
  await app?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

async function caller(userId: number): Promise<Caller> {
  const loaded = await loadCaller(app.db, userId)
  if (!loaded) throw new Error('no caller')
  return loaded
}

async function upload(as: number, bytes: Buffer, name = 'book.epub'): Promise<number> {
  const deps = { db: app.db, env }
  const ticket = await issueTicket(deps, await caller(as), { purpose: 'library_epub', name, size: bytes.length, type: 'application/epub+zip' })
  return (await completeUpload(deps, await claimTicket(deps, ticket.ticket), bytes)).id
}

const requestId = () => `import-test-${++requestSeq}-${Date.now()}`

/** Uploads, queues and works an import to its end, as the host's kick would. */
async function importEpub(bytes: Buffer, options: { as?: number; branch?: string } = {}): Promise<LibraryImport> {
  const as = options.as ?? app.users.librarian
  const fileId = await upload(as, bytes)
  const started = await startImport(app.db, await caller(as), { fileId, branchId: await app.branchId(options.branch ?? '嘉兴市总工会'), category: 'classics', requestId: requestId() })
  if (started.status === 'queued') await processLibraryImport({ db: app.db, env }, started.id)
  return app.ok(as, 'library', 'importStatus', { importId: started.id })
}

const png = (color: string) => sharp({ create: { width: 60, height: 90, channels: 3, background: color } }).png().toBuffer()

async function lunyu(version: 2 | 3, extra: Partial<EpubSpec> = {}): Promise<Buffer> {
  return buildEpub({
    version,
    title: `论语（EPUB ${version}）`,
    author: '孔子',
    publisher: '嘉兴市总工会职工书屋',
    isbn: '9787101000003',
    description: '儒家经典，记录孔子及其弟子的言行。',
    cover: { mediaType: 'image/png', bytes: await png('#884422') },
    images: [{ name: 'kongzi.png', mediaType: 'image/png', bytes: await png('#224488') }],
    chapters: [
      { title: '学而第一', html: `${paragraphsHtml('学而第一', ['子曰：学而时习之，不亦说乎？有朋自远方来，不亦乐乎？'])}\n<p><img src="../images/kongzi.png" alt="孔子像"/></p>` },
      { title: '为政第二', html: paragraphsHtml('为政第二', ['子曰：为政以德，譬如北辰，居其所而众星共之。']) },
    ],
    ...extra,
  })
}

async function bookRows(bookId: number) {
  const [book] = await app.db.query<{ title: string; author: string; publisher: string; isbn: string; description: string; status: string; cover_file_id: number | null; chapter_count: number }>(
    'SELECT title, author, publisher, isbn, description, status, cover_file_id, chapter_count FROM library_book WHERE id = $1',
    [bookId],
  )
  const chapters = await app.db.query<{ title: string; html: string; plain_text: string; blocks: { kind: string; url?: string }[] }>(
    'SELECT title, html, plain_text, blocks FROM library_chapter WHERE book_id = $1 ORDER BY ord',
    [bookId],
  )
  const toc = await app.db.query<{ title: string; chapter_ord: number }>('SELECT title, chapter_ord FROM library_toc WHERE book_id = $1 ORDER BY ord', [bookId])
  return { book, chapters, toc }
}

describe('library import', () => {
  for (const version of [2, 3] as const) {
    it(`imports an EPUB ${version} with its metadata, cover, contents, chapters and images as a draft`, async () => {
      const done = await importEpub(await lunyu(version))
      expect(done).toMatchObject({ status: 'done', progress: 100, errorCode: null, stripped: { scripts: 0, externalResources: 0 } })
      const { book, chapters, toc } = await bookRows(done.book?.id ?? 0)
      expect(book).toMatchObject({ title: `论语（EPUB ${version}）`, author: '孔子', publisher: '嘉兴市总工会职工书屋', isbn: '9787101000003', status: 'draft', chapter_count: 2 })
      expect(book.description).toContain('儒家经典')
      expect(book.cover_file_id).not.toBeNull()
      expect(toc).toEqual([{ title: '学而第一', chapter_ord: 0 }, { title: '为政第二', chapter_ord: 1 }])
      expect(chapters[0].plain_text).toBe('学而第一\n子曰：学而时习之，不亦说乎？有朋自远方来，不亦乐乎？')
      const image = chapters[0].blocks.find((b) => b.kind === 'image')
      expect(image?.url).toMatch(/^\/files\/[0-9a-f]{64}\.(png|jpg)$/)
      expect(chapters[0].html).toContain(`src="${image?.url}"`)
      const [files] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM file WHERE record = $1 AND purpose = 'library_image'`, [`library_book:${done.book?.id}`])
      expect(files.n).toBe(2)
      const [message] = await app.db.query<{ title: string }>(`SELECT title FROM message WHERE kind = 'library_import_done' AND source = $1`, [`library_import:${done.id}`])
      expect(message.title).toBe('电子书导入完成')
    })
  }

  it('strips scripts, event handlers and external resources, and counts them', async () => {
    const hostile = await buildEpub({
      title: '带脚本的书',
      chapters: [
        {
          title: '第一章',
          html: '<h2>第一章</h2><script>alert(1)</script><p onclick="steal()">正文一段。</p><p><img src="http://evil.example/x.png"/><img src="data:image/png;base64,AAAA"/></p><link rel="stylesheet" href="https://evil.example/a.css"/><iframe src="https://evil.example/"></iframe><p style="color:red">第二段。</p>',
        },
      ],
    })
    const done = await importEpub(hostile)
    expect(done).toMatchObject({ status: 'done', stripped: { scripts: 2, externalResources: 4 } })
    const { chapters } = await bookRows(done.book?.id ?? 0)
    expect(chapters[0].html).not.toMatch(/<script|onclick|http|data:|style=|<iframe|<link/)
    expect(chapters[0].plain_text).toBe('第一章\n正文一段。\n第二段。')
  })

  it('refuses what is not an EPUB, a zip bomb, DRM, a malformed book and one without text, writing no book', async () => {
    const before = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM library_book')
    // A zip without the EPUB mimetype passes the upload as a workbook, so the import is handed a
    // zip through a renamed xlsx-shaped file: the upload itself refuses it for this purpose.
    const notEpub = new ZipFile()
    notEpub.addBuffer(Buffer.from('hello'), 'readme.txt')
    notEpub.end()
    const chunks: Buffer[] = []
    for await (const c of notEpub.outputStream) chunks.push(c as Buffer)
    await expect(upload(app.users.librarian, Buffer.concat(chunks))).rejects.toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED' })

    const bomb = await lunyu(3, { title: '压缩炸弹', extraEntries: [{ path: 'OEBPS/zeros.bin', data: Buffer.alloc(300 * 1024 * 1024) }] })
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024)
    expect(await importEpub(bomb)).toMatchObject({ status: 'failed', errorCode: 'LIBRARY_EPUB_TOO_LARGE', book: null })

    const encryption = `<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
      <enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/text/ch001.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>`
    expect(await importEpub(await lunyu(3, { title: '加密的书', extraEntries: [{ path: 'META-INF/encryption.xml', data: encryption }] }))).toMatchObject({ status: 'failed', errorCode: 'LIBRARY_EPUB_DRM' })
    expect(await importEpub(await lunyu(2, { title: '有版权声明的书', extraEntries: [{ path: 'META-INF/rights.xml', data: '<rights/>' }] }))).toMatchObject({ status: 'failed', errorCode: 'LIBRARY_EPUB_DRM' })

    const missing = await importEpub(await lunyu(3, { title: '缺章节的书', omitChapterFiles: true }))
    expect(missing).toMatchObject({ status: 'failed', errorCode: 'LIBRARY_EPUB_MALFORMED' })
    expect(missing.errorMessage).toContain('不存在')

    const empty = await importEpub(await buildEpub({ title: '空书', chapters: [{ title: '空', html: '<p>   </p>' }] }))
    expect(empty).toMatchObject({ status: 'failed', errorCode: 'LIBRARY_EPUB_EMPTY' })

    const after = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM library_book')
    expect(after[0].n).toBe(before[0].n)
    const [message] = await app.db.query<{ title: string }>(`SELECT title FROM message WHERE kind = 'library_import_done' AND source = $1`, [`library_import:${empty.id}`])
    expect(message.title).toBe('电子书导入失败')
  })

  it('changes nothing when the same bytes are imported again, and answers a retried request with its first answer', async () => {
    const bytes = await lunyu(3, { title: '重复导入的论语' })
    const first = await importEpub(bytes)
    const before = await app.snapshot()
    const again = await importEpub(bytes)
    expect(again).toMatchObject({ status: 'duplicate', book: first.book })
    const [books] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM library_book WHERE title = '重复导入的论语'`)
    expect(books.n).toBe(1)
    // The second upload and its import row are all that was added.
    const after = await app.snapshot()
    expect(after.file).toBe(before.file + 1)

    const librarian = await caller(app.users.librarian)
    const fileId = await upload(app.users.librarian, await lunyu(3, { title: '重试的请求' }))
    const input = { fileId, branchId: await app.branchId('嘉兴市总工会'), category: 'poetry' as const, requestId: requestId() }
    const once = await startImport(app.db, librarian, input)
    const twice = await startImport(app.db, librarian, input)
    expect(twice.id).toBe(once.id)
    // The same bytes in flight answer the import already queued.
    const other = await startImport(app.db, librarian, { ...input, requestId: requestId() })
    expect(other.id).toBe(once.id)
    await processLibraryImport({ db: app.db, env }, once.id)
  })

  it('lets nobody upload the images the import stores', async () => {
    expect(
      await app.fail(await app.newStaff('嘉兴市总工会', 'admin'), 'file', 'uploadTicket', { purpose: 'library_image', name: 'cover.png', size: 1000, type: 'image/png' }),
    ).toMatchObject({ code: 'FORBIDDEN', message: '图书图片由系统生成，不能上传' })
  })

  it('refuses a branch outside the librarian scope and anyone who is no librarian, writing nothing', async () => {
    const fileId = await upload(county, await lunyu(3, { title: '区县图书' }))
    const imports = async () => (await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM library_import'))[0].n
    const before = await app.snapshot()
    const importsBefore = await imports()
    expect(await app.fail(county, 'library', 'startImport', { fileId, branchId: await app.branchId('南湖区总工会'), category: 'classics', requestId: requestId() })).toMatchObject({
      code: 'OUT_OF_SCOPE',
    })
    expect(await app.fail(county, 'library', 'startImport', { fileId, branchId: await app.branchId('嘉兴市总工会'), category: 'classics', requestId: requestId() })).toMatchObject({
      code: 'OUT_OF_SCOPE',
    })
    expect(await app.fail(app.users.member, 'library', 'startImport', { fileId, branchId: await app.branchId('秀洲区总工会'), category: 'classics', requestId: requestId() })).toMatchObject({
      code: 'FORBIDDEN',
    })
    // Another librarian's file is not theirs to import.
    expect(await app.fail(app.users.librarian, 'library', 'startImport', { fileId, branchId: await app.branchId('嘉兴市总工会'), category: 'classics', requestId: requestId() })).toMatchObject({
      code: 'FILE_NOT_YOURS',
    })
    expect(await app.snapshot()).toEqual(before)
    expect(await imports()).toBe(importsBefore)
    // In scope, the county's import is listed for the county and the city, not for another county.
    const done = await importEpub(await lunyu(2, { title: '秀洲书' }), { as: county, branch: '秀洲区总工会' })
    expect(done.status).toBe('done')
    const countyList = await app.ok(county, 'library', 'imports', { limit: 50 })
    expect(countyList.items.map((i) => i.id)).toContain(done.id)
    expect(countyList.items.every((i) => i.branchName !== '嘉兴市总工会')).toBe(true)
    const other = await app.newStaff('南湖区总工会', 'librarian')
    expect(await app.fail(other, 'library', 'importStatus', { importId: done.id })).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('finishes an import whose worker was killed half-way, with one book', async () => {
    const librarian = await caller(app.users.librarian)
    const fileId = await upload(app.users.librarian, await lunyu(3, { title: '中途中断的导入' }))
    const started = await startImport(app.db, librarian, { fileId, branchId: await app.branchId('嘉兴市总工会'), category: 'classics', requestId: requestId() })
    // A worker took it and died: running, half-way, its lease lapsed.
    await app.db.query(`UPDATE library_import SET status = 'running', attempts = 1, progress = 40, stage = '读取章节 1/2', lease_until = now() - interval '1 second' WHERE id = $1`, [started.id])
    expect(await continueLibraryImports({ db: app.db, env }, Date.now() + 30_000)).toBeGreaterThanOrEqual(1)
    const done = await app.ok(app.users.librarian, 'library', 'importStatus', { importId: started.id })
    expect(done.status).toBe('done')
    const [books] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM library_book WHERE title = '中途中断的导入'`)
    expect(books.n).toBe(1)
    // A live lease is left alone.
    expect(await processLibraryImport({ db: app.db, env }, started.id)).toBe(false)
  })

  it('makes one import and one book of the same bytes started and worked at once', async () => {
    const librarian = await caller(app.users.librarian)
    const bytes = await lunyu(3, { title: '同时导入的书' })
    const files = [await upload(app.users.librarian, bytes), await upload(app.users.librarian, bytes)]
    const branchId = await app.branchId('嘉兴市总工会')
    const started = await Promise.all(files.map((fileId) => startImport(app.db, librarian, { fileId, branchId, category: 'classics', requestId: requestId() })))
    expect(started[1].id).toBe(started[0].id)
    const worked = await Promise.all([0, 1, 2].map(() => processLibraryImport({ db: app.db, env }, started[0].id)))
    expect(worked.filter(Boolean)).toHaveLength(1)
    const [books] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM library_book WHERE title = '同时导入的书'`)
    expect(books.n).toBe(1)
  })

  it('gives up an import that keeps dying, rather than retrying it for ever', async () => {
    const librarian = await caller(app.users.librarian)
    const fileId = await upload(app.users.librarian, await lunyu(2, { title: '总是中断的导入' }))
    const started = await startImport(app.db, librarian, { fileId, branchId: await app.branchId('嘉兴市总工会'), category: 'classics', requestId: requestId() })
    await app.db.query(`UPDATE library_import SET status = 'running', attempts = 5, lease_until = now() - interval '1 second' WHERE id = $1`, [started.id])
    expect(await processLibraryImport({ db: app.db, env }, started.id)).toBe(true)
    expect(await app.ok(app.users.librarian, 'library', 'importStatus', { importId: started.id })).toMatchObject({ status: 'failed', errorCode: 'INTERNAL', book: null })
  })

  it('seeds the demo catalogue through the import, published, and a second run changes nothing', async () => {
    expect(await seedDemoLibrary({ db: app.db, env })).toBe(true)
    const books = await app.db.query<{ title: string; status: string; chapter_count: number; cover_file_id: number | null }>(
      `SELECT b.title, b.status, b.chapter_count, b.cover_file_id FROM library_book b JOIN library_import i ON i.id = b.import_id
        WHERE i.request_id LIKE 'demo-library-%' ORDER BY b.id`,
    )
    expect(books.map((b) => b.title)).toEqual(['论语', '诗经', '楚辞', '幽梦影', '曹操诗集', '纳兰性德词集', '宋词三百首', '元曲选', '花间集', '南唐二主词', '水墨唐诗'])
    expect(books.every((b) => b.status === 'published' && b.chapter_count >= 2 && b.cover_file_id !== null)).toBe(true)
    const [xueer] = await app.db.query<{ plain_text: string }>(
      `SELECT c.plain_text FROM library_chapter c JOIN library_book b ON b.id = c.book_id WHERE b.title = '论语' AND c.ord = 0`,
    )
    expect(xueer.plain_text).toContain('学而时习之')
    const before = await app.snapshot()
    const importsBefore = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM library_import')
    expect(await seedDemoLibrary({ db: app.db, env })).toBe(false)
    expect(await app.snapshot()).toEqual(before)
    expect(await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM library_import')).toEqual(importsBefore)
  })
})
