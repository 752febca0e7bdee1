import { feedParams, feedSql } from '../cloudfunctions/notice/actions'
import { chainOf } from '../server/scope'
import { sessionPurpose } from '../server/action'
import type { Deps } from '../server/action'
import type { Queryable } from '../server/db'
import { signToken } from '../server/tokens'
import type { ActionOutput } from '../src/shared/api'
import { timedAction } from './call-action'
import { seededRandom, summarize } from './stats'
import type { Latency } from './stats'

type FeedPage = ActionOutput<'notice', 'feed'>

export const pageSize = 20

export interface SampledMember {
  userId: number
  chain: number[]
  token: string
}

/**
 * Members drawn uniformly, so big enterprises appear as often as their people open the app.
 * Tokens are signed here, before timing: signing is the client's work, verifying the server's.
 */
export async function sampleMembers(db: Queryable, appSecret: string, count: number, seed: number): Promise<SampledMember[]> {
  const [{ max }] = await db.query<{ max: number }>('SELECT max(id) AS max FROM member')
  const random = seededRandom(seed)
  const ids = Array.from({ length: count }, () => 1 + Math.floor(random() * max))
  const rows = await db.query<{ id: number; user_id: number; path: string }>(
    'SELECT m.id, m.user_id, b.path FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.id = ANY($1::int[])',
    [ids],
  )
  const byId = new Map(rows.map((r) => [r.id, r]))
  const exp = Math.floor(Date.now() / 1000) + 3600
  return ids.flatMap((id) => {
    const row = byId.get(id)
    if (!row) return []
    return [{ userId: row.user_id, chain: chainOf(row.path), token: signToken(appSecret, sessionPurpose, { uid: row.user_id, exp }) }]
  })
}

async function callFeed(deps: Deps, member: SampledMember, cursor: string | null): Promise<FeedPage> {
  return (await timedAction(deps, member.token, 'notice', 'feed', { limit: pageSize, cursor })).data
}

export interface FeedLatency {
  all: Latency
  first_page: Latency
  second_page: Latency
  empty_first_pages: number
}

export interface RunOptions {
  /** Members for the warm-up, apart from the measured ones so these meet no pre-warmed rows. */
  warmup: SampledMember[]
  measured: SampledMember[]
  /** Calls measured, first and second pages together. */
  calls: number
  /** Every n-th visit also scrolls to the second page. */
  secondPageEvery: number
}

/**
 * One "visit" opens the feed; some visits scroll on with the returned cursor. Visits run one
 * after another so each figure is the latency a lone request sees, without queueing.
 */
async function visits(
  members: SampledMember[],
  options: { calls: number; secondPageEvery: number },
  fetchPage: (member: SampledMember, cursor: string | null) => Promise<{ ms: number; nextCursor: string | null; items: number }>,
): Promise<{ first: number[]; second: number[]; empty: number }> {
  const first: number[] = []
  const second: number[] = []
  let empty = 0
  for (let visit = 0; first.length + second.length < options.calls; visit++) {
    const member = members[visit % members.length]
    const page = await fetchPage(member, null)
    first.push(page.ms)
    if (page.items === 0) empty++
    if (visit % options.secondPageEvery === options.secondPageEvery - 1 && page.nextCursor) {
      second.push((await fetchPage(member, page.nextCursor)).ms)
    }
  }
  return { first, second, empty }
}

function report(run: { first: number[]; second: number[]; empty: number }): FeedLatency {
  return {
    all: summarize([...run.first, ...run.second]),
    first_page: summarize(run.first),
    second_page: summarize(run.second),
    empty_first_pages: run.empty,
  }
}

/** The real action through dispatch: token check, caller resolution, validation, feed query. */
export async function measureFeedAction(deps: Deps, options: RunOptions): Promise<FeedLatency> {
  const fetchPage = async (member: SampledMember, cursor: string | null) => {
    const start = process.hrtime.bigint()
    const page = await callFeed(deps, member, cursor)
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, nextCursor: page.nextCursor, items: page.items.length }
  }
  await visits(options.warmup, { calls: options.warmup.length, secondPageEvery: options.secondPageEvery }, fetchPage)
  return report(await visits(options.measured, options, fetchPage))
}

export interface RawFeedRow {
  id: number
  pinned: boolean
  publish_at: Date
}

/** Parameters of the feed SQL exactly as the action builds them, after the given row if any. */
export function rawFeedParams(member: SampledMember, after: RawFeedRow | null): unknown[] {
  const cursor = after ? { p: after.pinned, t: after.publish_at.toISOString(), i: after.id } : null
  return feedParams(member.chain, member.userId, new Date(), pageSize, cursor)
}

/** The feed SQL alone, same kind of visits: what the query costs without the action around it. */
export async function measureFeedSql(db: Queryable, options: RunOptions): Promise<FeedLatency> {
  // The raw cursor is the last row shown, exactly what the action encodes into nextCursor.
  const lastShown = new Map<string, RawFeedRow>()
  const fetchPage = async (member: SampledMember, cursor: string | null) => {
    const after = cursor ? lastShown.get(cursor) ?? null : null
    const start = process.hrtime.bigint()
    const rows = await db.query<RawFeedRow>(feedSql(member.chain.length, after !== null), rawFeedParams(member, after))
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    let nextCursor: string | null = null
    if (rows.length > pageSize) {
      nextCursor = `${member.userId}:${rows[pageSize - 1].id}`
      lastShown.set(nextCursor, rows[pageSize - 1])
    }
    return { ms, nextCursor, items: Math.min(rows.length, pageSize) }
  }
  await visits(options.warmup, { calls: options.warmup.length, secondPageEvery: options.secondPageEvery }, fetchPage)
  return report(await visits(options.measured, options, fetchPage))
}
