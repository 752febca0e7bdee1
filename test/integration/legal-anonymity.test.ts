/**
 * Anonymity (issue 10 §1, Tests): for an anonymous question, no response a lawyer gets holds the
 * asker's name, phone, member number, enterprise or nickname. One question goes through every
 * step a lawyer takes, and every answer of every lawyer action is scanned, and so are the
 * messages the lawyer receives. The last test fails when a legal action a lawyer may call was
 * never scanned: a new lawyer action is not done until it is covered here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registry } from '../../server/registry'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { demoUser, insertLegalMember } from '../support/legal-fixtures'

let app: TestApp
let lawyer: number
let asker: { userId: number; memberId: number; memberNo: string }
/** What must never reach a lawyer. */
let secrets: string[]
/** Legal actions whose answers were scanned. */
const scanned = new Set<string>()

const identity = { name: '欧阳秋萍', phone: '13957399001', nickname: '秋萍的小号' }

beforeAll(async () => {
  app = await openTestApp()
  lawyer = await demoUser(app.db, 'lawyer')
  asker = await insertLegalMember(app, { branch: '嘉兴恒创电子有限公司工会', ...identity })
  const [enterprise] = await app.db.query<{ name: string; full_name: string }>(
    `SELECT name, full_name FROM branch WHERE name = '嘉兴恒创电子有限公司工会'`,
  )
  secrets = [identity.name, identity.phone, identity.nickname, asker.memberNo, enterprise.name, enterprise.full_name, '恒创电子']
})
afterAll(() => app?.close())

/** The secrets found in a value, serialised as it would go over the wire. */
function leaks(value: unknown): string[] {
  const text = JSON.stringify(value)
  return secrets.filter((secret) => text.includes(secret))
}

/** Calls a legal action as the lawyer, expects success, and scans the answer. */
async function asLawyer(action: string, input: Record<string, unknown>): Promise<unknown> {
  const result = await app.callRaw(lawyer, 'legal', { action, input })
  if (!result.ok) throw new Error(`legal.${action} 失败：${result.error.code} ${result.error.message}`)
  expect({ action, leaks: leaks(result.data) }).toEqual({ action, leaks: [] })
  scanned.add(action)
  return result.data
}

describe('an anonymous question, as its lawyer sees it', () => {
  let questionId: number

  it('hands off without the asker in any answer or message', async () => {
    const [row] = await app.db.query<{ id: number }>(
      `INSERT INTO legal_question (asker_user_id, member_id, branch_id, branch_path, county_branch_id, queue_branch_id, queue_path,
                                   category, title, body, anonymous, request_id, lawyer_user_id, claimed_at,
                                   due_at, escalate_county_at, escalate_city_at)
       SELECT m.user_id, m.id, b.id, b.path, county.id, county.id, county.path, 'dismissal', '公司以末位淘汰为由辞退我',
              '入职三年，公司说我考核排名最后要解除劳动合同，没有任何补偿，这合法吗？', true, 'anon-1', $2, now(),
              now() + interval '2 hours', now() + interval '4 hours', now() + interval '6 hours'
         FROM member m JOIN branch b ON b.id = m.branch_id JOIN branch county ON county.id = split_part(b.path, '/', 3)::int
        WHERE m.user_id = $1
       RETURNING id`,
      [asker.userId, lawyer],
    )
    questionId = row.id
    await asLawyer('handOff', { questionId, kind: 'legal_aid', summary: '用人单位以末位淘汰为由单方解除劳动合同，属违法解除，建议申请法律援助主张赔偿金。' })
  })

  it('sends the lawyer no message that names the asker', async () => {
    const messages = await app.ok(lawyer, 'message', 'list', { limit: 50 })
    expect(leaks(messages)).toEqual([])
  })
})

describe('coverage', () => {
  it('scanned every legal action a lawyer may call', () => {
    const lawyerActions = Object.entries(registry.legal)
      .filter(([, def]) => def.access === 'public' || def.access === 'user' || (def.access === 'roles' && def.roles.includes('lawyer')))
      .map(([action]) => action)
    expect(lawyerActions.filter((action) => !scanned.has(action))).toEqual([])
  })
})
