import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cardTokenPurpose } from '../../cloudfunctions/card/actions'
import { signToken } from '../../server/tokens'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

describe('member card', () => {
  it('gives a member a short-lived QR token that staff above the branch can verify, revealing name and branch only', async () => {
    const card = await app.ok(app.users.member, 'card', 'mine', {})
    expect(card).toMatchObject({ name: '张晓梅', branch: { name: '嘉兴恒创电子有限公司工会' } })
    expect(card.memberNo).toMatch(/^JX\d{10}$/)
    const ttl = new Date(card.qrExpiresAt).getTime() - Date.now()
    expect(ttl).toBeGreaterThan(50_000)
    expect(ttl).toBeLessThanOrEqual(60_000)
    for (const staff of ['enterprise-admin', 'town-admin', 'county-admin', 'city-admin'] as const) {
      // Each card token verifies once: the member's screen shows a fresh one for each check.
      const { qrToken } = await app.ok(app.users.member, 'card', 'mine', {})
      const seen = await app.ok(app.users[staff], 'card', 'verify', { token: qrToken })
      expect(seen).toEqual({
        name: '张晓梅',
        branchName: '嘉兴市总工会 / 秀洲区总工会 / 油车港镇总工会 / 嘉兴恒创电子有限公司工会',
        verifiedAt: expect.any(String),
        replayed: false,
      })
    }
    const [logged] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'card.verify'`)
    expect(logged.n).toBe(4)
    expect(card.qrToken).not.toBe((await app.ok(app.users.member, 'card', 'mine', {})).qrToken)
  })

  it('refuses expired, forged and misused tokens, non-staff and staff outside the branch', async () => {
    const card = await app.ok(app.users['sibling-member'], 'card', 'mine', {})
    const before = await app.snapshot()
    const expired = signToken(testEnv.appSecret, cardTokenPurpose, { m: 1, exp: Math.floor(Date.now() / 1000) - 1 })
    const county = app.users['county-admin']
    expect((await app.fail(county, 'card', 'verify', { token: expired })).code).toBe('CARD_TOKEN_EXPIRED')
    const forged = signToken('another-secret', cardTokenPurpose, { m: 1, exp: Math.floor(Date.now() / 1000) + 60 })
    expect((await app.fail(county, 'card', 'verify', { token: forged })).code).toBe('CARD_TOKEN_INVALID')
    // A session token is signed for another purpose and never passes as a card.
    expect((await app.fail(county, 'card', 'verify', { token: app.tokenFor(app.users.member) })).code).toBe('CARD_TOKEN_INVALID')
    expect((await app.fail(county, 'card', 'verify', { token: 'x' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(app.users.member, 'card', 'verify', { token: card.qrToken })).code).toBe('FORBIDDEN')
    expect(await app.fail(app.users['town-admin'], 'card', 'verify', { token: card.qrToken })).toEqual({
      code: 'OUT_OF_SCOPE',
      message: '该会员不在您可核验的组织范围内',
    })
    expect((await app.fail(app.users['enterprise-admin'], 'card', 'verify', { token: card.qrToken })).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(app.users['town-admin'], 'card', 'mine', {})).code).toBe('NOT_MEMBER')
    expect(await app.snapshot()).toEqual(before)
  })
})

describe('role grants', () => {
  it('lets an admin grant and revoke roles in their subtree, logging each', async () => {
    const member = await app.ok(app.users.member, 'card', 'mine', {})
    const enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
    const grant = await app.ok(app.users['city-admin'], 'role', 'grant', { memberNo: member.memberNo, role: 'mall_operator', branchId: enterprise })
    expect(grant).toMatchObject({ role: 'mall_operator', holder: { name: '张晓梅', memberNo: member.memberNo }, branch: { id: enterprise } })
    expect((await app.fail(app.users['town-admin'], 'role', 'grant', { memberNo: member.memberNo, role: 'mall_operator', branchId: enterprise })).code).toBe('ROLE_EXISTS')
    const listed = await app.ok(app.users['town-admin'], 'role', 'list', {})
    expect(listed.items.map((g) => g.id)).toContain(grant.id)
    const me = await app.ok(app.users.member, 'auth', 'me', {})
    expect(me.grants.map((g) => g.role)).toContain('mall_operator')
    await app.ok(app.users['town-admin'], 'role', 'revoke', { grantId: grant.id })
    const logged = await app.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target_type = 'role_grant' AND $1 = ANY(target_ids) ORDER BY id`, [grant.id])
    expect(logged.map((l) => l.action)).toEqual(['role.grant', 'role.revoke'])
  })

  it('refuses grants outside the subtree, to ancestors, by members, self-revocation and bad input', async () => {
    const sibling = await app.ok(app.users['sibling-member'], 'card', 'mine', {})
    const siblingTown = await app.branchId('王江泾镇总工会')
    const county = await app.branchId('秀洲区总工会')
    const before = await app.snapshot()
    const townAdmin = app.users['town-admin']
    expect(await app.fail(townAdmin, 'role', 'grant', { memberNo: sibling.memberNo, role: 'admin', branchId: siblingTown })).toEqual({
      code: 'OUT_OF_SCOPE',
      message: '「王江泾镇总工会」不在您可管理的组织范围内',
    })
    expect((await app.fail(townAdmin, 'role', 'grant', { memberNo: sibling.memberNo, role: 'admin', branchId: county })).code).toBe('OUT_OF_SCOPE')
    // A member outside the admin's subtree reads like a number that does not exist.
    const town = await app.branchId('油车港镇总工会')
    const nowhere = await app.fail(townAdmin, 'role', 'grant', { memberNo: 'JX0000000000', role: 'lawyer', branchId: town })
    expect(await app.fail(townAdmin, 'role', 'grant', { memberNo: sibling.memberNo, role: 'lawyer', branchId: town })).toEqual(nowhere)
    expect((await app.fail(app.users.member, 'role', 'grant', { memberNo: sibling.memberNo, role: 'admin', branchId: siblingTown })).code).toBe('FORBIDDEN')
    expect((await app.fail(townAdmin, 'role', 'grant', { memberNo: 'JX0000000000', role: 'lawyer', branchId: await app.branchId('油车港镇总工会') })).code).toBe('NOT_FOUND')
    expect((await app.fail(townAdmin, 'role', 'grant', { memberNo: sibling.memberNo, role: 'superuser', branchId: siblingTown })).message).toContain('未知角色')
    expect((await app.fail(townAdmin, 'role', 'grant', { memberNo: 'abc', role: 'admin', branchId: siblingTown })).message).toContain('会员号格式')
    const [countyGrant] = await app.db.query<{ id: number }>('SELECT id FROM role_grant WHERE user_id = $1', [app.users['county-admin']])
    expect((await app.fail(townAdmin, 'role', 'revoke', { grantId: countyGrant.id })).code).toBe('NOT_FOUND')
    expect((await app.fail(app.users['county-admin'], 'role', 'revoke', { grantId: countyGrant.id })).code).toBe('SELF_REVOKE')
    const listed = await app.ok(townAdmin, 'role', 'list', {})
    expect(listed.items.map((g) => g.id)).not.toContain(countyGrant.id)
    expect(await app.snapshot()).toEqual(before)
  })
})

describe('branch tree', () => {
  it('searches by name with full names, and scopes the admin picker to the caller’s subtree', async () => {
    const found = await app.ok(app.users.member, 'branch', 'search', { q: '恒创' })
    expect(found.items).toEqual([
      expect.objectContaining({ name: '嘉兴恒创电子有限公司工会', level: 4, fullName: expect.stringContaining('油车港镇总工会') }),
    ])
    const mine = await app.ok(app.users['town-admin'], 'branch', 'search', { q: '', scope: 'admin', limit: 50 })
    expect(mine.items[0].name).toBe('油车港镇总工会')
    expect(mine.items.every((b) => b.fullName.includes('油车港镇总工会'))).toBe(true)
    expect((await app.fail(app.users.member, 'branch', 'search', { q: '', scope: 'admin' })).code).toBe('FORBIDDEN')
    expect((await app.ok(app.users.member, 'branch', 'search', { q: '%' })).items).toEqual([])
    expect((await app.fail(app.users.member, 'branch', 'search', { q: 'x'.repeat(41) })).code).toBe('VALIDATION_FAILED')
  })

  it('walks the tree level by level with pagination', async () => {
    const roots = await app.ok(app.users.member, 'branch', 'children', {})
    expect(roots.items).toEqual([expect.objectContaining({ name: '嘉兴市总工会', level: 1, childCount: 7 })])
    const counties: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } = await app.ok(app.users.member, 'branch', 'children', { parentId: roots.items[0].id, cursor, limit: 3 })
      counties.push(...page.items.map((c) => c.name))
      cursor = page.nextCursor
    } while (cursor)
    expect(counties).toHaveLength(7)
    expect(counties).toContain('海盐县总工会')
    expect((await app.fail(null, 'branch', 'children', {})).code).toBe('UNAUTHENTICATED')
  })
})

describe('auth', () => {
  it('lists demo accounts and signs in as one or as a brand-new user', async () => {
    const accounts = await app.ok(null, 'auth', 'demoAccounts', {})
    expect(accounts.map((a) => a.key)).toEqual(['member', 'sibling-member', 'enterprise-admin', 'town-admin', 'county-admin', 'mall-operator', 'city-admin', 'lawyer', 'legal-admin', 'librarian', 'course-editor', 'county-course-editor', 'matchmaker'])
    const county = await app.ok(null, 'auth', 'demoLogin', { key: 'county-admin' })
    expect(county.me.grants).toEqual([expect.objectContaining({ role: 'admin', branch: expect.objectContaining({ name: '秀洲区总工会' }) })])
    const me = await app.ok(null, 'auth', 'demoLogin', { key: 'new' })
    expect(me.me.member).toBeNull()
    expect((await app.fail(null, 'auth', 'demoLogin', { key: 'root' })).code).toBe('NOT_FOUND')
  })
})
