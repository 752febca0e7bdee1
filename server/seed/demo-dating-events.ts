import type { SaveEventInput } from '../../src/shared/api/dating-event'
import { loadCaller } from '../caller'
import type { Db } from '../db'
import { publishEvent, saveEvent } from '../dating/events'

/**
 * The demo 联谊活动 of 秀洲区, made the way the demo matchmaker (许红娟) makes them (each with its
 * request id, so a half-finished first start is completed, not doubled): two open for sign-ups,
 * and one already held, its times moved into the past after publishing (no action plans the past).
 * Run from server/start.ts only.
 */

const rid = (slug: string) => `demo-dating-event-${slug}`
const day = 24 * 3600_000

interface DemoEvent {
  slug: string
  branch: string
  title: string
  intro: string
  place: string
  /** Days from now to the start, at 14:00 Shanghai time; negative for the one already held. */
  inDays: number
  capacity: number
}

const demoEvents: DemoEvent[] = [
  {
    slug: 'winter',
    branch: '秀洲区总工会',
    title: '秀洲区青年职工冬日联谊会',
    intro: '破冰游戏、手作热红酒和自由交流。请穿着舒适，准时到场扫码签到；活动结束后可在小程序里互选。',
    place: '秀洲区职工服务中心三楼多功能厅',
    inDays: 12,
    capacity: 20,
  },
  {
    slug: 'lake',
    branch: '油车港镇总工会',
    title: '油车港镇湿地徒步交友',
    intro: '沿麟湖湿地步道徒步 5 公里，中途设有分组任务。雨天改期另行通知。',
    place: '油车港镇麟湖湿地公园南门',
    inDays: 20,
    capacity: 12,
  },
  {
    slug: 'autumn',
    branch: '秀洲区总工会',
    title: '秀洲区金秋读书分享联谊',
    intro: '每人带一本喜欢的书，分组分享。',
    place: '秀洲区图书馆二楼报告厅',
    inDays: -10,
    capacity: 15,
  },
]

/** 14:00 Shanghai time, `days` from today. */
function afternoon(days: number, now = Date.now()): Date {
  const shanghaiMidnight = Math.floor((now + 8 * 3600_000) / day) * day - 8 * 3600_000
  return new Date(shanghaiMidnight + days * day + 14 * 3600_000)
}

/** Answers whether anything was made (false on every start after the first). */
export async function seedDemoDatingEvents(db: Db): Promise<boolean> {
  const [matchmakerRow] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'matchmaker'`)
  const matchmaker = matchmakerRow ? await loadCaller(db, matchmakerRow.id) : null
  if (!matchmaker) return false
  const [done] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM dating_event WHERE created_by = $1 AND request_id = ANY($2::text[]) AND status = 'published'",
    [matchmaker.userId, demoEvents.map((e) => rid(e.slug))],
  )
  if (done.n === demoEvents.length) return false
  for (const event of demoEvents) {
    const [branch] = await db.query<{ id: number }>('SELECT id FROM branch WHERE name = $1', [event.branch])
    if (!branch) continue
    // The one already held is planned as if a month ahead, then moved back once published.
    const start = afternoon(event.inDays > 0 ? event.inDays : 30)
    const input: SaveEventInput = {
      branchId: branch.id,
      title: event.title,
      intro: event.intro,
      place: event.place,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString(),
      signupDeadline: new Date(start.getTime() - 2 * day).toISOString(),
      picksCloseAt: new Date(start.getTime() + 3 * day).toISOString(),
      capacityMale: event.capacity,
      capacityFemale: event.capacity,
      requestId: rid(event.slug),
    }
    const saved = await saveEvent(db, matchmaker, input)
    if (saved.status === 'draft') await publishEvent(db, matchmaker, saved.id)
    if (event.inDays < 0) {
      const held = afternoon(event.inDays)
      await db.query(
        `UPDATE dating_event SET signup_deadline = $2, starts_at = $3, ends_at = $4, picks_close_at = $5, published_at = $2 WHERE id = $1`,
        [saved.id, new Date(held.getTime() - 2 * day), held, new Date(held.getTime() + 3 * 3600_000), new Date(held.getTime() + 3 * day)],
      )
    }
  }
  return true
}
