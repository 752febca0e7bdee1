import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput } from '../../src/shared/api'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

let app: TestApp
let county: number
let town: number
let siblingTown: number
let enterprise: number
let siblingTownAdmin: number

beforeAll(async () => {
  app = await openTestApp()
  county = app.users['county-admin']
  town = await app.branchId('油车港镇总工会')
  siblingTown = await app.branchId('王江泾镇总工会')
  enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
  siblingTownAdmin = await app.newStaff('王江泾镇总工会')
})
afterAll(() => app?.close())

const draft = (targetBranchId: number, title = '关于职工运动会的通知'): ActionInput<'notice', 'save'> => ({
  title,
  summary: '请各单位积极报名',
  bodyHtml: '<p>运动会将于下月举行。</p>',
  targetBranchId,
})

async function publishAs(userId: number, targetBranchId: number, title: string, extra: Partial<ActionInput<'notice', 'publish'>> = {}) {
  const saved = await app.ok(userId, 'notice', 'save', draft(targetBranchId, title))
  return app.ok(userId, 'notice', 'publish', { id: saved.id, ...extra })
}

const feedTitles = async (userId: number) => {
  const titles: string[] = []
  let cursor: string | null = null
  do {
    const page: { items: { title: string }[]; nextCursor: string | null } = await app.ok(userId, 'notice', 'feed', { cursor, limit: 50 })
    titles.push(...page.items.map((i) => i.title))
    cursor = page.nextCursor
  } while (cursor)
  return titles
}

describe('member feed', () => {
  it('shows a notice aimed at a town to members below it, never to a sibling town', async () => {
    const published = await publishAs(county, town, '油车港镇职工技能比武报名')
    expect(published).toMatchObject({ state: 'published', publisher: { name: '秀洲区总工会' }, target: { id: town } })
    expect(await feedTitles(app.users.member)).toContain('油车港镇职工技能比武报名')
    expect(await feedTitles(app.users['sibling-member'])).not.toContain('油车港镇职工技能比武报名')
    expect((await app.fail(app.users['sibling-member'], 'notice', 'read', { id: published.id })).code).toBe('NOT_FOUND')
  })

  it('includes every ancestor branch and hides drafts, scheduled, withdrawn and expired notices', async () => {
    const live = await publishAs(county, enterprise, '企业通知·正常')
    await app.ok(county, 'notice', 'save', draft(enterprise, '企业通知·草稿'))
    const scheduled = await publishAs(county, enterprise, '企业通知·定时', { publishAt: new Date(Date.now() + 3600_000).toISOString() })
    expect(scheduled.state).toBe('scheduled')
    const withdrawn = await publishAs(county, enterprise, '企业通知·撤回')
    await app.ok(county, 'notice', 'withdraw', { id: withdrawn.id })
    const expiring = await publishAs(county, enterprise, '企业通知·过期', { expireAt: new Date(Date.now() + 1000).toISOString() })
    await app.db.query(`UPDATE notice SET publish_at = now() - interval '2 days', expire_at = now() - interval '1 day' WHERE id = $1`, [expiring.id])

    const titles = await feedTitles(app.users.member)
    expect(titles).toContain('企业通知·正常')
    expect(titles).toContain('关于开展2026年度“红船精神”答题拉力赛的通知') // city
    expect(titles).toContain('秀洲区职工法律援助服务进企业') // county
    expect(titles).toContain('油车港镇职工篮球赛报名开始') // town
    for (const hidden of ['企业通知·草稿', '企业通知·定时', '企业通知·撤回', '企业通知·过期', '（草稿）2027年职工疗休养安排']) {
      expect(titles).not.toContain(hidden)
    }
    for (const id of [scheduled.id, withdrawn.id, expiring.id]) {
      expect((await app.fail(app.users.member, 'notice', 'read', { id })).code).toBe('NOT_FOUND')
    }
    await app.ok(app.users.member, 'notice', 'read', { id: live.id })
    const states = await app.ok(county, 'notice', 'manageList', { status: 'expired' })
    expect(states.items.map((n) => n.id)).toContain(expiring.id)
  })

  it('orders pinned first, then newest, and pages with a cursor without gaps or repeats', async () => {
    const user = app.users['enterprise-admin']
    for (let i = 0; i < 25; i++) await publishAs(user, enterprise, `分页测试 ${String(i).padStart(2, '0')}`)
    const pinned = await publishAs(county, await app.branchId('秀洲区总工会'), '置顶测试')
    await app.ok(county, 'notice', 'setPinned', { id: pinned.id, pinned: true })

    const seen: { title: string; pinned: boolean; publishedAt: string }[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: { items: { title: string; pinned: boolean; publishedAt: string }[]; nextCursor: string | null } =
        await app.ok(app.users.member, 'notice', 'feed', { cursor, limit: 7 })
      expect(page.items.length).toBeLessThanOrEqual(7)
      seen.push(...page.items)
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBeGreaterThan(4)
    expect(new Set(seen.map((s) => s.title)).size).toBe(seen.length)
    const firstUnpinned = seen.findIndex((s) => !s.pinned)
    expect(seen.slice(firstUnpinned).every((s) => !s.pinned)).toBe(true)
    expect(seen.slice(0, firstUnpinned).map((s) => s.title)).toContain('置顶测试')
    const unpinned = seen.slice(firstUnpinned).map((s) => s.publishedAt)
    expect([...unpinned].sort().reverse()).toEqual(unpinned)
    const paged = seen.filter((s) => s.title.startsWith('分页测试')).map((s) => s.title)
    expect(paged).toEqual([...paged].sort().reverse())
    expect(paged).toHaveLength(25)
    expect((await app.fail(app.users.member, 'notice', 'feed', { cursor: 'not-a-cursor' })).code).toBe('VALIDATION_FAILED')
  })

  it('marks a notice read once and counts each reader once', async () => {
    const notice = await publishAs(county, town, '阅读计数测试')
    const unread = (await feedTitlesWithRead(app.users.member)).get('阅读计数测试')
    expect(unread).toBe(false)
    const detail = await app.ok(app.users.member, 'notice', 'read', { id: notice.id })
    expect(detail).toMatchObject({ title: '阅读计数测试', publisher: '秀洲区总工会', bodyHtml: '<p>运动会将于下月举行。</p>' })
    await app.ok(app.users.member, 'notice', 'read', { id: notice.id })
    await app.ok(app.users['enterprise-admin'], 'notice', 'read', { id: notice.id })
    expect((await feedTitlesWithRead(app.users.member)).get('阅读计数测试')).toBe(true)
    expect((await app.ok(county, 'notice', 'manageGet', { id: notice.id })).readCount).toBe(2)
  })

  it('refuses non-members', async () => {
    const stranger = await app.newUser()
    expect((await app.fail(stranger, 'notice', 'feed', {})).code).toBe('NOT_MEMBER')
    expect((await app.fail(null, 'notice', 'feed', {})).code).toBe('UNAUTHENTICATED')
    expect((await app.fail(app.users['town-admin'], 'notice', 'read', { id: 1 })).code).toBe('NOT_MEMBER')
  })
})

async function feedTitlesWithRead(userId: number): Promise<Map<string, boolean>> {
  const page = await app.ok(userId, 'notice', 'feed', { limit: 50 })
  return new Map(page.items.map((i) => [i.title, i.read]))
}

describe('notice management', () => {
  it('keeps only a safe subset of HTML in the body', async () => {
    const saved = await app.ok(county, 'notice', 'save', {
      ...draft(town),
      bodyHtml:
        '<p onclick="steal()">正文<script>alert(1)</script><img onerror="alert(2)"><a href="javascript:alert(3)">链接</a>' +
        '<iframe src="https://evil.example"></iframe><strong style="color:red">重点</strong></p>',
    })
    expect(saved.bodyHtml).not.toMatch(/script|onerror|onclick|javascript:|iframe|style=/i)
    expect(saved.bodyHtml).toContain('<strong>重点</strong>')
    expect((await app.fail(county, 'notice', 'save', { ...draft(town), bodyHtml: '<script>only()</script>' })).message).toBe('正文不能为空')
  })

  it('makes one draft per request id, however often and however concurrently it is resent', async () => {
    const input = { ...draft(town, '重发的新草稿'), requestId: randomUUID() }
    const results = await Promise.all(Array.from({ length: 5 }, () => app.ok(county, 'notice', 'save', input)))
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(await app.ok(county, 'notice', 'save', input)).toEqual(results[0])
    const [made] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notice WHERE title = '重发的新草稿'`)
    expect(made.n).toBe(1)
    // Resent with changes made meanwhile: the same draft, edited.
    const changed = await app.ok(county, 'notice', 'save', { ...input, title: '重发并修改的草稿' })
    expect(changed).toMatchObject({ id: results[0].id, title: '重发并修改的草稿' })
    // Another admin's request id is theirs alone.
    expect((await app.ok(app.users['city-admin'], 'notice', 'save', input)).id).not.toBe(results[0].id)
  })

  it('edits drafts, schedules, pins and withdraws, with read counts in the list', async () => {
    const saved = await app.ok(county, 'notice', 'save', draft(town, '待编辑草稿'))
    expect(saved.state).toBe('draft')
    const edited = await app.ok(county, 'notice', 'save', { ...draft(enterprise, '已编辑草稿'), id: saved.id })
    expect(edited).toMatchObject({ id: saved.id, title: '已编辑草稿', target: { id: enterprise } })
    const published = await app.ok(county, 'notice', 'publish', { id: saved.id })
    expect(published.state).toBe('published')
    expect((await app.fail(county, 'notice', 'save', { ...draft(town), id: saved.id })).code).toBe('NOTICE_NOT_EDITABLE')
    // A resent publish gets the live notice back; a different schedule on a live notice is a conflict.
    expect(await app.ok(county, 'notice', 'publish', { id: saved.id })).toEqual(published)
    const later = new Date(Date.now() + 86_400_000).toISOString()
    expect((await app.fail(county, 'notice', 'publish', { id: saved.id, publishAt: later })).code).toBe('NOTICE_STATE_CONFLICT')
    expect((await app.ok(county, 'notice', 'setPinned', { id: saved.id, pinned: true })).pinned).toBe(true)
    const withdrawn = await app.ok(county, 'notice', 'withdraw', { id: saved.id })
    expect(withdrawn.state).toBe('withdrawn')
    expect(await app.ok(county, 'notice', 'withdraw', { id: saved.id })).toEqual(withdrawn)
    expect((await app.fail(county, 'notice', 'withdraw', { id: (await app.ok(county, 'notice', 'save', draft(town))).id })).code).toBe('NOTICE_STATE_CONFLICT')
    const drafts = await app.ok(county, 'notice', 'manageList', { status: 'draft' })
    expect(drafts.items.every((n) => n.state === 'draft')).toBe(true)
    expect(drafts.items.map((n) => n.title)).toContain('（草稿）2027年职工疗休养安排')
  })

  it('counts the audience before publishing: the target, the branches below it and their members', async () => {
    const countIn = async (branchId: number) => {
      const [row] = await app.db.query<{ branches: number; members: number }>(
        `SELECT (SELECT count(*)::int FROM branch d WHERE d.path LIKE t.path || '%' AND d.id <> t.id) AS branches,
                (SELECT count(*)::int FROM member m JOIN branch d ON d.id = m.branch_id WHERE d.path LIKE t.path || '%') AS members
           FROM branch t WHERE t.id = $1`,
        [branchId],
      )
      return row
    }
    const toTown = await app.ok(county, 'notice', 'save', draft(town, '受众统计：镇'))
    const townAudience = await app.ok(county, 'notice', 'audience', { id: toTown.id })
    expect(townAudience.target).toMatchObject({ id: town, name: '油车港镇总工会' })
    expect(townAudience).toMatchObject(await countIn(town))
    expect(townAudience.branches).toBeGreaterThan(0)
    expect(townAudience.members).toBeGreaterThan(0)

    const toEnterprise = await app.ok(county, 'notice', 'save', draft(enterprise, '受众统计：企业'))
    const enterpriseAudience = await app.ok(county, 'notice', 'audience', { id: toEnterprise.id })
    expect(enterpriseAudience).toMatchObject({ branches: 0, members: (await countIn(enterprise)).members })
    expect(townAudience.members).toBeGreaterThanOrEqual(enterpriseAudience.members)

    // Another union's draft reads as not there, as in every other management action.
    expect((await app.fail(siblingTownAdmin, 'notice', 'audience', { id: toTown.id })).code).toBe('NOT_FOUND')
    expect((await app.fail(app.users['town-admin'], 'notice', 'audience', { id: toTown.id })).code).toBe('NOT_FOUND')
    expect((await app.fail(app.users.member, 'notice', 'audience', { id: toTown.id })).code).toBe('FORBIDDEN')
  })

  it('refuses bad input, writing nothing', async () => {
    const before = await app.snapshot()
    const cases: [unknown, string][] = [
      [{ ...draft(town), title: '短' }, '标题至少 2 个字'],
      [{ ...draft(town), title: 'x'.repeat(61) }, '标题不超过 60 字'],
      [{ ...draft(town), coverFileId: 'javascript:alert(1)' }, '编号必须是数字'],
      [{ ...draft(town), targetBranchId: -1 }, ''],
      [{ ...draft(town), targetBranchId: '1; DROP TABLE notice' }, '编号必须是数字'],
      [{ ...draft(town), bodyHtml: '' }, '请填写正文'],
    ]
    for (const [input, message] of cases) {
      const error = await app.fail(county, 'notice', 'save', input)
      expect(error.code).toBe('VALIDATION_FAILED')
      expect(error.message).toContain(message)
    }
    const fresh = await app.ok(county, 'notice', 'save', draft(town, '校验用草稿'))
    const afterDraft = await app.snapshot()
    const past = await app.fail(county, 'notice', 'publish', { id: fresh.id, publishAt: new Date(Date.now() - 3600_000).toISOString() })
    expect(past.code).toBe('INVALID_SCHEDULE')
    const inverted = await app.fail(county, 'notice', 'publish', {
      id: fresh.id,
      publishAt: new Date(Date.now() + 7200_000).toISOString(),
      expireAt: new Date(Date.now() + 3600_000).toISOString(),
    })
    expect(inverted.code).toBe('INVALID_SCHEDULE')
    expect((await app.fail(county, 'notice', 'publish', { id: fresh.id, publishAt: '明天' })).message).toContain('时间格式不正确')
    expect((await app.fail(county, 'notice', 'withdraw', { id: 2147483647 })).code).toBe('NOT_FOUND')
    expect(await app.snapshot()).toEqual(afterDraft)
    expect(afterDraft.notice).toBe(before.notice + 1)
  })

  it('refuses callers outside the scope: a member, a sibling admin, an admin below, and targets above or beside', async () => {
    const notice = await publishAs(county, town, '权限测试通知')
    const before = await app.snapshot()
    const member = app.users.member
    expect((await app.fail(member, 'notice', 'save', draft(enterprise))).code).toBe('FORBIDDEN')
    expect((await app.fail(member, 'notice', 'manageList', {})).code).toBe('FORBIDDEN')
    expect((await app.fail(member, 'notice', 'withdraw', { id: notice.id })).code).toBe('FORBIDDEN')
    for (const outsider of [siblingTownAdmin, app.users['town-admin'], app.users['enterprise-admin']]) {
      // Sibling town admin, the targeted town's own admin, and an admin below: the county published it.
      for (const [action, input] of [
        ['withdraw', { id: notice.id }],
        ['setPinned', { id: notice.id, pinned: true }],
        ['manageGet', { id: notice.id }],
        ['save', { ...draft(town), id: notice.id }],
      ] as const) {
        // Another union's notice reads as not there: ids cannot be probed.
        expect((await app.fail(outsider, 'notice', action, input)).code).toBe('NOT_FOUND')
      }
      const list = await app.ok(outsider, 'notice', 'manageList', {})
      expect(list.items.map((n) => n.id)).not.toContain(notice.id)
    }
    expect(await app.fail(app.users['town-admin'], 'notice', 'save', draft(siblingTown))).toEqual({
      code: 'OUT_OF_SCOPE',
      message: '「王江泾镇总工会」不在您可管理的组织范围内',
    })
    expect((await app.fail(app.users['town-admin'], 'notice', 'save', draft(await app.branchId('秀洲区总工会')))).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(app.users['enterprise-admin'], 'notice', 'save', draft(town))).code).toBe('OUT_OF_SCOPE')
    expect(await app.snapshot()).toEqual(before)
    // The city admin sits above the county and may manage its notice.
    expect((await app.ok(app.users['city-admin'], 'notice', 'withdraw', { id: notice.id })).state).toBe('withdrawn')
  })
})
