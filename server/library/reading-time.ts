import { requireMember } from '../caller'
import type { Caller } from '../caller'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { addDays, dayStart, monthStart, shanghaiDay } from '../points/calendar'
import { award } from '../points/ledger'
import { iso } from '../sql'
import type { ParsedInput } from '../../src/shared/api'
import { readingTimings } from '../../src/shared/api/library-reading'
import type { FinishResult, HeartbeatResult, ReadingSessionOpened, ReadingTime } from '../../src/shared/api/library-reading'
import { readableBook } from './books'

/**
 * Reading time (issue 11 §3), counted by the server's clock from the reader's heartbeats.
 *
 * The member's `library_reading_clock.credited_until` is the end of the last second credited on
 * any of their devices. A beat credits the stretch from max(its session's mark, credited_until) to
 * now, at most `maxCreditSeconds`, and moves credited_until to the end of what it credited. Every
 * credited stretch therefore starts where the previous one (on any device) ended and ends no later
 * than now: the stretches never overlap and never run ahead of the wall clock, so a script beating
 * faster than real time or two devices at once earn at most the real time. All of a member's beats
 * hold the clock row's lock, one at a time.
 */

/** A missed beat or two is still credited; a longer gap (the app suspended) is not. */
export const maxCreditSeconds = 90
/** The device's clock may be this far off the server's; further is a forged time. */
export const clockSkewSeconds = 120
/** 1 point for each whole 10 minutes read in a Shanghai day (the rule caps the day). */
export const secondsPerPoint = 600
export const finishPoints = 10

/** A book whose time may be recorded: readable by the caller and published (a librarian's preview of a draft records nothing). */
async function recordableBook(db: Queryable, caller: Caller, bookId: number) {
  const book = await readableBook(db, caller, bookId)
  if (book.status !== 'published') throw new AppError('NOT_FOUND', '图书不存在或已下架')
  return book
}

export async function openSession(
  db: Db,
  caller: Caller,
  input: ParsedInput<'library', 'openSession'>,
  now = new Date(),
): Promise<ReadingSessionOpened> {
  const member = requireMember(caller)
  await recordableBook(db, caller, input.bookId)
  const sessionId = await db.transaction(async (tx) => {
    // One open reader per device: a reopened page ends what the last one left open.
    await tx.query('UPDATE library_reading_session SET closed_at = $3 WHERE member_id = $1 AND device_id = $2 AND closed_at IS NULL', [member.id, input.deviceId, now])
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO library_reading_session (member_id, book_id, device_id, opened_at, last_beat_at, last_activity_at)
       VALUES ($1, $2, $3, $4, $4, $4) RETURNING id`,
      [member.id, input.bookId, input.deviceId, now],
    )
    return row.id
  })
  return { sessionId, ...readingTimings }
}

interface SessionRow {
  member_id: number
  book_id: number
  last_beat_at: Date
  last_activity_at: Date
  closed_at: Date | null
}

/** Locks the member's reading clock (creating it on first use): every beat of the member waits here. */
async function lockClock(tx: Queryable, memberId: number): Promise<Date | null> {
  const select = 'SELECT credited_until FROM library_reading_clock WHERE member_id = $1 FOR UPDATE'
  let [row] = await tx.query<{ credited_until: Date | null }>(select, [memberId])
  if (!row) {
    // -infinity: nothing credited yet; the session's own mark bounds the first stretch.
    await tx.query(`INSERT INTO library_reading_clock (member_id, credited_until) VALUES ($1, '-infinity') ON CONFLICT (member_id) DO NOTHING`, [memberId])
    ;[row] = await tx.query<{ credited_until: Date | null }>(select, [memberId])
  }
  const at = row.credited_until === null ? null : new Date(row.credited_until)
  return at && Number.isFinite(at.getTime()) ? at : null
}

export interface Credit {
  /** Whole seconds credited. */
  seconds: number
  /** The session's new mark: credited up to here, or skipped past an idle stretch or a long gap. */
  sessionMark: Date
  /** The clock's new credited_until (unchanged when nothing was credited). */
  creditedUntil: Date | null
}

/**
 * The arithmetic of one beat, without the database. Credits from the later of the session's mark
 * and the member's clock to now (or, without a page turn or scroll, to idleSeconds after the last
 * one), whole seconds only: the fraction carries to the next beat, so frequent beats lose nothing
 * and gain nothing.
 */
export function creditFor(p: { now: Date; active: boolean; sessionMark: Date; lastActivity: Date; creditedUntil: Date | null }): Credit {
  const nowMs = p.now.getTime()
  const fromMs = Math.max(p.sessionMark.getTime(), p.creditedUntil?.getTime() ?? -Infinity)
  const endMs = p.active ? nowMs : Math.min(nowMs, p.lastActivity.getTime() + readingTimings.idleSeconds * 1000)
  const gapSeconds = Math.floor((endMs - fromMs) / 1000)
  if (gapSeconds <= 0) {
    // An idle stretch is skipped for good: a later page turn must not credit it.
    return { seconds: 0, sessionMark: new Date(endMs < nowMs ? nowMs : Math.max(fromMs, p.sessionMark.getTime())), creditedUntil: p.creditedUntil }
  }
  const seconds = Math.min(gapSeconds, maxCreditSeconds)
  const creditedUntil = new Date(fromMs + seconds * 1000)
  // What was not credited (a long gap, an idle tail) is skipped by this session; the clock keeps
  // only what was credited, so another device's reading in that stretch still counts.
  const skipped = gapSeconds > maxCreditSeconds || endMs < nowMs
  return { seconds, sessionMark: skipped ? p.now : creditedUntil, creditedUntil }
}

async function creditBeat(
  tx: Queryable,
  caller: Caller,
  input: { sessionId: number; bookId: number; active: boolean },
  now: Date,
  close: boolean,
): Promise<HeartbeatResult> {
  const member = requireMember(caller)
  const creditedUntil = await lockClock(tx, member.id)
  const [session] = await tx.query<SessionRow>(
    'SELECT member_id, book_id, last_beat_at, last_activity_at, closed_at FROM library_reading_session WHERE id = $1 FOR UPDATE',
    [input.sessionId],
  )
  if (!session || session.member_id !== member.id || session.closed_at !== null || session.book_id !== input.bookId) {
    throw new AppError('LIBRARY_SESSION_NOT_OPEN')
  }
  // A book taken down (or out of the member's scope since) earns nothing more.
  await recordableBook(tx, caller, input.bookId)
  const credit = creditFor({
    now,
    active: input.active,
    sessionMark: new Date(session.last_beat_at),
    lastActivity: new Date(session.last_activity_at),
    creditedUntil,
  })
  await tx.query(
    `UPDATE library_reading_session
        SET last_beat_at = GREATEST(last_beat_at, $2), last_activity_at = CASE WHEN $3 THEN GREATEST(last_activity_at, $4) ELSE last_activity_at END,
            closed_at = CASE WHEN $5 THEN $4 ELSE NULL END
      WHERE id = $1`,
    [input.sessionId, credit.sessionMark, input.active, now, close],
  )
  const day = shanghaiDay(now)
  if (credit.seconds === 0) {
    const [today] = await tx.query<{ seconds: number }>(
      'SELECT COALESCE(sum(seconds), 0)::int AS seconds FROM library_reading_log WHERE member_id = $1 AND day = $2',
      [member.id, day],
    )
    return { creditedSeconds: 0, todaySeconds: today.seconds, points: 0 }
  }
  await tx.query('UPDATE library_reading_clock SET credited_until = $2 WHERE member_id = $1', [member.id, credit.creditedUntil])
  const month = shanghaiDay(monthStart(now))
  const nextMonth = shanghaiDay(monthStart(new Date(dayStart(month).getTime() + 32 * 86_400_000)))
  // One statement: the day's log, and the book's month (a reader counted on their first credit of
  // the book that month; `seen` reads the log as it was before this statement).
  const [row] = await tx.query<{ today: number }>(
    `WITH seen AS (
       SELECT EXISTS (SELECT 1 FROM library_reading_log WHERE member_id = $1 AND book_id = $2 AND day >= $5::date AND day < $6::date) AS seen
     ), logged AS (
       INSERT INTO library_reading_log (member_id, day, book_id, seconds) VALUES ($1, $3, $2, $4)
       ON CONFLICT (member_id, day, book_id) DO UPDATE SET seconds = LEAST(86400, library_reading_log.seconds + excluded.seconds)
       RETURNING seconds
     ), monthly AS (
       -- Runs although nothing reads it: PostgreSQL always executes a data-modifying WITH.
       INSERT INTO library_book_month (book_id, month, readers, seconds)
       SELECT $2, $5::date, CASE WHEN seen.seen THEN 0 ELSE 1 END, $4 FROM seen
       ON CONFLICT (month, book_id) DO UPDATE
         SET readers = library_book_month.readers + excluded.readers, seconds = library_book_month.seconds + excluded.seconds
     )
     SELECT (SELECT COALESCE(sum(seconds), 0) FROM library_reading_log WHERE member_id = $1 AND day = $3 AND book_id <> $2)::int
            + (SELECT seconds FROM logged) AS today`,
    [member.id, input.bookId, day, credit.seconds, month, nextMonth],
  )
  const before = row.today - credit.seconds
  let points = 0
  for (let n = Math.floor(before / secondsPerPoint) + 1; n <= Math.floor(row.today / secondsPerPoint); n++) {
    const moved = await award(tx, { memberId: member.id, rule: 'reading', sourceRef: `reading:${day}:${n}`, points: 1, at: now })
    if (!moved.replayed) points += moved.delta
  }
  return { creditedSeconds: credit.seconds, todaySeconds: row.today, points }
}

/** A beat: refused for a forged time (too far from the server's clock) before anything is written. */
export async function heartbeat(
  db: Db,
  caller: Caller,
  input: ParsedInput<'library', 'heartbeat'>,
  now = new Date(),
): Promise<HeartbeatResult> {
  if (Math.abs(input.clientTime - now.getTime()) > clockSkewSeconds * 1000) throw new AppError('LIBRARY_HEARTBEAT_CLOCK')
  return db.transaction((tx) => creditBeat(tx, caller, input, now, false))
}

export async function closeSession(
  db: Db,
  caller: Caller,
  input: ParsedInput<'library', 'closeSession'>,
  now = new Date(),
): Promise<HeartbeatResult> {
  return db.transaction((tx) => creditBeat(tx, caller, input, now, true))
}

/** Minutes a book must have been read before it counts as finished: 1 minute per 2,000 characters, 5 to 60. */
export function minutesToFinish(charCount: number): number {
  return Math.min(60, Math.max(5, Math.ceil(charCount / 2000)))
}

export async function finishBook(
  db: Db,
  caller: Caller,
  input: ParsedInput<'library', 'finishBook'>,
  now = new Date(),
): Promise<FinishResult> {
  const member = requireMember(caller)
  const book = await recordableBook(db, caller, input.bookId)
  return db.transaction(async (tx) => {
    const [state] = await tx.query<{ chapter_ord: number | null; finished_at: Date | null; seconds: number; char_count: number }>(
      `SELECT p.chapter_ord, p.finished_at, b.char_count,
              (SELECT COALESCE(sum(seconds), 0)::int FROM library_reading_log WHERE member_id = $1 AND book_id = $2) AS seconds
         FROM library_book b LEFT JOIN library_progress p ON p.member_id = $1 AND p.book_id = b.id
        WHERE b.id = $2`,
      [member.id, book.id],
    )
    if (state.finished_at !== null) return { finishedAt: iso(state.finished_at), points: 0 }
    if (state.chapter_ord === null || state.chapter_ord < book.chapterCount - 1) {
      throw new AppError('LIBRARY_NOT_FINISHED', '还没有读到最后一章')
    }
    const needed = minutesToFinish(state.char_count)
    if (state.seconds < needed * 60) {
      throw new AppError('LIBRARY_NOT_FINISHED', `这本书至少要读满 ${needed} 分钟，已读 ${Math.floor(state.seconds / 60)} 分钟`)
    }
    const [marked] = await tx.query<{ finished_at: Date }>(
      `UPDATE library_progress SET finished_at = $3 WHERE member_id = $1 AND book_id = $2 AND finished_at IS NULL RETURNING finished_at`,
      [member.id, book.id, now],
    )
    if (!marked) {
      const [again] = await tx.query<{ finished_at: Date }>('SELECT finished_at FROM library_progress WHERE member_id = $1 AND book_id = $2', [member.id, book.id])
      return { finishedAt: iso(again.finished_at), points: 0 }
    }
    const moved = await award(tx, { memberId: member.id, rule: 'book_finished', sourceRef: `book:${book.id}`, points: finishPoints, at: now })
    return { finishedAt: iso(marked.finished_at), points: moved.replayed ? 0 : moved.delta }
  })
}

/** The Monday (Shanghai) of the week `day` is in. */
function weekStartDay(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  return addDays(day, -((weekday + 6) % 7))
}

export async function readingTime(db: Queryable, caller: Caller, now = new Date()): Promise<ReadingTime> {
  const member = requireMember(caller)
  const today = shanghaiDay(now)
  const [row] = await db.query<{ today: number; week: number; total: number; points: number }>(
    `SELECT COALESCE(sum(seconds) FILTER (WHERE day = $2), 0)::int AS today,
            COALESCE(sum(seconds) FILTER (WHERE day >= $3), 0)::int AS week,
            COALESCE(sum(seconds), 0)::int AS total,
            (SELECT COALESCE(sum(delta), 0)::int FROM points_ledger
              WHERE member_id = $1 AND kind = 'earn' AND rule IN ('reading', 'book_finished') AND created_at >= $4 AND created_at < $5) AS points
       FROM library_reading_log WHERE member_id = $1`,
    [member.id, today, weekStartDay(today), dayStart(today), dayStart(addDays(today, 1))],
  )
  return {
    todayMinutes: Math.floor(row.today / 60),
    weekMinutes: Math.floor(row.week / 60),
    totalMinutes: Math.floor(row.total / 60),
    todayPoints: row.points,
  }
}
