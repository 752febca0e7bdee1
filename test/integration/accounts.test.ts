import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { membershipConsentVersion } from '../../src/shared/consent'
import { withCheck } from '../support/id-numbers'
import { dispatch } from '../../server/action'
import { registry } from '../../server/registry'
import { signToken } from '../../server/tokens'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'
import { fundedMembers, pickupItem } from '../support/mall-fixtures'

let app: TestApp
let enterpriseId: number
beforeAll(async () => {
  app = await openTestApp()
  enterpriseId = await app.branchId('嘉兴恒创电子有限公司工会')
})
afterAll(() => app?.close())

const newDemoUser = () => app.ok(null, 'auth', 'demoLogin', { key: 'new' })

/** The user id a session token names, read back through auth.me on that session. */
async function sessionUser(token: string): Promise<number> {
  const result = await dispatch({ db: app.db, env: testEnv }, registry, 'auth', { action: 'me', input: {} }, { kind: 'token', token })
  if (!result.ok) throw new Error(result.error.code)
  return (result.data as { userId: number }).userId
}

describe('display name', () => {
  it('is the nickname, then the name applied under, then the member name', async () => {
    const session = await newDemoUser()
    const userId = session.me.userId
    expect(session.me.displayName).toBe(session.me.nickname)
    expect(session.me.displayName).toMatch(/^新用户[0-9a-f]{4}$/)

    await app.ok(userId, 'member', 'apply', {
      name: '王小明', phone: '13900001234', idNumber: withCheck('33041119950505101'), branchId: enterpriseId, consentVersion: membershipConsentVersion,
    })
    expect((await app.ok(userId, 'auth', 'me', {})).displayName).toBe('王小明')

    expect((await app.ok(app.users.member, 'auth', 'me', {})).displayName).toBe('张晓梅')
    // Staff without membership keep their nickname.
    const townAdmin = await app.ok(app.users['town-admin'], 'auth', 'me', {})
    expect(townAdmin.displayName).toBe(townAdmin.nickname)
  })
})

describe('demo accounts resume', () => {
  it('gives a new account a resume token that lists it by name and signs it in again', async () => {
    const first = await newDemoUser()
    const second = await newDemoUser()
    expect(first.resumeToken).toEqual(expect.any(String))
    expect((await app.ok(null, 'auth', 'demoLogin', { key: 'member' })).resumeToken).toBeNull()

    await app.ok(first.me.userId, 'member', 'apply', {
      name: '李小红', phone: '13900004321', idNumber: withCheck('33041119960606101'), branchId: enterpriseId, consentVersion: membershipConsentVersion,
    })

    const listed = await app.ok(null, 'auth', 'demoResumable', { tokens: [second.resumeToken ?? '', first.resumeToken ?? ''] })
    expect(listed).toEqual([
      { token: second.resumeToken, displayName: second.me.nickname, createdAt: expect.any(String) },
      { token: first.resumeToken, displayName: '李小红', createdAt: expect.any(String) },
    ])

    const resumed = await app.ok(null, 'auth', 'demoResume', { token: first.resumeToken ?? '' })
    expect(resumed.me).toMatchObject({ userId: first.me.userId, displayName: '李小红' })
    expect(resumed.resumeToken).toBe(first.resumeToken)
    expect(await sessionUser(resumed.token)).toBe(first.me.userId)
  })

  it('resumes nobody from a session token, a token naming a seeded or another user, or a tampered one', async () => {
    const made = await newDemoUser()
    const resumeToken = made.resumeToken ?? ''
    const exp = Math.floor(Date.now() / 1000) + 3600
    const forged = [
      // A session token is signed for another purpose.
      made.token,
      // Right purpose and key shape, but the key is not this user's.
      signToken('another-secret', 'demo-resume', { uid: made.me.userId, key: 'new-0000000000000000', exp }),
      signToken(testEnv.appSecret, 'demo-resume', { uid: app.users.member, key: 'new-0000000000000000', exp }),
      // A seeded account's key is not a new account's.
      signToken(testEnv.appSecret, 'demo-resume', { uid: app.users.member, key: 'member', exp }),
      // Lapsed.
      signToken(testEnv.appSecret, 'demo-resume', { uid: made.me.userId, key: 'new-0000000000000000', exp: 1 }),
      // Payload swapped under the original signature.
      `${Buffer.from(JSON.stringify({ uid: app.users.member, key: 'new-x', exp })).toString('base64url')}.${resumeToken.split('.')[1]}`,
    ]
    for (const token of forged) {
      expect((await app.fail(null, 'auth', 'demoResume', { token })).code).toBe('DEMO_ACCOUNT_GONE')
    }
    expect(await app.ok(null, 'auth', 'demoResumable', { tokens: forged })).toEqual([])
    // The same token twice lists the account once.
    expect(await app.ok(null, 'auth', 'demoResumable', { tokens: [resumeToken, resumeToken] })).toHaveLength(1)
  })

  it('is refused outside demo mode and for malformed input', async () => {
    const { resumeToken } = await newDemoUser()
    const production = { db: app.db, env: { ...testEnv, demoLogin: false } }
    for (const [action, input] of [['demoResume', { token: resumeToken }], ['demoResumable', { tokens: [resumeToken] }]] as const) {
      const result = await dispatch(production, registry, 'auth', { action, input }, { kind: 'token', token: null })
      expect(result.ok ? 'accepted' : result.error.code).toBe('DEMO_DISABLED')
    }
    expect((await app.fail(null, 'auth', 'demoResume', { token: 'not a token' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(null, 'auth', 'demoResumable', { tokens: Array(21).fill(resumeToken) })).code).toBe('VALIDATION_FAILED')
  })
})

describe('work queues', () => {
  it('counts pending applications for admins by scope and pickups for operators, null for roles not held', async () => {
    const before = {
      enterprise: await app.ok(app.users['enterprise-admin'], 'auth', 'workQueues', {}),
      sibling: await app.ok(await app.newStaff('王江泾镇总工会'), 'auth', 'workQueues', {}),
    }
    const session = await newDemoUser()
    await app.ok(session.me.userId, 'member', 'apply', {
      name: '赵小军', phone: '13900007777', idNumber: withCheck('33041119900707101'), branchId: enterpriseId, consentVersion: membershipConsentVersion,
    })
    const enterprise = await app.ok(app.users['enterprise-admin'], 'auth', 'workQueues', {})
    expect(enterprise).toEqual({ pendingApplications: (before.enterprise.pendingApplications ?? 0) + 1, pendingPickups: null, pendingClaims: null, claimsToPay: null, legalUnclaimed: null, casesToAccept: null })
    expect(await app.ok(app.users['town-admin'], 'auth', 'workQueues', {})).toMatchObject({ pendingApplications: expect.any(Number), pendingPickups: null })
    // The sibling town does not see the enterprise's application.
    expect((await app.ok(await app.newStaff('王江泾镇总工会'), 'auth', 'workQueues', {})).pendingApplications).toBe(before.sibling.pendingApplications)

    // A pickup order at 油车港镇 counts for the 秀洲区 operator, not for one in the sibling town.
    const siblingOperator = await app.newStaff('王江泾镇总工会', 'mall_operator')
    const pickupsBefore = {
      county: (await app.ok(app.users['mall-operator'], 'auth', 'workQueues', {})).pendingPickups,
      sibling: (await app.ok(siblingOperator, 'auth', 'workQueues', {})).pendingPickups,
    }
    const [buyer] = await fundedMembers(app, [500])
    const itemId = await pickupItem(app.db, { price: 100, stock: 5 })
    await app.ok(buyer.userId, 'mall', 'redeem', { itemId, quantity: 1, requestId: 'work-queues-pickup-0001' })
    expect(await app.ok(app.users['mall-operator'], 'auth', 'workQueues', {})).toEqual({ pendingApplications: null, pendingPickups: (pickupsBefore.county ?? 0) + 1, pendingClaims: null, claimsToPay: null, legalUnclaimed: null, casesToAccept: null })
    expect((await app.ok(siblingOperator, 'auth', 'workQueues', {})).pendingPickups).toBe(pickupsBefore.sibling)
    expect(await app.ok(app.users.member, 'auth', 'workQueues', {})).toEqual({ pendingApplications: null, pendingPickups: null, pendingClaims: null, claimsToPay: null, legalUnclaimed: null, casesToAccept: null })
  })
})
