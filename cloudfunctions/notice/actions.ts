import { z } from 'zod'
import type { BranchRef, FeedItem, ManagedNotice, NoticeState } from '../../src/shared/api'
import type { FunctionActions } from '../../server/action'
import type { Caller } from '../../server/caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../../server/cursor'
import type { Queryable } from '../../server/db'
import { AppError } from '../../server/errors'
import { attachFiles, recordFiles, releaseFiles, replaceFiles } from '../../server/files/attach'
import { noticeSource } from '../../server/notice-fanout'
import { hasVisibleContent, sanitizeRichText } from '../../server/rich-text'
import { chainOf, covers, inSubtreesSql, pathCovers, requireBranchInScope, scopePaths } from '../../server/scope'
import { branchRefSql, iso, isoOrNull } from '../../server/sql'

const feedCursor = z.object({ p: z.boolean(), t: cursorTime, i: cursorId }).strict()
const manageCursor = z.object({ i: cursorId }).strict()

const stateSql = `CASE
  WHEN n.status = 'draft' THEN 'draft'
  WHEN n.status = 'withdrawn' THEN 'withdrawn'
  WHEN n.publish_at > $now THEN 'scheduled'
  WHEN n.expire_at <= $now THEN 'expired'
  ELSE 'published' END`

/** Where a member may see a notice: live, and aimed at a branch on the member's chain. */
const liveSql = `n.status = 'published' AND n.publish_at <= $now AND (n.expire_at IS NULL OR n.expire_at > $now)`

function withNow(sql: string, index: number): string {
  return sql.replaceAll('$now', `$${index}::timestamptz`)
}

/**
 * One backward walk of notice_feed_idx per branch of the chain (at most four), each stopping
 * after limit + 1 rows, then a merge: cost does not grow with the number of notices. Each arm
 * gets its own branch parameter rather than a LATERAL over an array, so the planner sees the
 * actual branch and knows the city's thousands of notices from an enterprise's dozen.
 * Parameters: $1 user, $2 now, $3 limit + 1, then the cursor ($4 pinned, $5 time, $6 id)
 * when there is one, then the chain's branch ids.
 */
export function feedSql(chainLength: number, withCursor: boolean): string {
  const firstBranchParam = withCursor ? 7 : 4
  const cursorCond = withCursor ? 'AND (n.pinned, n.publish_at, n.id) < ($4::boolean, $5::timestamptz, $6::int)' : ''
  const arms = Array.from(
    { length: chainLength },
    (_, i) => `(SELECT n.id, n.title, n.summary, n.cover_url, n.cover_thumb_url, n.pinned, n.publish_at, n.publisher_branch_id
        FROM notice n
       WHERE n.target_branch_id = $${firstBranchParam + i}::int AND ${withNow(liveSql, 2)} ${cursorCond}
       ORDER BY n.pinned DESC, n.publish_at DESC, n.id DESC
       LIMIT $3)`,
  )
  return `SELECT f.id, f.title, f.summary, f.cover_url, f.cover_thumb_url, f.pinned, f.publish_at, p.name AS publisher,
                 EXISTS (SELECT 1 FROM notice_read r WHERE r.user_id = $1 AND r.notice_id = f.id) AS read
            FROM (${arms.join(' UNION ALL ')}) f
            JOIN branch p ON p.id = f.publisher_branch_id
           ORDER BY f.pinned DESC, f.publish_at DESC, f.id DESC
           LIMIT $3`
}

/** The feed's parameters in the order feedSql expects them. */
export function feedParams(chain: number[], userId: number, now: Date, limit: number, after: { p: boolean; t: string; i: number } | null): unknown[] {
  return [userId, now, limit + 1, ...(after ? [after.p, after.t, after.i] : []), ...chain]
}

interface FeedRow {
  id: number
  title: string
  summary: string
  cover_url: string | null
  cover_thumb_url: string | null
  pinned: boolean
  publish_at: Date
  publisher: string
  read: boolean
}

interface ManagedRow {
  id: number
  title: string
  summary: string
  body_html: string
  cover_url: string | null
  cover_thumb_url: string | null
  cover_file_id: number | null
  state: NoticeState
  pinned: boolean
  target: BranchRef
  publisher: BranchRef
  publisher_path: string
  publish_at: Date | null
  expire_at: Date | null
  read_count: number
  updated_at: Date
}

const managedSelect = `SELECT n.id, n.title, n.summary, n.body_html, n.cover_url, n.cover_thumb_url, n.cover_file_id, ${withNow(stateSql, 1)} AS state, n.pinned,
    ${branchRefSql('t')} AS target, ${branchRefSql('p')} AS publisher, p.path AS publisher_path,
    n.publish_at, n.expire_at, n.read_count, n.updated_at
  FROM notice n JOIN branch t ON t.id = n.target_branch_id JOIN branch p ON p.id = n.publisher_branch_id`

const toManaged = (r: ManagedRow): ManagedNotice => ({
  id: r.id,
  title: r.title,
  summary: r.summary,
  bodyHtml: r.body_html,
  coverUrl: r.cover_url,
  coverThumbUrl: r.cover_thumb_url,
  coverFileId: r.cover_file_id,
  state: r.state,
  pinned: r.pinned,
  target: r.target,
  publisher: r.publisher,
  publishAt: isoOrNull(r.publish_at),
  expireAt: isoOrNull(r.expire_at),
  readCount: r.read_count,
  updatedAt: iso(r.updated_at),
})

async function loadManaged(db: Queryable, id: number, lock = false): Promise<ManagedRow | null> {
  const [row] = await db.query<ManagedRow>(`${managedSelect} WHERE n.id = $2 ${lock ? 'FOR UPDATE OF n' : ''}`, [new Date(), id])
  return row ?? null
}

/** Loads a notice the caller may manage: an admin at or above its publishing branch. */
async function requireManaged(db: Queryable, caller: Caller, id: number, lock = false): Promise<ManagedRow> {
  const row = await loadManaged(db, id, lock)
  // Another union's notice, draft or not, reads as not there: ids cannot be probed.
  if (!row || !covers(caller, 'admin', row.publisher_path)) throw new AppError('NOT_FOUND', '通知不存在')
  return row
}

/**
 * A publish resent after it went through: the notice is live with the times asked for (a
 * start that is now or past matches any start: it was clamped to the moment of publishing). Anything else on a live notice is a real conflict.
 */
function isResentPublish(existing: ManagedRow, publishAt: Date | null, expireAt: Date | null): boolean {
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b ? new Date(b).getTime() : null)
  return (publishAt === null || same(publishAt, existing.publish_at)) && same(expireAt, existing.expire_at)
}

async function draftMadeBy(db: Queryable, authorId: number, requestId: string): Promise<number | null> {
  const [row] = await db.query<{ id: number }>('SELECT id FROM notice WHERE author_id = $1 AND request_id = $2', [authorId, requestId])
  return row?.id ?? null
}

/** title, summary, body, target: as the save writes them; the cover unless the save leaves it as it is. */
function sameContent(row: ManagedRow, fields: unknown[], coverFileId: number | null | undefined): boolean {
  const sameCover = coverFileId === undefined || coverFileId === row.cover_file_id
  return sameCover && [row.title, row.summary, row.body_html, row.target.id].every((value, i) => value === fields[i])
}

/**
 * The cover becomes the uploaded file `fileId` (null: none; undefined: unchanged): the caller's
 * own notice cover, not used elsewhere; the one it replaces is released. Keeping the current
 * file is no change, so another admin editing the draft keeps a cover they did not upload.
 */
async function setCover(tx: Queryable, caller: Caller, id: number, current: number | null, fileId: number | null | undefined): Promise<void> {
  if (fileId === undefined || (fileId !== null && fileId === current)) return
  const [file] = await replaceFiles(tx, caller, fileId === null ? [] : [fileId], { purpose: 'notice_cover', record: `notice:${id}` })
  await tx.query('UPDATE notice SET cover_file_id = $2, cover_url = $3, cover_thumb_url = $4 WHERE id = $1', [
    id,
    file?.id ?? null,
    file?.url ?? null,
    file?.thumbUrl ?? null,
  ])
}

/**
 * The body's images (`sources`, from sanitizeRichText) must each be an image file of this notice:
 * one it already holds, or one of `uploaded`, the caller's new uploads, attached here. Images the
 * body no longer shows are released.
 */
async function setBodyImages(tx: Queryable, caller: Caller, id: number, sources: string[], uploaded: number[]): Promise<void> {
  const target = { purpose: 'notice_image', record: `notice:${id}` } as const
  const held = await recordFiles(tx, target.record, target.purpose)
  const heldIds = new Set(held.map((f) => f.id))
  const attached = await attachFiles(tx, caller, uploaded.filter((fileId) => !heldIds.has(fileId)), target)
  const idByUrl = new Map([...held, ...attached].map((f) => [f.url, f.id]))
  const shown = sources.map((src) => idByUrl.get(src))
  if (shown.some((fileId) => fileId === undefined)) {
    throw new AppError('NOTICE_IMAGE_NOT_UPLOADED', '正文中有图片不是在本通知中上传的，请删除后重新上传')
  }
  await releaseFiles(tx, target.record, { purpose: target.purpose, keep: shown.filter((fileId) => fileId !== undefined) })
}

/**
 * Branches below a notice's target ($1) and members in its subtree, counted by path range: the same
 * rule the feed applies from the member's side. Exported for the bench, which times it city-wide.
 */
export const audienceSql = `SELECT
    (SELECT count(*)::int FROM branch d WHERE ${inSubtreesSql('d.path', 'ARRAY[t.path]')} AND d.id <> t.id) AS branches,
    (SELECT count(*)::int FROM branch d JOIN member m ON m.branch_id = d.id WHERE ${inSubtreesSql('d.path', 'ARRAY[t.path]')}) AS members
  FROM branch t WHERE t.id = $1`

export const noticeActions: FunctionActions<'notice'> = {
  feed: {
    access: 'member',
    async handler(input, ctx) {
      const member = ctx.caller.member
      if (!member) throw new AppError('NOT_MEMBER')
      const after = decodeCursor(input.cursor, feedCursor)
      const chain = chainOf(member.branchPath)
      const rows = await ctx.db.query<FeedRow>(
        feedSql(chain.length, after !== null),
        feedParams(chain, ctx.caller.userId, new Date(), input.limit, after),
        // A cached generic plan would guess ~17 notices per branch and sort the city's thousands.
        { planPerCall: true },
      )
      return pageOf(
        rows,
        input.limit,
        (r): FeedItem => ({
          id: r.id,
          title: r.title,
          summary: r.summary,
          coverUrl: r.cover_url,
          coverThumbUrl: r.cover_thumb_url,
          pinned: r.pinned,
          publishedAt: iso(r.publish_at),
          publisher: r.publisher,
          read: r.read,
        }),
        (r) => ({ p: r.pinned, t: iso(r.publish_at), i: r.id }),
      )
    },
  },

  read: {
    access: 'member',
    async handler(input, ctx) {
      const member = ctx.caller.member
      if (!member) throw new AppError('NOT_MEMBER')
      return ctx.db.transaction(async (tx) => {
        const [row] = await tx.query<{
          id: number
          title: string
          body_html: string
          cover_url: string | null
          publish_at: Date
          publisher: string
          target: BranchRef
        }>(
          `SELECT n.id, n.title, n.body_html, n.cover_url, n.publish_at, p.name AS publisher, ${branchRefSql('t')} AS target
             FROM notice n JOIN branch p ON p.id = n.publisher_branch_id JOIN branch t ON t.id = n.target_branch_id
            WHERE n.id = $1 AND n.target_branch_id = ANY($2::int[]) AND ${withNow(liveSql, 3)}`,
          [input.id, chainOf(member.branchPath), new Date()],
        )
        // Not yours, not live or not there: one answer, so nothing leaks about other branches.
        if (!row) throw new AppError('NOT_FOUND', '通知不存在或已下线')
        // Its message in 消息, if the fan-out has written it, is read too: the badge counts only what is new.
        const firstRead = await tx.query(
          `WITH seen AS (
             UPDATE message SET read_at = now() WHERE user_id = $2 AND kind = 'notice_published' AND source = $3 AND read_at IS NULL
           )
           INSERT INTO notice_read (notice_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING notice_id`,
          [row.id, ctx.caller.userId, noticeSource(row.id)],
        )
        if (firstRead.length) await tx.query('UPDATE notice SET read_count = read_count + 1 WHERE id = $1', [row.id])
        return {
          id: row.id,
          title: row.title,
          bodyHtml: row.body_html,
          coverUrl: row.cover_url,
          publishedAt: iso(row.publish_at),
          publisher: row.publisher,
          target: row.target,
        }
      })
    },
  },

  manageList: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, manageCursor)
      const rows = await ctx.db.query<ManagedRow>(
        `${managedSelect}
          WHERE ${inSubtreesSql('p.path', '$2')}
            AND ($3::text = 'all' OR ${withNow(stateSql, 1)} = $3::text)
            AND ($4::int IS NULL OR n.id < $4)
          ORDER BY n.id DESC LIMIT $5`,
        [new Date(), scopePaths(ctx.caller, 'admin'), input.status, after?.i ?? null, input.limit + 1],
      )
      return pageOf(rows, input.limit, toManaged, (r) => ({ i: r.id }))
    },
  },

  manageGet: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      return toManaged(await requireManaged(ctx.db, ctx.caller, input.id))
    },
  },

  save: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      const body = sanitizeRichText(input.bodyHtml)
      if (!hasVisibleContent(body.html)) throw new AppError('VALIDATION_FAILED', '正文不能为空')
      return ctx.db.transaction(async (tx) => {
        // A new draft resent after a lost answer finds the draft its request id made.
        const editId = input.id ?? (input.requestId ? await draftMadeBy(tx, ctx.caller.userId, input.requestId) : null)
        // The notice first: someone else's reads as not there, whatever the target.
        const existing = editId ? await requireManaged(tx, ctx.caller, editId, true) : null
        const target = await requireBranchInScope(tx, ctx.caller, 'admin', input.targetBranchId)
        const fields = [input.title, input.summary, body.html, target.id]
        let id: number
        if (existing && !input.id && sameContent(existing, fields, input.coverFileId)) {
          id = existing.id
        } else if (existing) {
          if (existing.state !== 'draft' && existing.state !== 'scheduled') throw new AppError('NOTICE_NOT_EDITABLE')
          // The audience stays inside the publishing union's own subtree.
          if (!pathCovers(existing.publisher_path, target.path)) {
            throw new AppError('OUT_OF_SCOPE', `发布范围须在本通知的发布单位「${existing.publisher.name}」之内`)
          }
          await tx.query(
            `UPDATE notice SET title = $2, summary = $3, body_html = $4, target_branch_id = $5, updated_at = now()
              WHERE id = $1`,
            [existing.id, ...fields],
          )
          id = existing.id
          await setCover(tx, ctx.caller, id, existing.cover_file_id, input.coverFileId)
          await setBodyImages(tx, ctx.caller, id, body.images, input.bodyImageFileIds)
        } else {
          // Published in the name of the caller's nearest admin grant above the target.
          const publisher = ctx.caller.grants
            .filter((g) => g.role === 'admin' && pathCovers(g.branchPath, target.path))
            .sort((a, b) => b.branchPath.length - a.branchPath.length)[0]
          const [row] = await tx.query<{ id: number }>(
            `INSERT INTO notice (title, summary, body_html, target_branch_id, publisher_branch_id, author_id, status, request_id)
             VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7)
             ON CONFLICT (author_id, request_id) WHERE request_id IS NOT NULL DO NOTHING RETURNING id`,
            [...fields, publisher.branchId, ctx.caller.userId, input.requestId ?? null],
          )
          // No row: a concurrent resend of the same request made the draft first.
          const made = row?.id ?? (input.requestId ? await draftMadeBy(tx, ctx.caller.userId, input.requestId) : null)
          if (!made) throw new AppError('INTERNAL')
          id = made
          if (row) {
            await setCover(tx, ctx.caller, id, null, input.coverFileId)
            await setBodyImages(tx, ctx.caller, id, body.images, input.bodyImageFileIds)
          }
        }
        const saved = await loadManaged(tx, id)
        if (!saved) throw new AppError('INTERNAL')
        return toManaged(saved)
      })
    },
  },

  publish: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      // JavaScript dates are millisecond-precise, so feed cursors round-trip exactly.
      const now = new Date()
      const publishAt = input.publishAt ? new Date(input.publishAt) : now
      const expireAt = input.expireAt ? new Date(input.expireAt) : null
      // A time a minute or more in the past is a mistake, not "now".
      if (publishAt.getTime() < now.getTime() - 60_000) throw new AppError('INVALID_SCHEDULE', '定时发布时间不能早于当前时间')
      if (expireAt && (expireAt <= publishAt || expireAt <= now)) {
        throw new AppError('INVALID_SCHEDULE', '过期时间必须晚于发布时间')
      }
      return ctx.db.transaction(async (tx) => {
        const existing = await requireManaged(tx, ctx.caller, input.id, true)
        if (existing.state === 'published' && isResentPublish(existing, publishAt > now ? publishAt : null, expireAt)) return toManaged(existing)
        if (existing.state !== 'draft' && existing.state !== 'scheduled') throw new AppError('NOTICE_STATE_CONFLICT', '只有草稿或定时通知可以发布')
        // Queued for the members' message centres: the fan-out job writes them once it is live, never this request.
        await tx.query(
          `WITH published AS (
             UPDATE notice SET status = 'published', publish_at = $2, expire_at = $3, updated_at = now() WHERE id = $1
           )
           INSERT INTO notice_fanout (notice_id) VALUES ($1) ON CONFLICT DO NOTHING`,
          [input.id, publishAt < now ? now : publishAt, expireAt],
        )
        const saved = await loadManaged(tx, input.id)
        if (!saved) throw new AppError('INTERNAL')
        return toManaged(saved)
      })
    },
  },

  setPinned: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const existing = await requireManaged(tx, ctx.caller, input.id, true)
        if (existing.state === 'withdrawn') throw new AppError('NOTICE_STATE_CONFLICT', '已撤回的通知不能置顶')
        const [saved] = await tx.query<{ updated_at: Date }>('UPDATE notice SET pinned = $2, updated_at = now() WHERE id = $1 RETURNING updated_at', [input.id, input.pinned])
        return toManaged({ ...existing, pinned: input.pinned, updated_at: saved.updated_at })
      })
    },
  },

  withdraw: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const existing = await requireManaged(tx, ctx.caller, input.id, true)
        // Withdrawn already (a resend): the end state asked for, not a refusal.
        if (existing.state === 'withdrawn') return toManaged(existing)
        if (existing.state === 'draft') {
          throw new AppError('NOTICE_STATE_CONFLICT', '只有已发布、定时或已过期的通知可以撤回')
        }
        // The fan-out job takes its messages back out of the centres, in batches, as it wrote them.
        const [saved] = await tx.query<{ updated_at: Date }>(
          `WITH reopened AS (UPDATE notice_fanout SET finished_at = NULL WHERE notice_id = $1)
           UPDATE notice SET status = 'withdrawn', pinned = false, updated_at = now() WHERE id = $1 RETURNING updated_at`,
          [input.id],
        )
        return toManaged({ ...existing, state: 'withdrawn', pinned: false, updated_at: saved.updated_at })
      })
    },
  },

  audience: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      const notice = await requireManaged(ctx.db, ctx.caller, input.id)
      const [row] = await ctx.db.query<{ branches: number; members: number }>(audienceSql, [notice.target.id])
      return { target: notice.target, branches: row.branches, members: row.members }
    },
  },
}
