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
import { insertLegalMember } from '../support/legal-fixtures'

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
  lawyer = await app.newStaff('秀洲区总工会', 'lawyer')
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

/**
 * Calls a legal action as the lawyer and scans what comes back: the answer, or for a step the
 * lawyer may not take, the refusal.
 */
async function asLawyer(action: string, input: Record<string, unknown>, outcome: 'ok' | 'refused' = 'ok'): Promise<unknown> {
  const result = await app.callRaw(lawyer, 'legal', { action, input })
  if (outcome === 'ok' && !result.ok) throw new Error(`legal.${action} 失败：${result.error.code} ${result.error.message}`)
  if (outcome === 'refused' && result.ok) throw new Error(`legal.${action} 本应被拒绝`)
  expect({ action, leaks: leaks(result) }).toEqual({ action, leaks: [] })
  scanned.add(action)
  return result.ok ? result.data : result.error
}

describe('an anonymous question, as its lawyer sees it', () => {
  let questionId: number
  let county: number
  const requestId = (tag: string) => `anon-${tag}-${Math.random().toString(36).slice(2, 10)}`

  beforeAll(async () => {
    county = await app.branchId('秀洲区总工会')
    // On duty every minute of every day, so the test does not depend on the clock.
    await app.db.query(
      `INSERT INTO legal_roster (branch_id, lawyer_user_id, weekday, start_minute, end_minute, created_by)
       SELECT $1, $2, d, 0, 1440, $2 FROM generate_series(1, 7) AS d`,
      [county, lawyer],
    )
    const [file] = await app.db.query<{ id: number }>(
      `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, ticket_expires_at, ready_at)
       VALUES ($1, 'lawyer_attachment', '考核通知.pdf', 'ready', 100, 'application/pdf', 'application/pdf', 100, $2, now(), now()) RETURNING id`,
      [asker.userId, `private/${'c'.repeat(64)}.pdf`],
    )
    const asked = await app.ok(asker.userId, 'legal', 'ask', {
      requestId: requestId('ask'),
      category: 'dismissal',
      title: '公司以末位淘汰为由辞退我',
      body: '入职三年，公司说我考核排名最后要解除劳动合同，没有任何补偿，这合法吗？',
      anonymous: true,
      fileIds: [file.id],
    })
    questionId = asked.questionId
  })

  it('shows the queue, the duty list and the claim without the asker', async () => {
    await asLawyer('onDuty', { branchId: county })
    for (const filter of ['unclaimed', 'all', 'overdue'] as const) await asLawyer('lawyerQueue', { filter, limit: 50 })
    await asLawyer('question', { id: questionId })
    await asLawyer('claimQuestion', { questionId })
    await asLawyer('releaseQuestion', { questionId })
    await asLawyer('claimQuestion', { questionId })
    await asLawyer('lawyerQueue', { filter: 'mine', limit: 50 })
  })

  it('keeps the asker out of the thread, both sides writing', async () => {
    const question = await asLawyer('question', { id: questionId })
    expect(question).toMatchObject({ asker: { anonymous: true, county: '秀洲区总工会' } })
    await asLawyer('sendMessage', { questionId, body: '请问公司是否事先与您协商、是否给过培训或调岗？', requestId: requestId('l1') })
    const first = (await asLawyer('messages', { questionId })) as { items: { id: number }[] }
    await app.ok(asker.userId, 'legal', 'sendMessage', { questionId, body: '没有培训也没有调岗，直接让我签离职协议。', requestId: requestId('m1') })
    await asLawyer('messages', { questionId, afterId: first.items[first.items.length - 1].id })
    await asLawyer('messages', { questionId })
    await asLawyer('sendMessage', { questionId, body: '不胜任工作须经培训或调岗仍不能胜任，公司才能提前三十日通知解除，并支付经济补偿。', requestId: requestId('l2') })
  })

  it('hands off without the asker', async () => {
    await asLawyer('markNeedsOffline', { questionId })
    await asLawyer('handOff', { questionId, kind: 'legal_aid', summary: '用人单位以末位淘汰为由单方解除劳动合同，属违法解除，建议申请法律援助主张赔偿金。' })
    await asLawyer('question', { id: questionId })
  })

  it('publishes the masked exchange and reads it back without the asker', async () => {
    await app.ok(asker.userId, 'legal', 'resolveQuestion', { questionId })
    await app.ok(asker.userId, 'legal', 'rateQuestion', { questionId, stars: 5, comment: '解答很清楚，谢谢律师' })
    await asLawyer('question', { id: questionId })
    const draft = (await asLawyer('publishDraft', { questionId })) as { category: string; title: string; questionText: string; answerText: string }
    const published = (await asLawyer('publishArticle', { questionId, category: draft.category, title: draft.title, questionText: draft.questionText, answerText: draft.answerText })) as { id: number }
    await asLawyer('searchKnowledge', { q: '末位淘汰' })
    await asLawyer('searchKnowledge', { q: '', category: 'dismissal' })
    await asLawyer('knowledgeArticle', { id: published.id })
    await asLawyer('withdrawArticle', { id: published.id })
    await asLawyer('myQuestions', { limit: 50 })
  })

  it('refuses the member-only steps to the lawyer without naming the asker', async () => {
    await asLawyer('resolveQuestion', { questionId }, 'refused')
    await asLawyer('rateQuestion', { questionId, stars: 1 }, 'refused')
  })

  it('sends the lawyer no message that names the asker', async () => {
    const messages = await app.ok(lawyer, 'message', 'list', { limit: 50 })
    expect(messages.items.length).toBeGreaterThan(0)
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
