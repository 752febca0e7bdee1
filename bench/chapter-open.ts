import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { sessionPurpose } from '../server/action'
import type { Deps } from '../server/action'
import { migrate } from '../server/db/migrate'
import type { Env } from '../server/env'
import { assembleBlocks } from '../server/library/blocks'
import { seedDemo } from '../server/seed/demo'
import { signToken } from '../server/tokens'
import { timedAction } from './call-action'
import type { BenchDatabase } from './database'
import { round, seededRandom, summarize } from './stats'
import type { Latency } from './stats'

/**
 * Opening a chapter in the reader (issue 11): `library.openChapter` through dispatch (session,
 * caller, validation, the visibility check, the chapter's blocks and the member's annotations in
 * it) in a catalogue of 20,000 books, reading 20,000-character chapters that carry 30 of the
 * member's annotations each. The catalogue is inserted set-based; the long chapters are real text
 * (论语 from chinese-poetry, repeated to length) cut into blocks as an import cuts them.
 */
export const chapterOpenTargetP99Ms = 10

export interface ChapterOpenBench {
  books: number
  long_chapters: number
  chapter_chars: number
  annotations_per_chapter: number
  generation_s: number
  open_chapter: Latency
}

function lunyuParagraphs(): string[] {
  const require = createRequire(import.meta.url)
  const file = require.resolve('chinese-poetry/dist/lunyu/lunyu.json')
  const chapters = JSON.parse(readFileSync(file, 'utf8')) as { paragraphs: string[] }[]
  return chapters.flatMap((c) => c.paragraphs)
}

/** One chapter of about `chars` characters: a heading, then paragraphs taken in turn from `source`. */
function longChapter(title: string, source: string[], from: number, chars: number) {
  const content: ({ kind: 'heading'; level: 2; text: string } | { kind: 'paragraph'; text: string })[] = [{ kind: 'heading', level: 2, text: title }]
  let length = title.length
  for (let i = from; length < chars; i += 1) {
    const text = source[i % source.length]
    content.push({ kind: 'paragraph', text })
    length += text.length + 1
  }
  return assembleBlocks(content)
}

export async function measureChapterOpen(
  bench: BenchDatabase,
  env: Env,
  log: (line: string) => void,
  options = { books: 20_000, longBooks: 100, chaptersPerLongBook: 5, chapterChars: 20_000, annotations: 30, calls: 2_000, warmup: 200 },
): Promise<ChapterOpenBench> {
  const { db } = bench
  await migrate(db)
  await seedDemo(db, env)
  const deps: Deps = { db, env }
  const [librarian] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'librarian'`)
  const [member] = await db.query<{ id: number; member_id: number }>(
    `SELECT u.id, m.id AS member_id FROM app_user u JOIN member m ON m.user_id = u.id WHERE u.demo_key = 'member'`,
  )
  const [city] = await db.query<{ id: number; path: string }>('SELECT id, path FROM branch WHERE level = 1')
  const token = signToken(env.appSecret, sessionPurpose, { uid: member.id, exp: Math.floor(Date.now() / 1000) + 3600 })

  log(`生成 ${options.books} 本书，其中 ${options.longBooks} 本各 ${options.chaptersPerLongBook} 章、每章约 ${options.chapterChars} 字……`)
  const started = performance.now()
  // The catalogue: one short chapter per book, published city-wide, inserted set-based.
  await db.query(
    `WITH books AS (
       INSERT INTO library_book (content_sha256, title, author, category, branch_id, branch_path, status, published_at, chapter_count, char_count, search_vector, created_by)
       SELECT md5('bench-book-' || n) || md5('bench-book-2-' || n), '图书 ' || n, '作者 ' || (n % 997), 'classics', $1, $2, 'published', now(), 1, 12, ''::tsvector, $3
         FROM generate_series(1, $4::integer) AS n
       RETURNING id)
     INSERT INTO library_chapter (book_id, ord, title, html, blocks, plain_text, char_count, search_vector)
     SELECT id, 0, '第一章', '<p>子曰：学而时习之。</p>', '[{"kind":"paragraph","text":"子曰：学而时习之，不亦说乎。","start":0}]'::jsonb, '子曰：学而时习之，不亦说乎。', 12, ''::tsvector
       FROM books`,
    [city.id, city.path, librarian.id, options.books - options.longBooks],
  )
  const source = lunyuParagraphs()
  const random = seededRandom(20261122)
  const long: { bookId: number; ord: number }[] = []
  for (let b = 0; b < options.longBooks; b += 1) {
    const chapters = Array.from({ length: options.chaptersPerLongBook }, (_, ord) =>
      longChapter(`第${ord + 1}章`, source, Math.floor(random() * source.length), options.chapterChars),
    )
    const [book] = await db.query<{ id: number }>(
      `INSERT INTO library_book (content_sha256, title, author, category, branch_id, branch_path, status, published_at, chapter_count, char_count, search_vector, created_by)
       VALUES (md5('bench-long-' || $1::integer) || md5('bench-long-2-' || $1::integer), '论语长篇 ' || $1::integer, '孔子弟子', 'classics', $2, $3, 'published', now(), $4, $5, ''::tsvector, $6)
       RETURNING id`,
      [b, city.id, city.path, chapters.length, chapters.reduce((sum, c) => sum + c.plainText.length, 0), librarian.id],
    )
    await db.query(
      `INSERT INTO library_chapter (book_id, ord, title, html, blocks, plain_text, char_count, search_vector)
       SELECT $1, t.ord, t.title, '', t.blocks::jsonb, t.plain_text, length(t.plain_text), ''::tsvector
         FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[]) AS t(ord, title, blocks, plain_text)`,
      [book.id, chapters.map((_, ord) => ord), chapters.map((_, ord) => `第${ord + 1}章`), chapters.map((c) => JSON.stringify(c.blocks)), chapters.map((c) => c.plainText)],
    )
    // The member's 30 highlights in every chapter, spread through it.
    await db.query(
      `INSERT INTO library_annotation (member_id, book_id, chapter_ord, kind, start_offset, end_offset, quote, note, request_id)
       SELECT $1, c.book_id, c.ord, 'highlight', a * 600, a * 600 + 20, substr(c.plain_text, a * 600 + 1, 20), '笔记 ' || a, 'bench-' || c.book_id || '-' || c.ord || '-' || a
         FROM library_chapter c, generate_series(0, $3::integer - 1) AS a
        WHERE c.book_id = $2::integer`,
      [member.member_id, book.id, options.annotations],
    )
    for (let ord = 0; ord < chapters.length; ord += 1) long.push({ bookId: book.id, ord })
  }
  await db.query('ANALYZE library_book')
  await db.query('ANALYZE library_chapter')
  await db.query('ANALYZE library_annotation')
  const generation_s = round((performance.now() - started) / 1000, 1)
  const [counts] = await db.query<{ books: number }>('SELECT count(*)::int AS books FROM library_book')
  log(`图书 ${counts.books} 本，生成 ${generation_s} s`)

  const open = async (target: { bookId: number; ord: number }) => {
    const { data, ms } = await timedAction(deps, token, 'library', 'openChapter', { bookId: target.bookId, chapterOrd: target.ord })
    if (data.annotations.length !== options.annotations) throw new Error('library.openChapter 没有带回会员的划线')
    return ms
  }
  const pick = seededRandom(7)
  const targets = (n: number) => Array.from({ length: n }, () => long[Math.floor(pick() * long.length)])
  for (const target of targets(options.warmup)) await open(target)
  const samples: number[] = []
  for (const target of targets(options.calls)) samples.push(await open(target))
  const openChapter = summarize(samples)
  log(`library.openChapter：${JSON.stringify(openChapter)}`)
  return {
    books: counts.books,
    long_chapters: long.length,
    chapter_chars: options.chapterChars,
    annotations_per_chapter: options.annotations,
    generation_s,
    open_chapter: openChapter,
  }
}
