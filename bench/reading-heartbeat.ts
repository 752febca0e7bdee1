import { sessionPurpose } from '../server/action'
import type { Deps } from '../server/action'
import { createPostgresDb } from '../server/db/postgres'
import { migrate } from '../server/db/migrate'
import type { Env } from '../server/env'
import { seedDemo } from '../server/seed/demo'
import { signToken } from '../server/tokens'
import { timedAction } from './call-action'
import type { BenchDatabase } from './database'
import { round, summarize } from './stats'
import type { Latency } from './stats'

/**
 * 电子书屋 reading time: heartbeats per second through the action (session check, caller,
 * validation, the member's clock lock, the day's log, the book's month, points when a 10 minutes
 * is crossed), with many members reading at once — `clients` concurrent callers, each beating for
 * its own members in turn, over `books` books (so popular books' monthly rows are shared).
 */

export interface ReadingHeartbeatBench {
  members: number
  books: number
  clients: number
  seconds: number
  heartbeats: number
  heartbeats_per_second: number
  latency: Latency
}

export async function measureReadingHeartbeats(
  bench: BenchDatabase,
  env: Env,
  log: (line: string) => void,
  options = { members: 2_000, books: 50, clients: 16, seconds: 20 },
): Promise<ReadingHeartbeatBench> {
  await migrate(bench.db)
  await seedDemo(bench.db, env)
  const { db } = bench
  log(`生成 ${options.members} 名会员、${options.books} 本书和各自的阅读会话……`)
  const [librarian] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'librarian'`)
  const [city] = await db.query<{ id: number; path: string }>('SELECT id, path FROM branch WHERE level = 1')
  const bookIds = (
    await db.query<{ id: number }>(
      `INSERT INTO library_book (content_sha256, title, author, category, branch_id, branch_path, status, published_at, chapter_count, char_count, search_vector, created_by)
       SELECT md5(random()::text || g) || md5(g::text), '读书月推荐书目 ' || g, '佚名', 'classics', $1, $2, 'published', now(), 1, 2000, ''::tsvector, $3
         FROM generate_series(1, $4) g
       RETURNING id`,
      [city.id, city.path, librarian.id, options.books],
    )
  ).map((r) => r.id)
  await db.query(
    `INSERT INTO library_chapter (book_id, ord, title, html, blocks, plain_text, char_count, search_vector)
     SELECT id, 0, '第一章', '<p>正文</p>', '[]'::jsonb, '正文', 2, ''::tsvector FROM unnest($1::int[]) AS id`,
    [bookIds],
  )
  const readers = await db.query<{ user_id: number; member_id: number }>(
    `WITH users AS (
       INSERT INTO app_user (nickname) SELECT '读者' || g FROM generate_series(1, $1) g RETURNING id
     ), enterprise AS (
       SELECT id FROM branch WHERE name = '嘉兴恒创电子有限公司工会'
     )
     INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     SELECT u.id, 'RB' || lpad(u.id::text, 10, '0'), '读者', '13900000000', md5('reader' || u.id), '1234', e.id FROM users u, enterprise e
     RETURNING user_id, id AS member_id`,
    [options.members],
  )
  // Each member has a reader open on one of the books, opened half a minute ago (what openSession leaves).
  const sessions = await db.query<{ id: number; member_id: number; book_id: number }>(
    `INSERT INTO library_reading_session (member_id, book_id, device_id, opened_at, last_beat_at, last_activity_at)
     SELECT m, ($2::int[])[1 + (m % cardinality($2::int[]))], 'bench-' || m, now() - interval '30 seconds', now() - interval '30 seconds', now()
       FROM unnest($1::int[]) AS m
     RETURNING id, member_id, book_id`,
    [readers.map((r) => r.member_id), bookIds],
  )
  await db.query('ANALYZE')
  const userOf = new Map(readers.map((r) => [r.member_id, r.user_id]))
  const exp = Math.floor(Date.now() / 1000) + 3600
  const beats = sessions.map((s) => ({
    token: signToken(env.appSecret, sessionPurpose, { uid: userOf.get(s.member_id), exp }),
    sessionId: s.id,
    bookId: s.book_id,
  }))

  // A pool of its own: the bench database's is sized for one call at a time.
  const pool = createPostgresDb(bench.url, options.clients)
  const deps: Deps = { db: pool, env }
  try {
    const beat = async (i: number) => {
      const b = beats[i % beats.length]
      const input = { sessionId: b.sessionId, bookId: b.bookId, clientTime: Date.now(), active: true }
      return (await timedAction(deps, b.token, 'library', 'heartbeat', input)).ms
    }
    // Warm-up: every statement prepared on every connection.
    await Promise.all(Array.from({ length: options.clients * 10 }, (_, i) => beat(i)))

    log(`${options.clients} 个并发客户端持续发送心跳 ${options.seconds} 秒……`)
    const samples: number[] = []
    const deadline = performance.now() + options.seconds * 1000
    const started = performance.now()
    // Client c beats for members c, c + clients, …: one member's beats never overlap, as on a phone.
    await Promise.all(
      Array.from({ length: options.clients }, async (_, c) => {
        for (let n = 0; performance.now() < deadline; n++) samples.push(await beat(c + n * options.clients))
      }),
    )
    const elapsed = (performance.now() - started) / 1000
    const latency = summarize(samples)
    const result = {
      members: options.members,
      books: options.books,
      clients: options.clients,
      seconds: round(elapsed, 1),
      heartbeats: samples.length,
      heartbeats_per_second: round(samples.length / elapsed, 0),
      latency,
    }
    log(`library.heartbeat：${result.heartbeats_per_second} 次/秒，${JSON.stringify(latency)}`)
    return result
  } finally {
    await pool.close()
  }
}
