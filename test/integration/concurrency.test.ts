import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { membershipConsentVersion } from '../../src/shared/consent'
import { idCheckChar } from '../../src/shared/id-number'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

let app: TestApp
let enterprise: number
beforeAll(async () => {
  app = await openTestApp()
  enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
})
afterAll(() => app?.close())

const idNumber = (seq: number) => {
  const first17 = `3304821990${String(seq).padStart(2, '0')}1512${seq % 10}`.slice(0, 17)
  return first17 + idCheckChar(first17)
}

describe('under concurrent callers', () => {
  it('binds one ID number to exactly one of many accounts applying at once', async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => app.newUser()))
    const results = await Promise.all(
      users.map((user) =>
        app.call(user, 'member', 'apply', { name: '钱多多', phone: '13800000000', idNumber: idNumber(3), branchId: enterprise, consentVersion: membershipConsentVersion }),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(Array(11).fill('ID_NUMBER_TAKEN'))
  })

  it('lets exactly one of several admins decide an application', async () => {
    const user = await app.newUser()
    const applied = await app.ok(user, 'member', 'apply', { name: '李四', phone: '13800000001', idNumber: idNumber(4), branchId: enterprise, consentVersion: membershipConsentVersion })
    const admins = ['enterprise-admin', 'town-admin', 'county-admin', 'city-admin'] as const
    const results = await Promise.all([
      ...admins.map((a) => app.call(app.users[a], 'member', 'approve', { applicationId: applied.id })),
      ...admins.map((a) => app.call(app.users[a], 'member', 'reject', { applicationId: applied.id, reason: '重复提交' })),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code))).toEqual(new Set(['APPLICATION_NOT_PENDING']))
    const [members] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM member WHERE user_id = $1', [user])
    const [status] = await app.db.query<{ status: string }>('SELECT status FROM membership_application WHERE id = $1', [applied.id])
    expect(members.n).toBe(status.status === 'approved' ? 1 : 0)
  })

  it('counts each reader of a notice exactly once when many open it at once', async () => {
    const draft = await app.ok(app.users['city-admin'], 'notice', 'save', {
      title: '全市通知·并发阅读',
      bodyHtml: '<p>内容</p>',
      targetBranchId: await app.branchId('嘉兴市总工会'),
    })
    await app.ok(app.users['city-admin'], 'notice', 'publish', { id: draft.id })
    const readers = [app.users.member, app.users['sibling-member'], app.users['enterprise-admin']]
    const results = await Promise.all(readers.flatMap((reader) => Array.from({ length: 8 }, () => app.call(reader, 'notice', 'read', { id: draft.id }))))
    expect(results.every((r) => r.ok)).toBe(true)
    expect((await app.ok(app.users['city-admin'], 'notice', 'manageGet', { id: draft.id })).readCount).toBe(3)
  })
})
