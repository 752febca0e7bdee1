import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LegalCategory } from '../../src/shared/api/legal-common'
import { insertArticle, rankedMatches } from '../../server/legal/knowledge'
import { demoArticles } from '../../server/seed/demo-legal-kb'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

let app: TestApp
let member: number
const ids: Record<string, number> = {}

beforeAll(async () => {
  app = await openTestApp()
  member = app.users.member
})
afterAll(() => app?.close())

const byNumber = (a: number, b: number) => a - b
const search = (q: string, extra: Record<string, unknown> = {}) => app.ok(member, 'legal', 'searchKnowledge', { q, ...extra })
const found = async (q: string, extra: Record<string, unknown> = {}) => (await search(q, extra)).items.map((i) => i.id).sort(byNumber)

describe('the demo 常见问题', () => {
  it('covers the six categories and is found by words a worker would type', async () => {
    const [seeded] = await app.db.query<{ n: number; categories: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT category)::int AS categories FROM legal_kb_article WHERE status = 'published'`,
    )
    expect(seeded).toEqual({ n: demoArticles.length, categories: 6 })
    const titles = async (q: string) => (await search(q)).items.map((i) => i.title)
    expect((await titles('没签劳动合同'))[0]).toBe('入职两个月了公司还没签劳动合同怎么办')
    expect(await titles('车祸工伤')).toContain('上下班路上出车祸算工伤吗')
    expect((await titles('仲裁要交钱吗'))[0]).toBe('申请劳动仲裁要交钱吗，怎么申请')
  })
})

describe('searchKnowledge', () => {
  // Only the articles below: the demo ones would match their words too.
  beforeAll(async () => {
    await app.db.query('DELETE FROM legal_kb_article')
    const by = app.users['city-admin']
    const article = (key: string, category: 'wages' | 'work_injury' | 'dismissal', title: string, questionText: string, answerText: string) =>
      insertArticle(app.db, { category, title, questionText, answerText, publishedBy: by }).then((id) => (ids[key] = id))
    await article('wages', 'wages', '公司拖欠工资三个月怎么办', '公司已经三个月没发工资了。', '可以先与单位协商，协商不成向劳动保障监察机构投诉，或申请劳动仲裁，要求支付拖欠的劳动报酬。')
    await article('injury', 'work_injury', '上班路上受伤算工伤吗', '下班途中被车撞了，单位说不算。', '在上下班途中受到非本人主要责任的交通事故伤害，应当认定为工伤。申请工伤认定的时限为事故发生之日起一年内。')
    await article('overtime', 'wages', '加班费怎么计算', '周末经常加班，公司不给加班费。', '休息日安排加班又不能安排补休的，支付不低于工资百分之二百的工资报酬。')
    await article('dismissal', 'dismissal', '被辞退能拿经济补偿吗', '试用期被公司辞退了。', '用人单位违法解除劳动合同的，应当按经济补偿标准的二倍支付赔偿金。')
  })

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

  it('keeps the category among the search words: a write that moves the category without them is refused', async () => {
    // Category searches intersect words and the category tag inside the GIN index (tagLexeme).
    const [tags] = await app.db.query<{ tagged: boolean }>(
      `SELECT search_vector @@ quote_literal('category=dismissal')::tsquery AS tagged FROM legal_kb_article WHERE id = $1`,
      [ids.dismissal],
    )
    expect(tags.tagged).toBe(true)
    await expect(app.db.query(`UPDATE legal_kb_article SET category = 'wages' WHERE id = $1`, [ids.dismissal])).rejects.toThrow(/legal_kb_category_tagged/)
    expect(await found('辞退', { category: 'wages' })).toEqual([])
    expect(await found('辞退', { category: 'dismissal' })).toEqual([ids.dismissal])
  })

  it('ranks the newest matches of a common word, best first, and pages through them without repeats', async () => {
    const by = app.users['city-admin']
    const old = Date.now() - 400 * 24 * 3600 * 1000
    // The oldest five are outside the ranked window: older than rankedMatches newer matches.
    const created: number[] = []
    for (let i = 0; i < rankedMatches + 5; i += 1) {
      const title = i === rankedMatches + 4 ? '年休假年休假怎么休' : `第${i}个关于休息休假的问题`
      created.push(
        await insertArticle(app.db, {
          category: 'other',
          title,
          questionText: '单位不让休年休假。',
          answerText: '职工累计工作已满一年不满十年的，年休假五天。',
          publishedBy: by,
          publishedAt: new Date(old + (i < 5 ? i : 1000 + i) * 60_000),
        }),
      )
    }
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof search>> = await search('年休假', { limit: 50, cursor })
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(rankedMatches)
    expect(new Set(seen).size).toBe(rankedMatches)
    expect(seen.filter((id) => created.slice(0, 5).includes(id))).toEqual([])
    // The word twice in the title ranks first.
    expect(seen[0]).toBe(created[rankedMatches + 4])
    await app.db.query('DELETE FROM legal_kb_article WHERE id = ANY($1::int[])', [created])
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

// ——— publishing ———

interface Fixture {
  lawyer: number
  countyAdmin: number
  otherLawyer: number
  otherAdmin: number
  /** A member of the same enterprise as the asker, who searches. */
  reader: number
}
let fx: Fixture
let requestSeq = 0

/** A question of the demo member (张晓梅, 嘉兴恒创电子) in 秀洲区's queue, answered by fx.lawyer, in the given state. */
async function question(status: 'open' | 'resolved' | 'closed', thread: [side: 'member' | 'lawyer', body: string][], fields: { lawyer?: number; asker?: number; anonymous?: boolean } = {}) {
  const asker = fields.asker ?? app.users.member
  const lawyer = fields.lawyer ?? fx.lawyer
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO legal_question (asker_user_id, member_id, branch_id, branch_path, county_branch_id, queue_branch_id, queue_path, category, title, body,
                                 anonymous, request_id, status, lawyer_user_id, claimed_at, due_at, escalate_county_at, escalate_city_at, closed_at)
     SELECT u.id, m.id, b.id, b.path, c.id, c.id, c.path, 'wages', '张晓梅：公司拖欠工资三个月', '我是嘉兴恒创电子的张晓梅，电话 138 5730 0001，会员号 ' || m.member_no || '，公司拖欠工资三个月。',
            $2, $3, $4, $5, now(), now(), now(), now(), CASE WHEN $4 = 'open' THEN NULL ELSE now() END
       FROM app_user u JOIN member m ON m.user_id = u.id JOIN branch b ON b.id = m.branch_id
       JOIN branch c ON c.path = substring(b.path from '^/[0-9]+/[0-9]+/')
      WHERE u.id = $1
     RETURNING id`,
    [asker, fields.anonymous ?? true, `kb-${++requestSeq}`, status, lawyer],
  )
  for (const [side, body] of thread) {
    await app.db.query(
      `INSERT INTO legal_message (question_id, author_user_id, author_side, body, request_id) VALUES ($1, $2, $3, $4, $5)`,
      [row.id, side === 'member' ? asker : lawyer, side, body, `m-${++requestSeq}`],
    )
  }
  return row.id
}

const answered: [side: 'member' | 'lawyer', body: string][] = [
  ['lawyer', '张晓梅您好：可以先向单位书面催讨，再向劳动保障监察投诉或申请劳动仲裁，仲裁时效为一年。'],
  ['member', '恒创电子说下个月一起发，我该等吗？身份证 330411199203150024。'],
  ['lawyer', '不必等待，拖欠工资本身违法，可以同时申请仲裁并主张经济补偿。'],
]

async function identity() {
  const [row] = await app.db.query<{ name: string; phone: string; member_no: string; nickname: string }>(
    'SELECT m.name, m.phone, m.member_no, u.nickname FROM member m JOIN app_user u ON u.id = m.user_id WHERE u.id = $1',
    [app.users.member],
  )
  return row
}

const articleInput = (questionId: number, fields: Partial<Record<'title' | 'questionText' | 'answerText', string>> = {}) => ({
  questionId,
  category: 'wages' as LegalCategory,
  title: '公司拖欠工资三个月怎么维权',
  questionText: '某职工反映公司已经连续三个月没有发放工资，单位说下个月一起发。',
  answerText: '可以先向单位书面催讨，再向劳动保障监察投诉或申请劳动仲裁，仲裁时效为一年；拖欠工资可以主张经济补偿。',
  ...fields,
})

async function counts() {
  const [row] = await app.db.query<{ articles: number; events: number; messages: number }>(
    `SELECT (SELECT count(*)::int FROM legal_kb_article) AS articles, (SELECT count(*)::int FROM legal_event) AS events, (SELECT count(*)::int FROM message) AS messages`,
  )
  return row
}

describe('publishing an answered question to 常见问题', () => {
  beforeAll(async () => {
    fx = {
      lawyer: await app.newStaff('秀洲区总工会', 'lawyer'),
      countyAdmin: await app.newStaff('秀洲区总工会', 'legal_admin'),
      otherLawyer: await app.newStaff('南湖区总工会', 'lawyer'),
      otherAdmin: await app.newStaff('南湖区总工会', 'legal_admin'),
      reader: app.users['sibling-member'],
    }
  })

  it("the draft masks the asker's name, phone, member number, ID number and enterprise, and the read is logged", async () => {
    const id = await question('resolved', answered)
    const draft = await app.ok(fx.lawyer, 'legal', 'publishDraft', { questionId: id })
    const who = await identity()
    const text = JSON.stringify(draft)
    for (const value of [who.name, who.phone, '138 5730 0001', who.member_no, '330411199203150024', '恒创电子']) expect(text).not.toContain(value)
    expect(draft.title).toBe('某职工：公司拖欠工资三个月')
    expect(draft.questionText).toContain('[手机号已隐去]')
    expect(draft.questionText).toContain('追问：某单位说下个月一起发')
    expect(draft.answerText).toContain('某职工您好')
    expect(draft.masked).toEqual(['name', 'phone', 'member_no', 'id_number', 'enterprise'])
    expect(draft.article).toBeNull()
    const [logged] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_user_id = $1 AND action = 'legal.publishDraft' AND $2 = ANY(target_ids)`,
      [fx.lawyer, id],
    )
    expect(logged.n).toBe(1)
  })

  it('refuses text that still identifies the asker, saying where and what (never the value), and writes nothing', async () => {
    const id = await question('resolved', answered)
    const who = await identity()
    const before = await counts()
    const cases: [Partial<Record<'title' | 'questionText' | 'answerText', string>>, RegExp][] = [
      [{ questionText: `${who.name}反映公司已经连续三个月没有发放工资。` }, /问题中有姓名/],
      [{ answerText: `请拨打 ${who.phone.slice(0, 3)}-${who.phone.slice(3, 7)}-${who.phone.slice(7)} 联系，公司拖欠工资可以仲裁。` }, /解答中有手机号/],
      [{ answerText: '可以打１３９１２３４５６７８联系我们，公司拖欠工资可以仲裁。' }, /解答中有手机号/],
      [{ questionText: `会员 ${who.member_no.toLowerCase()} 反映公司拖欠工资三个月。` }, /问题中有会员号/],
      [{ questionText: '职工（身份证 33041119920315002X）反映公司拖欠工资。' }, /问题中有身份证号/],
      [{ title: '恒创电子拖欠工资怎么办' }, /标题中有工作单位/],
      [{ title: `${who.name}的工资`, answerText: `嘉兴恒创电子有限公司拖欠 ${who.name} 的工资，可以仲裁。` }, /标题中有姓名；解答中有姓名、工作单位|标题中有姓名；解答中有工作单位、姓名/],
    ]
    for (const [fields, message] of cases) {
      const error = await app.fail(fx.lawyer, 'legal', 'publishArticle', articleInput(id, fields))
      expect(error.code).toBe('LEGAL_KB_PERSONAL_INFO')
      expect(error.message).toMatch(message)
      expect(error.message).not.toContain(who.name)
    }
    expect(await counts()).toEqual(before)
  })

  it('publishes once: the event and an identity-free message to the asker, then another member finds it by a word', async () => {
    const id = await question('closed', answered)
    const before = await counts()
    const { id: articleId } = await app.ok(fx.lawyer, 'legal', 'publishArticle', articleInput(id, { title: '单位拖欠工资三个月怎么维权' }))
    expect(await counts()).toEqual({ articles: before.articles + 1, events: before.events + 1, messages: before.messages + 1 })
    const [event] = await app.db.query<{ kind: string; detail: { articleId: number } }>(`SELECT kind, detail FROM legal_event WHERE question_id = $1`, [id])
    expect(event).toEqual({ kind: 'published', detail: { articleId } })
    const [message] = await app.db.query<{ user_id: number; title: string; body: string; link: string }>(
      `SELECT user_id, title, body, link FROM message WHERE kind = 'legal_published' AND source = $1`,
      [`legal_kb_article:${articleId}`],
    )
    expect(message).toMatchObject({ user_id: app.users.member, link: `/pages/legal/article/index?id=${articleId}` })
    expect(message.body).not.toContain((await identity()).name)

    const found = await app.ok(fx.reader, 'legal', 'searchKnowledge', { q: '仲裁时效' })
    expect(found.items.map((i) => i.id)).toContain(articleId)
    const article = await app.ok(fx.reader, 'legal', 'knowledgeArticle', { id: articleId })
    expect(article).toMatchObject({ id: articleId, title: '单位拖欠工资三个月怎么维权', status: 'published', canWithdraw: false })
    expect((await app.ok(fx.lawyer, 'legal', 'knowledgeArticle', { id: articleId })).canWithdraw).toBe(true)

    expect((await app.fail(fx.lawyer, 'legal', 'publishArticle', articleInput(id))).code).toBe('LEGAL_KB_ALREADY_PUBLISHED')
    expect((await app.fail(fx.countyAdmin, 'legal', 'publishArticle', articleInput(id))).code).toBe('LEGAL_KB_ALREADY_PUBLISHED')
    expect((await app.ok(fx.lawyer, 'legal', 'publishDraft', { questionId: id })).article).toEqual({ id: articleId, status: 'published' })
  })

  it("only the question's lawyer or a legal_admin over it publishes; open, unanswered and own questions are refused", async () => {
    const id = await question('resolved', answered)
    for (const [caller, code] of [
      [fx.otherLawyer, 'NOT_FOUND'],
      [fx.otherAdmin, 'NOT_FOUND'],
      [fx.reader, 'FORBIDDEN'],
      [app.users.member, 'FORBIDDEN'],
      [await app.newStaff('秀洲区总工会', 'lawyer'), 'NOT_FOUND'],
    ] as const) {
      expect((await app.fail(caller, 'legal', 'publishDraft', { questionId: id })).code).toBe(code)
      expect((await app.fail(caller, 'legal', 'publishArticle', articleInput(id))).code).toBe(code)
    }
    expect((await app.ok(fx.countyAdmin, 'legal', 'publishDraft', { questionId: id })).questionId).toBe(id)
    expect((await app.fail(fx.lawyer, 'legal', 'publishDraft', { questionId: id + 1000 })).code).toBe('NOT_FOUND')

    const open = await question('open', answered)
    expect((await app.fail(fx.lawyer, 'legal', 'publishArticle', articleInput(open))).code).toBe('LEGAL_KB_NOT_ANSWERED')
    const unanswered = await question('closed', [['member', '还在吗？请尽快回复。']])
    expect((await app.fail(fx.lawyer, 'legal', 'publishDraft', { questionId: unanswered })).code).toBe('LEGAL_KB_NOT_ANSWERED')

    // A lawyer who is also a member asked this one: a legal_admin over it may publish, the lawyer may not.
    const [{ member_user: lawyerMember }] = await app.db.query<{ member_user: number }>(
      `INSERT INTO role_grant (user_id, role, branch_id) SELECT $1, 'lawyer', id FROM branch WHERE name = '秀洲区总工会' RETURNING user_id AS member_user`,
      [app.users['enterprise-admin']],
    )
    const own = await question('resolved', answered, { asker: lawyerMember, lawyer: lawyerMember })
    expect((await app.fail(lawyerMember, 'legal', 'publishDraft', { questionId: own })).code).toBe('LEGAL_SELF_SERVICE')
  })

  it("withdrawing takes an article out of search and out of readers' sight; it can be published again", async () => {
    const id = await question('resolved', answered)
    const { id: articleId } = await app.ok(fx.lawyer, 'legal', 'publishArticle', articleInput(id, { title: '达成调解协议后单位反悔怎么办' }))
    expect((await app.fail(fx.otherAdmin, 'legal', 'withdrawArticle', { id: articleId })).code).toBe('NOT_FOUND')
    expect((await app.fail(fx.reader, 'legal', 'withdrawArticle', { id: articleId })).code).toBe('FORBIDDEN')
    expect(await app.ok(fx.countyAdmin, 'legal', 'withdrawArticle', { id: articleId })).toEqual({ id: articleId, status: 'withdrawn' })
    expect(await app.ok(fx.lawyer, 'legal', 'withdrawArticle', { id: articleId })).toEqual({ id: articleId, status: 'withdrawn' })
    expect((await app.ok(fx.reader, 'legal', 'searchKnowledge', { q: '调解协议' })).items).toEqual([])
    expect((await app.fail(fx.reader, 'legal', 'knowledgeArticle', { id: articleId })).code).toBe('NOT_FOUND')
    expect((await app.ok(fx.lawyer, 'legal', 'knowledgeArticle', { id: articleId })).status).toBe('withdrawn')

    expect((await app.ok(fx.lawyer, 'legal', 'publishArticle', articleInput(id, { title: '达成调解协议后单位反悔怎么办' }))).id).toBe(articleId)
    expect((await app.ok(fx.reader, 'legal', 'searchKnowledge', { q: '调解协议' })).items.map((i) => i.id)).toEqual([articleId])
  })
})
