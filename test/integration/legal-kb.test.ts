import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertArticle } from '../../server/legal/knowledge'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

let app: TestApp
let member: number
const ids: Record<string, number> = {}

beforeAll(async () => {
  app = await openTestApp()
  member = app.users.member
  const by = app.users['city-admin']
  const article = (key: string, category: 'wages' | 'work_injury' | 'dismissal', title: string, questionText: string, answerText: string) =>
    insertArticle(app.db, { category, title, questionText, answerText, publishedBy: by }).then((id) => (ids[key] = id))
  await article('wages', 'wages', '公司拖欠工资三个月怎么办', '公司已经三个月没发工资了。', '可以先与单位协商，协商不成向劳动保障监察机构投诉，或申请劳动仲裁，要求支付拖欠的劳动报酬。')
  await article('injury', 'work_injury', '上班路上受伤算工伤吗', '下班途中被车撞了，单位说不算。', '在上下班途中受到非本人主要责任的交通事故伤害，应当认定为工伤。申请工伤认定的时限为事故发生之日起一年内。')
  await article('overtime', 'wages', '加班费怎么计算', '周末经常加班，公司不给加班费。', '休息日安排加班又不能安排补休的，支付不低于工资百分之二百的工资报酬。')
  await article('dismissal', 'dismissal', '被辞退能拿经济补偿吗', '试用期被公司辞退了。', '用人单位违法解除劳动合同的，应当按经济补偿标准的二倍支付赔偿金。')
})
afterAll(() => app?.close())

const byNumber = (a: number, b: number) => a - b
const search = (q: string, extra: Record<string, unknown> = {}) => app.ok(member, 'legal', 'searchKnowledge', { q, ...extra })
const found = async (q: string, extra: Record<string, unknown> = {}) => (await search(q, extra)).items.map((i) => i.id).sort(byNumber)

describe('searchKnowledge', () => {
  it('finds articles by a word, in the title or the text, title matches first', async () => {
    expect(await found('工伤')).toEqual([ids.injury])
    expect(await found('劳动仲裁')).toEqual([ids.wages])
    const page = await search('加班')
    expect(page.items[0]).toMatchObject({ id: ids.overtime, category: 'wages', title: '加班费怎么计算' })
    expect(page.items[0].excerpt).toContain('加班')
  })

  it('a single character of a word does not match unrelated text', async () => {
    // 「工」 occurs in 工资, 工伤 and 工资报酬, but it is no word of any of them.
    expect(await found('工')).toEqual([])
    // 「伤」 alone does not drag in 工伤.
    expect(await found('伤')).toEqual([])
  })

  it('asks for every word first and falls back to any of them when none holds them all', async () => {
    expect(await found('拖欠工资')).toEqual([ids.wages])
    // No article speaks of both 工伤 and 经济补偿: each that has one is offered.
    expect(await found('工伤 经济补偿')).toEqual([ids.injury, ids.dismissal].sort(byNumber))
    // A question typed as a title: stop words do not narrow or widen it.
    expect(await found('公司拖欠工资我该怎么办？')).toEqual([ids.wages])
  })

  it('filters by category, browses the newest first with an empty query, and pages without repeats', async () => {
    expect(await found('公司')).toEqual([ids.wages, ids.overtime, ids.dismissal].sort(byNumber))
    expect(await found('公司', { category: 'dismissal' })).toEqual([ids.dismissal])
    const newest = await search('', { category: 'wages' })
    expect(newest.items.map((i) => i.id)).toEqual([ids.overtime, ids.wages])
    expect(newest.items[1].excerpt.startsWith('可以先与单位协商')).toBe(true)

    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof search>> = await search('', { limit: 1, cursor })
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(Object.values(ids).sort((a, b) => b - a))

    const ranked: number[] = []
    cursor = null
    do {
      const page: Awaited<ReturnType<typeof search>> = await search('工资', { limit: 1, cursor })
      ranked.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect([...ranked].sort(byNumber)).toEqual(await found('工资', { limit: 50 }))
    expect(new Set(ranked).size).toBe(ranked.length)
  })

  it('hides withdrawn articles, answers punctuation with nothing, refuses forged cursors and the signed-out', async () => {
    await app.db.query(`UPDATE legal_kb_article SET status = 'withdrawn' WHERE id = $1`, [ids.dismissal])
    expect(await found('辞退')).toEqual([])
    await app.db.query(`UPDATE legal_kb_article SET status = 'published' WHERE id = $1`, [ids.dismissal])
    expect(await found('？！。')).toEqual([])
    expect((await app.fail(member, 'legal', 'searchKnowledge', { q: '工资', cursor: 'eyJtIjoieCJ9' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(null, 'legal', 'searchKnowledge', { q: '工资' })).code).toBe('UNAUTHENTICATED')
  })
})
