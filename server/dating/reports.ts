import { z } from 'zod'
import type { DatingReportDetail, ReportQueueStatus, ReviewOutputs } from '../../src/shared/api/dating-review'
import { datingLimits } from '../../src/shared/dating/names'
import type { ReportReason, ReportStatus } from '../../src/shared/dating/names'
import { reportActionNames } from '../../src/shared/dating/review-names'
import type { ReportAction } from '../../src/shared/dating/review-names'
import { routes } from '../../src/routes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { notify, sentence } from '../notify'
import { dayStart, shanghaiDay } from '../points/calendar'
import { audit, iso, isoOrNull } from '../sql'
import { requireDater } from './dater'
import { endMatch } from './matches'
import { photosExpireAt, signPhotos } from './photos'
import { canSee } from './visibility'
import { basicsColumns, matchmakerPaths, memberInScopeSql, refuseSelf, toBasicsOrNull } from './staff'
import type { BasicsRow } from './staff'

/**
 * 举报 (issue 13 §6): a member reports someone they can see, were matched with, or blocked; the
 * report waits for the matchmakers over the reported member's branch, who dismiss it, warn,
 * suspend for 1–90 days, or close the profile for good. Reports stay after a profile is deleted:
 * they may be evidence.
 */

const actionStatus: Record<ReportAction, Exclude<ReportStatus, 'open'>> = {
  dismiss: 'dismissed',
  warn: 'warned',
  suspend: 'suspended',
  close: 'closed',
}

export async function report(
  db: Db,
  caller: Caller,
  input: { targetId: number; reason: ReportReason; detail: string; matchId?: number; requestId: string },
): Promise<{ reportId: number }> {
  // A paused or suspended member may still report whoever harassed them; only a closed profile may not.
  const me = await requireDater(db, caller, 'joined')
  if (input.targetId === me.memberId) throw new AppError('DATING_SELF_REPORT')
  return db.transaction(async (tx) => {
    // Serialises one member's reports, so the daily count and a retried requestId hold under concurrency.
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`dating-report:${me.memberId}`])
    const [earlier] = await tx.query<{ id: number }>('SELECT id FROM dating_report WHERE reporter_id = $1 AND request_id = $2', [me.memberId, input.requestId])
    if (earlier) return { reportId: earlier.id }
    const [related] = await tx.query<{ matched: boolean; blocked: boolean; match_ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM dating_match WHERE member_lo = LEAST($1::int, $2::int) AND member_hi = GREATEST($1::int, $2::int)) AS matched,
              EXISTS (SELECT 1 FROM dating_block WHERE member_id = $1 AND target_id = $2) AS blocked,
              $3::int IS NULL OR EXISTS (SELECT 1 FROM dating_match WHERE id = $3 AND member_lo = LEAST($1::int, $2::int) AND member_hi = GREATEST($1::int, $2::int)) AS match_ok`,
      [me.memberId, input.targetId, input.matchId ?? null],
    )
    if (!related.matched && !related.blocked && !(await canSee(tx, me.memberId, input.targetId))) throw new AppError('DATING_PROFILE_UNAVAILABLE')
    if (!related.match_ok) throw new AppError('NOT_FOUND', '所选的匹配不存在')
    const [today] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM dating_report WHERE reporter_id = $1 AND created_at >= $2', [
      me.memberId,
      dayStart(shanghaiDay(new Date())),
    ])
    if (today.n >= datingLimits.reportsPerDay) {
      throw new AppError('DATING_RATE_LIMITED', `每天最多举报 ${datingLimits.reportsPerDay} 次，今天的次数已用完，请明天再试`)
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO dating_report (reporter_id, target_id, reason, detail, match_id, request_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [me.memberId, input.targetId, input.reason, input.detail, input.matchId ?? null, input.requestId],
    )
    return { reportId: row.id }
  })
}

type NullableBasics = { [K in keyof BasicsRow]: BasicsRow[K] | null }

interface ReportRow extends NullableBasics {
  id: number
  reporter_id: number
  target_id: number
  reason: ReportReason
  detail: string
  match_id: number | null
  status: ReportStatus
  created_at: Date
  handled_at: Date | null
  handling_note: string | null
  target_reports: number
}

/** Reports are the target member's matchmakers' (the target's profile may be gone: LEFT JOIN). */
const reportSelect = `SELECT d.id, d.reporter_id, d.target_id, d.reason, d.detail, d.match_id, d.status, d.created_at, d.handled_at,
       d.handling_note, (SELECT count(*)::int FROM dating_report o WHERE o.target_id = d.target_id) AS target_reports, ${basicsColumns}
  FROM dating_report d
  JOIN member m ON m.id = d.target_id
  JOIN branch mb ON mb.id = m.branch_id
  LEFT JOIN dating_profile p ON p.member_id = d.target_id
  LEFT JOIN branch cb ON cb.id = p.county_branch_id`

/** Open reports in filing order (the id); handled ones newest decision first, at the milliseconds a cursor carries. */
const reportCursor = z.object({ at: cursorTime.nullable(), id: cursorId }).strict()

export async function reportQueue(db: Queryable, caller: Caller, input: { status: ReportQueueStatus; cursor?: string | null; limit: number }): Promise<ReviewOutputs['reportQueue']> {
  const after = decodeCursor(input.cursor, reportCursor)
  const open = input.status === 'open'
  const handledAt = "date_trunc('milliseconds', d.handled_at)"
  const rows = await db.query<ReportRow & { sort_at: Date | null }>(
    `SELECT * FROM (${reportSelect.replace('SELECT d.id,', `SELECT ${handledAt} AS sort_at, d.id,`)}
      WHERE ${memberInScopeSql('$1')} AND ${open ? "d.status = 'open'" : "d.status <> 'open'"}) q
      WHERE ${open ? '($2::int IS NULL OR q.id > $2)' : '($3::timestamptz IS NULL OR (q.sort_at, q.id) < ($3::timestamptz, $2::int))'}
      ORDER BY ${open ? 'q.id' : 'q.sort_at DESC, q.id DESC'}
      LIMIT ${input.limit + 1}`,
    open ? [matchmakerPaths(caller), after?.id ?? null] : [matchmakerPaths(caller), after?.id ?? null, after?.at ?? null],
  )
  const now = new Date()
  return pageOf(
    rows,
    input.limit,
    (row) => ({
      reportId: row.id,
      reason: row.reason,
      detail: row.detail,
      status: row.status,
      createdAt: iso(row.created_at),
      targetId: row.target_id,
      target: toBasicsOrNull(row, now),
      targetReports: row.target_reports,
      withMatch: row.match_id !== null,
    }),
    (row) => ({ at: row.sort_at ? iso(row.sort_at) : null, id: row.id }),
  )
}

async function findReport(db: Queryable, caller: Caller, reportId: number, lock: boolean): Promise<ReportRow> {
  const [row] = await db.query<ReportRow>(`${reportSelect} WHERE d.id = $1 AND ${memberInScopeSql('$2')}${lock ? ' FOR UPDATE OF d' : ''}`, [
    reportId,
    matchmakerPaths(caller),
  ])
  if (!row) throw new AppError('NOT_FOUND', '这条举报不存在或不在您负责的范围内')
  return row
}

/** Evidence enough to judge a chat, not a whole history. */
const evidenceMessages = 50

export async function reportDetail(deps: Deps, caller: Caller, reportId: number): Promise<DatingReportDetail> {
  const { db } = deps
  const row = await findReport(db, caller, reportId, false)
  const [extra] = await db.query<{ intro: string | null; photo_file_ids: number[] | null; suspended_until: Date | null; reporter_nickname: string | null }>(
    `SELECT p.intro, p.photo_file_ids, p.suspended_until, (SELECT nickname FROM dating_profile WHERE member_id = $2) AS reporter_nickname
       FROM (SELECT 1) one LEFT JOIN dating_profile p ON p.member_id = $1`,
    [row.target_id, row.reporter_id],
  )
  const earlier = await db.query<{ id: number; reason: ReportReason; status: ReportStatus; created_at: Date; handling_note: string | null }>(
    `SELECT id, reason, status, created_at, handling_note FROM dating_report WHERE target_id = $1 AND id <> $2 ORDER BY created_at DESC, id DESC LIMIT 20`,
    [row.target_id, row.id],
  )
  const messages = row.match_id === null
    ? null
    : (await db.query<{ id: number; sender_id: number; kind: 'text' | 'image'; body: string | null; file_id: number | null; created_at: Date }>(
        `SELECT id, sender_id, kind, body, file_id, created_at FROM dating_message WHERE match_id = $1 ORDER BY id DESC LIMIT ${evidenceMessages}`,
        [row.match_id],
      )).reverse()
  const signed = await signPhotos(deps, [...(extra.photo_file_ids ?? []), ...(messages ?? []).flatMap((m) => (m.file_id === null ? [] : [m.file_id]))])
  await audit(db, {
    actor: caller.userId,
    action: 'dating.report_read',
    targetType: 'dating_profile',
    targetIds: [row.target_id],
    detail: { reportId: row.id, matchId: row.match_id },
  })
  const basics = toBasicsOrNull(row, new Date())
  return {
    reportId: row.id,
    reason: row.reason,
    detail: row.detail,
    status: row.status,
    createdAt: iso(row.created_at),
    handledAt: isoOrNull(row.handled_at),
    handlingNote: row.handling_note,
    targetId: row.target_id,
    target: basics && {
      ...basics,
      suspendedUntil: isoOrNull(extra.suspended_until),
      intro: extra.intro,
      photos: (extra.photo_file_ids ?? []).flatMap((id) => signed.get(id) ?? []),
    },
    reporter: { memberId: row.reporter_id, nickname: extra.reporter_nickname },
    earlier: earlier.map((e) => ({ reportId: e.id, reason: e.reason, status: e.status, createdAt: iso(e.created_at), handlingNote: e.handling_note })),
    messages: messages?.map((m) => ({
      id: Number(m.id),
      fromTarget: m.sender_id === row.target_id,
      kind: m.kind,
      text: m.body,
      image: m.file_id === null ? null : (signed.get(m.file_id) ?? null),
      createdAt: iso(m.created_at),
    })) ?? null,
    canHandle: row.status === 'open' && caller.member?.id !== row.target_id && caller.member?.id !== row.reporter_id,
    photosExpireAt: photosExpireAt(),
  }
}

/**
 * Closes a profile for good: hidden from everyone, every live match (and its chat) ended.
 * Hook point for the event part's leaveAllEvents(tx, memberId), which the lead wires in at merge.
 */
export async function closeProfile(tx: Queryable, memberId: number, reason: string): Promise<void> {
  await tx.query(`UPDATE dating_profile SET state = 'closed', suspended_until = NULL, state_reason = $2, updated_at = now() WHERE member_id = $1`, [memberId, reason])
  const live = await tx.query<{ member_lo: number; member_hi: number }>(
    'SELECT member_lo, member_hi FROM dating_match WHERE (member_lo = $1 OR member_hi = $1) AND ended_at IS NULL',
    [memberId],
  )
  for (const match of live) await endMatch(tx, match.member_lo, match.member_hi, memberId, 'closed')
}

export async function handleReport(
  db: Db,
  caller: Caller,
  input: { reportId: number; action: ReportAction; days?: number; note: string },
): Promise<ReviewOutputs['handleReport']> {
  const status = actionStatus[input.action]
  return db.transaction(async (tx) => {
    const row = await findReport(tx, caller, input.reportId, true)
    refuseSelf(caller, row.target_id, row.reporter_id)
    if (row.status !== 'open') {
      if (row.status === status) return { reportId: row.id, status }
      throw new AppError('DATING_REPORT_HANDLED')
    }
    await tx.query(`UPDATE dating_report SET status = $2, handled_by = $3, handled_at = now(), handling_note = $4 WHERE id = $1`, [
      row.id,
      status,
      caller.userId,
      input.note,
    ])
    if (input.action === 'dismiss') return { reportId: row.id, status }
    // A deleted profile has nobody left to warn, suspend or close; the report keeps the decision.
    const [target] = await tx.query<{ user_id: number; state: string }>('SELECT user_id, state FROM dating_profile WHERE member_id = $1 FOR UPDATE', [row.target_id])
    if (!target || target.state === 'closed') return { reportId: row.id, status }
    let body: string
    if (input.action === 'suspend') {
      await tx.query(
        `UPDATE dating_profile SET state = 'suspended', suspended_until = now() + make_interval(days => $2::int), state_reason = $3, updated_at = now()
          WHERE member_id = $1`,
        [row.target_id, input.days, input.note],
      )
      body = `你的鹊桥会资料因被举报已暂停使用 ${input.days} 天：${sentence(input.note)}期满后自动恢复。`
    } else if (input.action === 'close') {
      await closeProfile(tx, row.target_id, input.note)
      body = `你的鹊桥会资料因被举报已被红娘关闭：${sentence(input.note)}如有疑问请联系所在工会。`
    } else {
      body = `红娘收到了关于你的举报并提醒你：${sentence(input.note)}请文明交友，再次违规将被暂停使用。`
    }
    await notify(tx, {
      userId: target.user_id,
      kind: 'dating_safety_action',
      source: `dating_report:${row.id}`,
      title: `鹊桥会：${reportActionNames[input.action]}`,
      body,
      link: routes.datingHome,
      payload: { action: reportActionNames[input.action], reason: input.note.slice(0, 20) },
    })
    return { reportId: row.id, status }
  })
}
