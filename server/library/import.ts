import { routes, withQuery } from '../../src/routes'
import type { LibraryImport } from '../../src/shared/api/library-import'
import type { BookCategory, ImportStatus } from '../../src/shared/library/names'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { storeServerFile } from '../files/generated'
import { fileStoreOf } from '../files/storage'
import { notify } from '../notify'
import { inSubtreesSql, requireBranchInScope, scopePaths } from '../scope'
import { assembleBlocks } from './blocks'
import type { BlockContent } from './blocks'
import { imageTokenPrefix, readEpub } from './epub'
import type { EpubBook } from './epub'
import { chapterIndexTexts, chapterVectorSql, reindexBook } from './search-index'

/** A worker holds an import this long past its last sign of life; a killed one is taken over after it. */
const leaseSeconds = 60
/** Runs that ended without an answer (a crash, the store away) before the import is given up as failed. */
const maxAttempts = 5

interface ImportRow {
  id: number
  file_name: string
  status: ImportStatus
  progress: number
  stage: string
  error_code: string | null
  error_message: string | null
  book_id: number | null
  book_title: string | null
  branch_name: string
  category: BookCategory
  stripped: { scripts: number; externalResources: number } | null
  created_at: Date
  finished_at: Date | null
}

const importSelect = `
  SELECT i.id, f.name AS file_name, i.status, i.progress, i.stage, i.error_code, i.error_message, i.book_id, b.title AS book_title,
         br.name AS branch_name, i.category, i.stripped, i.created_at, i.finished_at
    FROM library_import i
    JOIN file f ON f.id = i.file_id
    JOIN branch br ON br.id = i.branch_id
    LEFT JOIN library_book b ON b.id = i.book_id`

function toImport(row: ImportRow): LibraryImport {
  return {
    id: row.id,
    fileName: row.file_name,
    status: row.status,
    progress: row.progress,
    stage: row.stage,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    book: row.book_id !== null ? { id: row.book_id, title: row.book_title ?? '' } : null,
    branchName: row.branch_name,
    category: row.category,
    stripped: row.stripped,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  }
}

async function loadImport(db: Queryable, id: number): Promise<LibraryImport> {
  const [row] = await db.query<ImportRow>(`${importSelect} WHERE i.id = $1`, [id])
  if (!row) throw new AppError('NOT_FOUND')
  return toImport(row)
}

/** The content hash is in the blob's name (content-addressed: `<sha256>.epub`), locally and in WeChat's cloud alike. */
function blobSha256(blobRef: string): string {
  const match = /([0-9a-f]{64})\.epub$/.exec(blobRef)
  if (!match) throw new Error(`library import: blob ${blobRef} is not content-addressed`)
  return match[1]
}

export interface StartImportInput {
  fileId: number
  branchId: number
  category: BookCategory
  requestId: string
}

/** Queues an import (see importSchemas.startImport); the work is processLibraryImport's. */
export async function startImport(db: Db, caller: Caller, input: StartImportInput): Promise<LibraryImport> {
  const branch = await requireBranchInScope(db, caller, 'librarian', input.branchId)
  const id = await db.transaction(async (tx) => {
    const [retried] = await tx.query<{ id: number; requested_by: number }>('SELECT id, requested_by FROM library_import WHERE request_id = $1', [input.requestId])
    if (retried) {
      if (retried.requested_by !== caller.userId) throw new AppError('VALIDATION_FAILED', '请求编号无效，请刷新后重试')
      return retried.id
    }
    const [file] = await tx.query<{ owner_user_id: number; purpose: string; status: string; blob_ref: string | null; record: string | null }>(
      'SELECT owner_user_id, purpose, status, blob_ref, record FROM file WHERE id = $1 FOR UPDATE',
      [input.fileId],
    )
    if (!file || file.owner_user_id !== caller.userId) throw new AppError('FILE_NOT_YOURS')
    if (file.purpose !== 'library_epub') throw new AppError('FILE_WRONG_PURPOSE', '请上传 EPUB 电子书文件后再导入')
    if (file.status !== 'ready' || !file.blob_ref) throw new AppError('FILE_NOT_READY')
    const sha = blobSha256(file.blob_ref)
    // One decision per content at a time: of two imports of the same bytes, the second sees the first.
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`library-import:${sha}`])
    const [book] = await tx.query<{ id: number }>('SELECT id FROM library_book WHERE content_sha256 = $1', [sha])
    const [inFlight] = book ? [] : await tx.query<{ id: number }>(`SELECT id FROM library_import WHERE content_sha256 = $1 AND status IN ('queued', 'running')`, [sha])
    if (inFlight) return inFlight.id
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO library_import (file_id, content_sha256, branch_id, branch_path, category, requested_by, request_id, status, progress, stage, book_id, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $8 = 'duplicate' THEN now() END)
       RETURNING id`,
      [
        input.fileId,
        sha,
        branch.id,
        branch.path,
        input.category,
        caller.userId,
        input.requestId,
        book ? 'duplicate' : 'queued',
        book ? 100 : 0,
        book ? '已导入过，未做任何改动' : '排队中',
        book?.id ?? null,
      ],
    )
    // The source file stays with its first import (the housekeeping job removes unattached files).
    if (file.record === null) await tx.query('UPDATE file SET record = $2, delete_after = NULL WHERE id = $1', [input.fileId, `library_import:${row.id}`])
    return row.id
  })
  return loadImport(db, id)
}

/** A librarian's imports: those scoped in their grants' subtrees, newest first. */
export async function listImports(db: Queryable, caller: Caller, input: { cursor?: string | null; limit: number }) {
  const after = decodeCursor(input.cursor, cursorId)
  const rows = await db.query<ImportRow>(
    `${importSelect} WHERE ${inSubtreesSql('i.branch_path', '$1')} AND ($2::int IS NULL OR i.id < $2) ORDER BY i.id DESC LIMIT $3`,
    [scopePaths(caller, 'librarian'), after, input.limit + 1],
  )
  return pageOf(rows, input.limit, toImport, (row) => row.id)
}

export async function importStatus(db: Queryable, caller: Caller, importId: number): Promise<LibraryImport> {
  const [row] = await db.query<{ id: number }>(`SELECT id FROM library_import i WHERE id = $1 AND ${inSubtreesSql('i.branch_path', '$2')}`, [importId, scopePaths(caller, 'librarian')])
  if (!row) throw new AppError('NOT_FOUND')
  return loadImport(db, importId)
}

interface Claimed {
  file_id: number
  content_sha256: string
  branch_id: number
  branch_path: string
  category: BookCategory
  requested_by: number
  attempts: number
}

/** Progress while the lease is ours; false when another worker took the import over. */
async function report(db: Queryable, importId: number, attempts: number, progress: number, stage: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE library_import SET progress = $3, stage = $4, lease_until = now() + make_interval(secs => $5)
      WHERE id = $1 AND attempts = $2 AND status = 'running'
      RETURNING id`,
    [importId, attempts, progress, stage, leaseSeconds],
  )
  return rows.length > 0
}

class LeaseLost extends Error {}

async function fail(db: Db, importId: number, attempts: number, requestedBy: number, error: AppError): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.query<{ file_name: string }>(
      `UPDATE library_import i SET status = 'failed', error_code = $3, error_message = $4, stage = '导入失败', lease_until = NULL, finished_at = now()
         FROM file f
        WHERE i.id = $1 AND i.attempts = $2 AND i.status = 'running' AND f.id = i.file_id
        RETURNING f.name AS file_name`,
      [importId, attempts, error.code, error.message],
    )
    if (!rows.length) return
    await notify(tx, {
      userId: requestedBy,
      kind: 'library_import_done',
      source: `library_import:${importId}`,
      title: '电子书导入失败',
      body: `《${rows[0].file_name}》导入失败：${error.message}`,
      link: routes.libraryImport,
      payload: { title: rows[0].file_name.slice(0, 20), result: '导入失败' },
    })
  })
}

/** The blocks with each `epub-image:<n>` replaced by the stored image's URL, or dropped when that image was refused. */
function withImageUrls(content: BlockContent[], urls: (string | null)[]): BlockContent[] {
  return content.flatMap((block): BlockContent[] => {
    if (block.kind !== 'image') return [block]
    const url = urls[Number(block.url.slice(imageTokenPrefix.length))]
    return url ? [{ ...block, url }] : []
  })
}

function htmlWithImageUrls(html: string, urls: (string | null)[]): string {
  // A refused image leaves no <img> behind rather than a broken one.
  return html.replace(/<img src="epub-image:(\d+)"[^>]*\/?>/g, (tag, n: string) => {
    const url = urls[Number(n)]
    return url ? tag.replace(`epub-image:${n}`, url) : ''
  })
}

/**
 * Works one import: takes its lease (a queued import, or a running one whose worker stopped),
 * reads the EPUB, stores its images, and writes the book, chapters, contents and search vectors in
 * ONE transaction at the end, so a killed process leaves no half book and the next run redoes it.
 * Answers whether this run finished the import (done, duplicate or failed).
 */
export async function processLibraryImport(deps: Deps, importId: number): Promise<boolean> {
  const { db, env } = deps
  const [claimed] = await db.query<Claimed>(
    `UPDATE library_import SET status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, now()),
            lease_until = now() + make_interval(secs => $2), progress = 0, stage = '读取文件'
      WHERE id = $1 AND (status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < now())))
      RETURNING file_id, content_sha256, branch_id, branch_path, category, requested_by, attempts`,
    [importId, leaseSeconds],
  )
  if (!claimed) return false
  const { attempts } = claimed
  const step = async (progress: number, stage: string) => {
    if (!(await report(db, importId, attempts, progress, stage))) throw new LeaseLost()
  }
  try {
    if (attempts > maxAttempts) throw new AppError('INTERNAL', '导入多次中断，请重新上传后再试')
    const [file] = await db.query<{ blob_ref: string | null }>('SELECT blob_ref FROM file WHERE id = $1', [claimed.file_id])
    if (!file?.blob_ref) throw new AppError('NOT_FOUND', '电子书文件已不存在，请重新上传后再试')
    const bytes = await fileStoreOf(env).get(file.blob_ref)
    let lastReported = 0
    const book = await readEpub(bytes, async (done, total) => {
      const progress = 5 + Math.floor((done / total) * 55)
      if (progress - lastReported >= 5 || done === total) {
        lastReported = progress
        await step(progress, `读取章节 ${done}/${total}`)
      }
    })
    await step(62, `处理图片 0/${book.images.length}`)
    const urls: (string | null)[] = []
    const imageIds: number[] = []
    for (const [n, image] of book.images.entries()) {
      try {
        const stored = await storeServerFile(deps, claimed.requested_by, { purpose: 'library_image', name: image.path.split('/').pop() ?? 'image', bytes: image.bytes })
        urls.push(stored.url)
        imageIds.push(stored.id)
      } catch (error) {
        // An image the re-encoder refuses (corrupt, not an image, too large) is left out; the text stays.
        if (!(error instanceof AppError)) throw error
        urls.push(null)
        imageIds.push(0)
      }
      if ((n + 1) % 5 === 0) await step(62 + Math.floor(((n + 1) / book.images.length) * 23), `处理图片 ${n + 1}/${book.images.length}`)
    }
    await step(88, '建立索引')
    const chapters = book.chapters.map((c) => {
      const { blocks, plainText } = assembleBlocks(withImageUrls(c.content, urls))
      return { title: c.title, html: htmlWithImageUrls(c.html, urls), blocks, plainText, index: chapterIndexTexts(c.title, plainText) }
    })
    await writeBook(deps, importId, claimed, book, chapters, book.cover !== null ? imageIds[book.cover] || null : null, imageIds.filter(Boolean))
    return true
  } catch (error) {
    if (error instanceof LeaseLost) return false
    if (error instanceof AppError) {
      await fail(db, importId, attempts, claimed.requested_by, error)
      return true
    }
    // Anything else (the database or store away) is retried by the next run once the lease lapses.
    throw error
  }
}

async function writeBook(
  { db }: Deps,
  importId: number,
  claimed: Claimed,
  book: EpubBook,
  chapters: { title: string; html: string; blocks: unknown; plainText: string; index: [string, string] }[],
  coverFileId: number | null,
  imageIds: number[],
): Promise<void> {
  await db.transaction(async (tx) => {
    const [mine] = await tx.query<{ file_name: string }>(
      `SELECT f.name AS file_name FROM library_import i JOIN file f ON f.id = i.file_id
        WHERE i.id = $1 AND i.attempts = $2 AND i.status = 'running' FOR UPDATE OF i`,
      [importId, claimed.attempts],
    )
    if (!mine) throw new LeaseLost()
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`library-import:${claimed.content_sha256}`])
    const [existing] = await tx.query<{ id: number }>('SELECT id FROM library_book WHERE content_sha256 = $1', [claimed.content_sha256])
    let bookId: number
    if (existing) bookId = existing.id
    else {
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO library_book (content_sha256, import_id, title, author, publisher, isbn, description, language, cover_file_id, category,
                                   branch_id, branch_path, status, chapter_count, char_count, search_vector, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13, $14, ''::tsvector, $15)
         RETURNING id`,
        [
          claimed.content_sha256,
          importId,
          book.title,
          book.author,
          book.publisher,
          book.isbn,
          book.description,
          book.language,
          coverFileId,
          claimed.category,
          claimed.branch_id,
          claimed.branch_path,
          chapters.length,
          chapters.reduce((sum, c) => sum + c.plainText.length, 0),
          claimed.requested_by,
        ],
      )
      bookId = row.id
      for (const [ord, c] of chapters.entries()) {
        await tx.query(
          `INSERT INTO library_chapter (book_id, ord, title, html, blocks, plain_text, char_count, search_vector)
           VALUES ($1, $2, $3, $4, $5, $6, $7, ${chapterVectorSql('$8', '$9')})`,
          [bookId, ord, c.title, c.html, JSON.stringify(c.blocks), c.plainText, c.plainText.length, ...c.index],
        )
      }
      await tx.query(
        `INSERT INTO library_toc (book_id, ord, depth, title, chapter_ord)
         SELECT $1, t.ord - 1, t.depth, t.title, t.chapter_ord
           FROM unnest($2::smallint[], $3::text[], $4::int[]) WITH ORDINALITY AS t(depth, title, chapter_ord, ord)`,
        [bookId, book.toc.map((t) => t.depth), book.toc.map((t) => t.title), book.toc.map((t) => t.chapterOrd)],
      )
      if (imageIds.length) await tx.query('UPDATE file SET record = $2, delete_after = NULL WHERE id = ANY($1::int[]) AND record IS NULL', [imageIds, `library_book:${bookId}`])
      await reindexBook(tx, bookId)
    }
    await tx.query(
      `UPDATE library_import SET status = $2, book_id = $3, progress = 100, stage = $4, stripped = $5, lease_until = NULL, finished_at = now() WHERE id = $1`,
      [importId, existing ? 'duplicate' : 'done', bookId, existing ? '已导入过，未做任何改动' : '导入完成', JSON.stringify(book.stripped)],
    )
    await notify(tx, {
      userId: claimed.requested_by,
      kind: 'library_import_done',
      source: `library_import:${importId}`,
      title: '电子书导入完成',
      body: `《${book.title}》已导入为未上架图书，请检查后上架。`,
      link: withQuery(routes.libraryEdit, { id: bookId }),
      payload: { title: book.title.slice(0, 20), result: '导入完成' },
    })
  })
}

/** The background job: queued imports, and running ones whose worker stopped (lease lapsed), oldest first, until `until`. */
export async function continueLibraryImports(deps: Deps, until: number): Promise<number> {
  const waiting = await deps.db.query<{ id: number }>(
    `SELECT id FROM library_import WHERE status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < now())) ORDER BY created_at, id`,
  )
  let finished = 0
  for (const { id } of waiting) {
    if (Date.now() >= until) break
    if (await processLibraryImport(deps, id)) finished += 1
  }
  return finished
}
