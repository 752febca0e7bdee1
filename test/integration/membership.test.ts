import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { membershipConsentVersion } from '../../src/shared/consent'
import { withCheck } from '../support/id-numbers'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

let app: TestApp
let enterpriseId: number
let siblingEnterpriseId: number

beforeAll(async () => {
  app = await openTestApp()
  enterpriseId = await app.branchId('嘉兴恒创电子有限公司工会')
  siblingEnterpriseId = await app.branchId('嘉兴王江泾织造有限公司工会')
})
afterAll(() => app?.close())

/** A checksum-valid ID number from its first 17 digits. */
const validId = '330482199001011232'
const application = (branchId: number, idNumber = validId) => ({
  name: '孙丽',
  phone: '13957312345',
  idNumber,
  branchId,
  consentVersion: membershipConsentVersion,
})

describe('member.apply', () => {
  it('stores only the keyed hash and the last four digits of the ID number', async () => {
    const user = await app.newUser()
    const result = await app.ok(user, 'member', 'apply', application(enterpriseId))
    expect(result).toMatchObject({ status: 'pending', idLast4: '1232', phoneMasked: '139****2345' })
    const [row] = await app.db.query<Record<string, unknown>>('SELECT * FROM membership_application WHERE user_id = $1', [user])
    expect(JSON.stringify(row)).not.toContain(validId)
    expect(row.id_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(row.consent_version).toBe(membershipConsentVersion)
    // The same submission resent gets the application back; a different one while pending is refused.
    expect(await app.ok(user, 'member', 'apply', application(enterpriseId))).toEqual(result)
    expect((await app.fail(user, 'member', 'apply', { ...application(enterpriseId), name: '孙丽华' })).code).toBe('APPLICATION_PENDING')
  })

  it('refuses a bad checksum, a bad phone, a non-grassroots branch and missing consent, writing nothing', async () => {
    const user = await app.newUser()
    const before = await app.snapshot()
    const badChecksum = await app.fail(user, 'member', 'apply', application(enterpriseId, '330482199001011231'))
    expect(badChecksum).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(badChecksum.message).toContain('身份证号码无效')
    expect((await app.fail(user, 'member', 'apply', { ...application(enterpriseId), phone: '12345' })).message).toContain('手机号码')
    expect((await app.fail(user, 'member', 'apply', { ...application(enterpriseId), consentVersion: 'old' })).message).toContain('同意')
    expect((await app.fail(user, 'member', 'apply', { ...application(enterpriseId), extra: 1 })).code).toBe('VALIDATION_FAILED')
    const town = await app.branchId('油车港镇总工会')
    expect((await app.fail(user, 'member', 'apply', application(town))).code).toBe('BRANCH_NOT_GRASSROOTS')
    expect((await app.fail(user, 'member', 'apply', application(99999999))).code).toBe('NOT_FOUND')
    expect((await app.fail(null, 'member', 'apply', application(enterpriseId))).code).toBe('UNAUTHENTICATED')
    expect(await app.snapshot()).toEqual(before)
  })

  it('binds one ID number to one account', async () => {
    const first = await app.newUser()
    const second = await app.newUser()
    const idNumber = '11010519491231002X'
    await app.ok(first, 'member', 'apply', application(enterpriseId, idNumber))
    expect((await app.fail(second, 'member', 'apply', application(enterpriseId, idNumber.toLowerCase()))).code).toBe('ID_NUMBER_TAKEN')
    // The seeded member 张晓梅 already holds this one.
    expect((await app.fail(second, 'member', 'apply', application(enterpriseId, '330411199203150024'))).code).toBe('ID_NUMBER_TAKEN')
    expect((await app.fail(app.users.member, 'member', 'apply', application(enterpriseId))).code).toBe('ALREADY_MEMBER')
  })
})

describe('member review', () => {
  it('lets the enterprise admin approve, after which the applicant is a member with a card', async () => {
    const user = await app.newUser()
    const { id } = await app.ok(user, 'member', 'apply', application(enterpriseId, withCheck('33048219851111001')))
    const list = await app.ok(app.users['enterprise-admin'], 'member', 'reviewList', { status: 'pending' })
    const listed = list.items.find((i) => i.id === id)
    expect(listed).toMatchObject({ name: '孙丽', phoneMasked: '139****2345', idLast4: withCheck('33048219851111001').slice(-4) })
    const [read] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'member.reviewList' AND actor_user_id = $1 AND $2 = ANY(target_ids)`,
      [app.users['enterprise-admin'], id],
    )
    expect(read.n).toBe(1)
    const approved = await app.ok(app.users['enterprise-admin'], 'member', 'approve', { applicationId: id })
    expect(approved.memberNo).toMatch(/^JX\d{10}$/)
    // The reviewer's own resend gets the same answer; another reviewer finds it decided.
    expect(await app.ok(app.users['enterprise-admin'], 'member', 'approve', { applicationId: id })).toEqual(approved)
    expect((await app.fail(app.users['enterprise-admin'], 'member', 'reject', { applicationId: id, reason: '重复提交' })).code).toBe('APPLICATION_NOT_PENDING')
    expect((await app.fail(app.users['town-admin'], 'member', 'approve', { applicationId: id })).code).toBe('APPLICATION_NOT_PENDING')
    const status = await app.ok(user, 'member', 'status', {})
    expect(status.member).toMatchObject({ memberNo: approved.memberNo, name: '孙丽' })
    const card = await app.ok(user, 'card', 'mine', {})
    expect(card.branch.name).toBe('嘉兴恒创电子有限公司工会')
  })

  it('lets a rejected applicant fix the application and resubmit', async () => {
    const user = await app.newUser()
    const { id } = await app.ok(user, 'member', 'apply', application(enterpriseId, withCheck('33048219861212001')))
    const rejected = await app.ok(app.users['town-admin'], 'member', 'reject', { applicationId: id, reason: '姓名与身份证不符' })
    expect(await app.ok(app.users['town-admin'], 'member', 'reject', { applicationId: id, reason: '姓名与身份证不符' })).toEqual(rejected)
    const status = await app.ok(user, 'member', 'status', {})
    expect(status.application).toMatchObject({ status: 'rejected', rejectReason: '姓名与身份证不符' })
    const again = await app.ok(user, 'member', 'apply', { ...application(enterpriseId, withCheck('33048219861212001')), name: '孙丽华' })
    expect(again).toMatchObject({ id, status: 'pending', name: '孙丽华', rejectReason: null })
  })

  it('refuses reviewers outside the branch: a member, a sibling admin, an admin below, and self-review', async () => {
    const user = await app.newUser()
    const { id } = await app.ok(user, 'member', 'apply', application(siblingEnterpriseId, withCheck('33048219770707001')))
    const before = await app.snapshot()
    expect((await app.fail(app.users.member, 'member', 'approve', { applicationId: id })).code).toBe('FORBIDDEN')
    // 油车港镇 is a sibling of 王江泾镇; the enterprise admin sits under the sibling town.
    // Outside the reviewer's subtree reads like an application that does not exist.
    const nowhere = await app.fail(app.users['town-admin'], 'member', 'approve', { applicationId: 999_999 })
    expect(nowhere.code).toBe('NOT_FOUND')
    expect(await app.fail(app.users['town-admin'], 'member', 'approve', { applicationId: id })).toEqual(nowhere)
    expect((await app.fail(app.users['enterprise-admin'], 'member', 'reject', { applicationId: id, reason: '不符合条件' })).code).toBe('NOT_FOUND')
    expect((await app.fail(app.users['county-admin'], 'member', 'approve', { applicationId: 0 })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(app.users['county-admin'], 'member', 'reject', { applicationId: id, reason: '' })).code).toBe('VALIDATION_FAILED')
    expect(await app.snapshot()).toEqual(before)
    const pending = await app.ok(app.users['town-admin'], 'member', 'reviewList', { status: 'pending' })
    expect(pending.items.some((i) => i.id === id)).toBe(false)
    await app.ok(app.users['county-admin'], 'member', 'approve', { applicationId: id })
  })
})

