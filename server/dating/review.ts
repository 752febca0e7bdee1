import type { DatingReviewDetail, ReviewOutputs, RevisionContent, RevisionDecision } from '../../src/shared/api/dating-review'
import { educationRank } from '../../src/shared/dating/names'
import type { ContentCheck, Education, Marital, RevisionStatus } from '../../src/shared/dating/names'
import { revisionFields } from '../../src/shared/dating/review-names'
import type { RevisionField } from '../../src/shared/dating/review-names'
import { routes } from '../../src/routes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { releaseFiles } from '../files/attach'
import { notify, sentence } from '../notify'
import { audit, iso, isoOrNull } from '../sql'
import { photosExpireAt, signPhotos } from './photos'
import { basicsColumns, matchmakerPaths, memberInScopeSql, refuseSelf, toBasics } from './staff'
import type { BasicsRow } from './staff'
import { z } from 'zod'

/**
 * 资料审核 (issue 13 §3): every submitted profile (the first, and each change to photos or text)
 * waits in dating_revision for a matchmaker over the member's branch, who approves it (it becomes
 * what others see) or rejects it with a reason. Out of scope reads as NOT_FOUND: a matchmaker of
 * another county does not learn that a member exists.
 */

interface RevisionRow extends BasicsRow {
  id: number
  member_id: number
  user_id: number
  content: RevisionContent
  photo_file_ids: number[]
  status: RevisionStatus
  word_hits: string[]
  content_check: ContentCheck
  submitted_at: Date
  reviewed_at: Date | null
  reject_reason: string | null
  approved_at: Date | null
  approved_content: RevisionContent | null
  approved_photo_ids: number[]
}

/** The approved profile's reviewed fields, in a revision's shape (NULL before the first approval). */
const approvedContentSql = `CASE WHEN p.approved_at IS NOT NULL THEN json_build_object(
  'nickname', p.nickname, 'heightCm', p.height_cm, 'education', p.education, 'occupation', p.occupation,
  'hometown', p.hometown, 'marital', p.marital, 'intro', p.intro, 'interests', to_json(p.interests)) END`

const revisionSelect = `SELECT r.id, r.member_id, p.user_id, r.content, r.photo_file_ids, r.status, r.word_hits, r.content_check,
       r.submitted_at, r.reviewed_at, r.reject_reason, p.approved_at, ${approvedContentSql} AS approved_content,
       p.photo_file_ids AS approved_photo_ids, ${basicsColumns}
  FROM dating_revision r
  JOIN dating_profile p ON p.member_id = r.member_id
  JOIN member m ON m.id = r.member_id
  JOIN branch mb ON mb.id = m.branch_id
  JOIN branch cb ON cb.id = p.county_branch_id`

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** What the revision changes against the approved version; everything for a first submission. */
export function changedFields(content: RevisionContent, photoIds: number[], approved: RevisionContent | null, approvedPhotoIds: number[]): RevisionField[] {
  if (!approved) return [...revisionFields]
  return revisionFields.filter((field) =>
    field === 'photos' ? !sameValue(photoIds, approvedPhotoIds) : !sameValue(content[field], approved[field]),
  )
}

/** Revision ids are given in submission order, so the id alone is the queue's order and its cursor. */
const queueCursor = z.object({ id: cursorId }).strict()

export async function reviewQueue(deps: Deps, caller: Caller, input: { cursor?: string | null; limit: number }): Promise<ReviewOutputs['reviewQueue']> {
  const after = decodeCursor(input.cursor, queueCursor)
  const rows = await deps.db.query<RevisionRow>(
    `${revisionSelect}
      WHERE r.status = 'pending' AND ${memberInScopeSql('$1')} AND r.id > $2
      ORDER BY r.id
      LIMIT $3`,
    [matchmakerPaths(caller), after?.id ?? 0, input.limit + 1],
  )
  const avatars = await signPhotos(deps, rows.map((row) => row.photo_file_ids[0]))
  const now = new Date()
  const page = pageOf(
    rows,
    input.limit,
    (row) => ({
      revisionId: row.id,
      member: toBasics(row, now, row.content.nickname),
      submittedAt: iso(row.submitted_at),
      firstSubmission: row.approved_at === null,
      changed: changedFields(row.content, row.photo_file_ids, row.approved_content, row.approved_photo_ids),
      wordHits: row.word_hits,
      contentCheck: row.content_check,
      avatar: avatars.get(row.photo_file_ids[0]) ?? null,
    }),
    (row) => ({ id: row.id }),
  )
  return { ...page, photosExpireAt: photosExpireAt() }
}

/** The revision, in the caller's scope, or NOT_FOUND. `lock` holds it for a decision. */
async function findRevision(db: Queryable, caller: Caller, revisionId: number, lock: boolean): Promise<RevisionRow> {
  const [row] = await db.query<RevisionRow>(
    `${revisionSelect} WHERE r.id = $1 AND ${memberInScopeSql('$2')}${lock ? ' FOR UPDATE OF r, p' : ''}`,
    [revisionId, matchmakerPaths(caller)],
  )
  if (!row) throw new AppError('NOT_FOUND', '这份待审核的资料不存在或不在您负责的范围内')
  return row
}

export async function reviewDetail(deps: Deps, caller: Caller, revisionId: number): Promise<DatingReviewDetail> {
  const row = await findRevision(deps.db, caller, revisionId, false)
  const history = await deps.db.query<{ id: number; status: RevisionStatus; submitted_at: Date; reject_reason: string | null }>(
    `SELECT id, status, submitted_at, reject_reason FROM dating_revision
      WHERE member_id = $1 AND id <> $2 AND status IN ('approved', 'rejected')
      ORDER BY id DESC LIMIT 5`,
    [row.member_id, row.id],
  )
  const signed = await signPhotos(deps, [...row.photo_file_ids, ...row.approved_photo_ids])
  const views = (ids: number[]) => ids.flatMap((id) => signed.get(id) ?? [])
  await audit(deps.db, { actor: caller.userId, action: 'dating.review_read', targetType: 'dating_profile', targetIds: [row.member_id], detail: { revisionId: row.id } })
  return {
    revisionId: row.id,
    status: row.status,
    member: toBasics(row, new Date(), row.content.nickname),
    submittedAt: iso(row.submitted_at),
    content: row.content,
    photos: views(row.photo_file_ids),
    approved: row.approved_content && row.approved_at
      ? { content: row.approved_content, photos: views(row.approved_photo_ids), approvedAt: iso(row.approved_at) }
      : null,
    changed: changedFields(row.content, row.photo_file_ids, row.approved_content, row.approved_photo_ids),
    wordHits: row.word_hits,
    contentCheck: row.content_check,
    reviewedAt: isoOrNull(row.reviewed_at),
    rejectReason: row.reject_reason,
    history: history.map((h) => ({ revisionId: h.id, status: h.status, submittedAt: iso(h.submitted_at), rejectReason: h.reject_reason })),
    canDecide: row.status === 'pending' && caller.member?.id !== row.member_id,
    photosExpireAt: photosExpireAt(),
  }
}

/**
 * Locks the revision for a decision. A decided one answers a retry of the same decision as the
 * first call did (true), and refuses another decision with DATING_REVISION_DECIDED.
 */
async function lockForDecision(tx: Queryable, caller: Caller, revisionId: number, decision: 'approved' | 'rejected'): Promise<{ row: RevisionRow; decided: boolean }> {
  const row = await findRevision(tx, caller, revisionId, true)
  refuseSelf(caller, row.member_id)
  if (row.status === 'pending') return { row, decided: false }
  if (row.status === decision) return { row, decided: true }
  throw new AppError('DATING_REVISION_DECIDED')
}

export async function approveRevision({ db }: Deps, caller: Caller, revisionId: number): Promise<RevisionDecision> {
  return db.transaction(async (tx) => {
    const { row, decided } = await lockForDecision(tx, caller, revisionId, 'approved')
    if (decided) return { revisionId, status: 'approved' }
    const c = row.content
    await tx.query(
      `UPDATE dating_profile
          SET nickname = $2, height_cm = $3, education = $4, education_rank = $5, occupation = $6, hometown = $7,
              marital = $8, intro = $9, interests = $10::text[], photo_file_ids = $11::int[],
              approved_at = now(), updated_at = now()
        WHERE member_id = $1`,
      [row.member_id, c.nickname, c.heightCm, c.education, educationRank(c.education as Education), c.occupation, c.hometown,
        c.marital as Marital, c.intro, c.interests, row.photo_file_ids],
    )
    await tx.query(`UPDATE dating_revision SET status = 'approved', reviewed_by = $2, reviewed_at = now() WHERE id = $1`, [row.id, caller.userId])
    // The member has one pending revision at most, and it is this one: photos outside the approved set are unused now.
    await releaseFiles(tx, `dating_profile:${row.member_id}`, { purpose: 'dating_photo', keep: row.photo_file_ids })
    await notify(tx, {
      userId: row.user_id,
      kind: 'dating_profile_approved',
      source: `dating_revision:${row.id}`,
      title: '鹊桥会：资料审核通过',
      body: row.approved_at ? '你修改的鹊桥会资料已通过红娘审核，其他会员现在看到的是新资料。' : '你的鹊桥会资料已通过红娘审核，现在可以去看看推荐的会员了。',
      link: routes.datingHome,
    })
    return { revisionId, status: 'approved' }
  })
}

export async function rejectRevision({ db }: Deps, caller: Caller, input: { revisionId: number; reason: string }): Promise<RevisionDecision> {
  return db.transaction(async (tx) => {
    const { row, decided } = await lockForDecision(tx, caller, input.revisionId, 'rejected')
    if (decided) return { revisionId: row.id, status: 'rejected' }
    await tx.query(
      `UPDATE dating_revision SET status = 'rejected', reviewed_by = $2, reviewed_at = now(), reject_reason = $3 WHERE id = $1`,
      [row.id, caller.userId, input.reason],
    )
    await notify(tx, {
      userId: row.user_id,
      kind: 'dating_profile_rejected',
      source: `dating_revision:${row.id}`,
      title: '鹊桥会：资料审核未通过',
      body: `你提交的鹊桥会资料未通过红娘审核：${sentence(input.reason)}修改后可以重新提交。`,
      link: routes.datingHome,
      payload: { reason: input.reason.slice(0, 20) },
    })
    return { revisionId: row.id, status: 'rejected' }
  })
}

export async function matchmakerSummary({ db }: Deps, caller: Caller): Promise<ReviewOutputs['matchmakerSummary']> {
  const [row] = await db.query<{ revisions: number; reports: number }>(
    `SELECT (SELECT count(*)::int FROM dating_revision r JOIN member m ON m.id = r.member_id JOIN branch mb ON mb.id = m.branch_id
              WHERE r.status = 'pending' AND ${memberInScopeSql('$1')}) AS revisions,
            (SELECT count(*)::int FROM dating_report d JOIN member m ON m.id = d.target_id JOIN branch mb ON mb.id = m.branch_id
              WHERE d.status = 'open' AND ${memberInScopeSql('$1')}) AS reports`,
    [matchmakerPaths(caller)],
  )
  return { pendingRevisions: row.revisions, openReports: row.reports }
}
