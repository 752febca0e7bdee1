import { writeFileSync } from 'node:fs'
import { feedSql } from '../cloudfunctions/notice/actions'
import type { Queryable } from '../server/db'
import { pageSize, rawFeedParams } from './feed'
import type { RawFeedRow, SampledMember } from './feed'

/** What one plan did, read off its EXPLAIN (ANALYZE, BUFFERS) text. */
export interface PlanFacts {
  execution_ms: number
  /** Pages touched by the whole query: the cost that grows with data. */
  buffers: number
  /** Ordered backward walks of notice_feed_idx that stop after limit rows. */
  index_walks: number
  /** Bitmap scans read every live notice of a branch and sort them. */
  bitmap_scans: number
  seq_scans: number
}

export interface FeedPlan {
  uses_index: boolean
  /** Stricter: every branch of the chain walked in index order, nothing read whole and sorted. */
  walks_index: boolean
  first_page: PlanFacts
  second_page: PlanFacts | null
  text: string
}

async function explain(db: Queryable, sql: string, params: unknown[]): Promise<string> {
  const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)
  return rows.map((r) => r['QUERY PLAN']).join('\n')
}

const count = (text: string, needle: string) => text.split(needle).length - 1

export function planFacts(plan: string): PlanFacts {
  // The first Buffers line belongs to the top node and sums everything below it.
  const buffers = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(plan)
  return {
    execution_ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
    buffers: Number(buffers?.[1] ?? 0) + Number(buffers?.[2] ?? 0),
    index_walks: count(plan, 'Index Scan Backward using notice_feed_idx'),
    bitmap_scans: count(plan, 'Bitmap Heap Scan on notice '),
    seq_scans: count(plan, 'Seq Scan on notice '),
  }
}

/**
 * The feed must walk notice_feed_idx per branch of the chain; a sequential scan of notice
 * would grow with every notice ever published.
 */
export function planUsesIndex(plan: string): boolean {
  return plan.includes('Index') && !plan.includes('Seq Scan on notice')
}

function planWalksIndex(facts: PlanFacts): boolean {
  return facts.index_walks > 0 && facts.bitmap_scans === 0 && facts.seq_scans === 0
}

/** Plans of the first and the second page for one member, with the exact SQL the action runs. */
export async function explainFeed(db: Queryable, member: SampledMember, file: string): Promise<FeedPlan> {
  const first = await explain(db, feedSql(member.chain.length, false), rawFeedParams(member, null))
  const rows = await db.query<RawFeedRow>(feedSql(member.chain.length, false), rawFeedParams(member, null))
  const last = rows.length > pageSize ? rows[pageSize - 1] : null
  const second = last ? await explain(db, feedSql(member.chain.length, true), rawFeedParams(member, last)) : null
  const header = `-- notice.feed for user ${member.userId}, chain {${member.chain.join(',')}}, limit ${pageSize}`
  const text = [
    `${header}: first page`,
    first,
    '',
    last && second ? `${header}: second page (cursor after notice ${last.id})\n${second}` : '-- no second page for this member',
  ].join('\n')
  writeFileSync(file, `${text}\n`)
  const firstFacts = planFacts(first)
  const secondFacts = second ? planFacts(second) : null
  return {
    uses_index: planUsesIndex(first) && (second === null || planUsesIndex(second)),
    walks_index: planWalksIndex(firstFacts) && (secondFacts === null || planWalksIndex(secondFacts)),
    first_page: firstFacts,
    second_page: secondFacts,
    text,
  }
}
