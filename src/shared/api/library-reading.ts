import { z } from 'zod'
import { pageInput } from './common'
import type { Page } from '../errors'
import { bookIdSchema } from './library-common'
import type { BookSummary } from './library-common'

/**
 * 电子书屋, part reading (issue 11 §3): the shelf, recently read books, "continue reading", and
 * reading time counted by the server from heartbeats, with points for minutes read and books finished.
 */

/** How often the reader beats, and after how long without a page turn or scroll nothing more is credited. */
export const readingTimings = { heartbeatSeconds: 30, idleSeconds: 180 } as const

const sessionIdSchema = z.number({ error: '阅读会话编号必须是数字' }).int().positive().max(2_147_483_647)
/** The device's random id (src/utils/device-id.ts): names the session, never trusted for crediting. */
const deviceIdSchema = z.string({ error: '设备编号无效' }).regex(/^[A-Za-z0-9_-]{8,64}$/, '设备编号无效')
/** Milliseconds since 1970 on the device: only checked against the server's clock, never used to credit. */
const clientTimeSchema = z.number({ error: '时间必须是数字' }).int().min(Date.UTC(2020, 0, 1), '设备时间无效').max(Date.UTC(2100, 0, 1), '设备时间无效')

const bookInput = z.object({ bookId: bookIdSchema }).strict()

export const readingSchemas = {
  /** The caller's shelf (书架), latest added first; books taken down stay on it, hidden. */
  shelf: pageInput.strict(),
  addToShelf: bookInput,
  removeFromShelf: bookInput,
  /** Books the caller has a position in, latest read first. */
  recentBooks: pageInput.strict(),
  /** The latest unfinished book in progress, for the home page's 继续阅读 card; null if none. */
  continueReading: z.object({}).strict(),
  /** A reader opened on a device: heartbeats name the session it answers. */
  openSession: z.object({ bookId: bookIdSchema, deviceId: deviceIdSchema }).strict(),
  /**
   * The reader is open and in the foreground. `active`: a page turn or scroll since the last beat.
   * Time is credited by the server's clock only, at most once per minute of wall time across all
   * of the member's devices.
   */
  heartbeat: z
    .object({ sessionId: sessionIdSchema, bookId: bookIdSchema, clientTime: clientTimeSchema, active: z.boolean({ error: '请说明是否在阅读' }) })
    .strict(),
  /** The reader was hidden or closed: credits what the last beat left, then ends the session. */
  closeSession: z.object({ sessionId: sessionIdSchema, bookId: bookIdSchema, active: z.boolean({ error: '请说明是否在阅读' }) }).strict(),
  /** Marks the book read (once) when the position is in its last chapter and enough time was credited on it. */
  finishBook: bookInput,
  /** Today's, this week's (from Monday, Shanghai) and the total credited reading time. */
  readingTime: z.object({}).strict(),
}

/** A book on the shelf or recently read, with where the caller is in it (null: never opened). */
export interface ShelfBook extends BookSummary {
  addedAt: string
  chapterOrd: number | null
  /** Of the whole book, in thousandths. */
  permille: number | null
}

export interface RecentBook extends BookSummary {
  chapterOrd: number
  permille: number
  readAt: string
  finished: boolean
  onShelf: boolean
}

export interface ContinueReading {
  book: BookSummary
  chapterOrd: number
  chapterTitle: string
  charOffset: number
  permille: number
}

export interface ReadingSessionOpened {
  sessionId: number
  heartbeatSeconds: number
  idleSeconds: number
}

export interface HeartbeatResult {
  /** Seconds this beat added (0: already credited by another device, idle, or too soon). */
  creditedSeconds: number
  todaySeconds: number
  /** Points this beat earned (reading time, 1 per 10 minutes, capped per day). */
  points: number
}

export interface FinishResult {
  finishedAt: string
  /** 0 when the book had already been marked read. */
  points: number
}

export interface ReadingTime {
  todayMinutes: number
  weekMinutes: number
  totalMinutes: number
  /** Points earned today for reading time and finished books. */
  todayPoints: number
}

export interface ReadingOutputs {
  shelf: Page<ShelfBook>
  addToShelf: { onShelf: true }
  removeFromShelf: { onShelf: false }
  recentBooks: Page<RecentBook>
  continueReading: ContinueReading | null
  openSession: ReadingSessionOpened
  heartbeat: HeartbeatResult
  closeSession: HeartbeatResult
  finishBook: FinishResult
  readingTime: ReadingTime
}
