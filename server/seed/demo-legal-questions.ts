import type { Deps } from '../action'
import { isWorkingDay } from '../calendar/china-holidays'
import { loadCaller } from '../caller'
import type { Caller } from '../caller'
import { advanceCase, consentContact, handOff } from '../legal/cases'
import { rateQuestion, resolveQuestion } from '../legal/closing'
import { legalEscalation } from '../legal/escalation'
import { askQuestion } from '../legal/questions'
import { claimQuestion } from '../legal/queue'
import { sendMessage } from '../legal/thread'
import { addDays, dayStart, shanghaiDay } from '../points/calendar'

/** A day the demo roster (Monday to Friday) covers and the calendar counts as working. */
function rosteredWorkingDay(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  return weekday !== 0 && weekday !== 6 && isWorkingDay(day)
}

/** `minute` (Shanghai) of the rostered working day `back` such days before `now`'s day. */
function workingMoment(now: Date, back: number, minute: number): Date {
  let day = addDays(shanghaiDay(now), -1)
  for (let left = back; ; day = addDays(day, -1)) {
    if (rosteredWorkingDay(day) && (left -= 1) === 0) break
  }
  return new Date(dayStart(day).getTime() + minute * 60_000)
}

const at = (hour: number, minute = 0) => hour * 60 + minute

/**
 * Questions for a local start (`npm start`, never the tests' databases, which start without any):
 * asked, claimed, answered, escalated, handed off, resolved and rated in the past through the
 * module's own functions, so that 我的咨询, the lawyer's queue, a case and 法律服务统计 show a real
 * history. Runs once: it stops if any question exists.
 */
export async function seedDemoLegalQuestions(deps: Deps, now = new Date()): Promise<boolean> {
  const { db } = deps
  const [existing] = await db.query('SELECT 1 FROM legal_question LIMIT 1')
  if (existing) return false
  const users = await db.query<{ demo_key: string; id: number }>(
    `SELECT demo_key, id FROM app_user WHERE demo_key IN ('member', 'sibling-member', 'enterprise-admin', 'lawyer', 'legal-admin')`,
  )
  const callers = new Map<string, Caller>()
  for (const u of users) {
    const caller = await loadCaller(db, u.id)
    if (caller) callers.set(u.demo_key, caller)
  }
  const [member, sibling, li, lawyer, legalAdmin] = ['member', 'sibling-member', 'enterprise-admin', 'lawyer', 'legal-admin'].map((k) => callers.get(k))
  if (!member || !sibling || !li || !lawyer || !legalAdmin) return false

  let request = 0
  const ask = (caller: Caller, when: Date, q: { category: 'wages' | 'work_injury' | 'dismissal' | 'social_insurance' | 'labour_contract'; title: string; body: string; anonymous: boolean }) =>
    askQuestion(deps, caller, { ...q, fileIds: [], requestId: `demo-legal-${(request += 1)}` }, when).then((r) => r.questionId)
  const say = (caller: Caller, questionId: number, body: string, when: Date) =>
    sendMessage(deps, caller, { questionId, body, fileIds: [], requestId: `demo-legal-${(request += 1)}` }, when)

  // 张晓梅: unpaid overtime, answered within the hour, resolved and rated.
  const overtime = await ask(member, workingMoment(now, 15, at(9, 40)), {
    category: 'wages',
    title: '每周六加班，公司说是自愿的，不给加班费',
    body: '我在厂里做质检，最近三个月每周六都要上班，车间主任说是“自愿加班”，工资条上没有加班费。考勤是打卡的。请问我能要回加班费吗？',
    anonymous: false,
  })
  await claimQuestion(deps, lawyer, overtime, workingMoment(now, 15, at(10, 5)))
  await say(lawyer, overtime, '休息日安排您工作又没有安排补休的，单位应支付不低于工资百分之二百的加班费。“自愿”不影响这一点，关键是加班是否由单位安排。请保存好打卡记录、排班通知和工资条。', workingMoment(now, 15, at(10, 35)))
  await say(member, overtime, '排班是在车间微信群里发的，这个可以作为证据吗？', workingMoment(now, 15, at(11, 10)))
  await say(lawyer, overtime, '可以。请截图保存群聊里的排班通知，注明发送人和时间。先与单位协商补发；协商不成，可以向劳动保障监察投诉，或在一年内申请劳动仲裁。', workingMoment(now, 15, at(14, 0)))
  await resolveQuestion(deps, member, overtime, workingMoment(now, 14, at(9, 0)))
  await rateQuestion(deps, member, { questionId: overtime, stars: 5, comment: '回复很快，讲得很清楚。' }, workingMoment(now, 14, at(9, 1)))

  // 陈建国, anonymously: an injury on the way home; answered late, after the reminder.
  const injuryAsked = workingMoment(now, 8, at(10, 0))
  const injury = await ask(sibling, injuryAsked, {
    category: 'work_injury',
    title: '下班路上被电动车撞了，单位说不算工伤',
    body: '上周下班骑车回家，路口被一辆电动车撞倒，小腿骨折，交警认定对方全责。单位说不是在厂里受的伤，不给报工伤。请问这种情况能认定工伤吗？',
    anonymous: true,
  })
  await legalEscalation(db, workingMoment(now, 8, at(13, 0)))
  await legalEscalation(db, workingMoment(now, 8, at(14, 10)))
  await claimQuestion(deps, lawyer, injury, workingMoment(now, 8, at(14, 20)))
  await say(lawyer, injury, '在上下班途中受到非本人主要责任的交通事故伤害，应当认定为工伤。单位不申请的，您本人或近亲属可以在事故发生之日起一年内，向统筹地区社会保险行政部门提出工伤认定申请，带上交警的事故认定书和病历。', workingMoment(now, 8, at(14, 40)))
  await resolveQuestion(deps, sibling, injury, workingMoment(now, 7, at(16, 0)))
  await rateQuestion(deps, sibling, { questionId: injury, stars: 4, comment: null }, workingMoment(now, 7, at(16, 1)))

  // 李伟: dismissed at the end of a contract while pregnant; handed off to mediation, under way.
  const dismissal = await ask(li, workingMoment(now, 5, at(9, 15)), {
    category: 'dismissal',
    title: '怀孕期间合同到期，公司通知不续签',
    body: '我妻子在公司做了四年文员，现在怀孕五个月，劳动合同下个月到期，人事口头通知不再续签。请问公司可以这样做吗？我们想和公司谈，但不知道怎么开口。',
    anonymous: false,
  })
  await claimQuestion(deps, lawyer, dismissal, workingMoment(now, 5, at(9, 30)))
  await say(lawyer, dismissal, '女职工在孕期、产期、哺乳期内劳动合同期满的，劳动合同应当续延至相应的情形消失时终止。公司不能以合同到期为由终止。建议由工会出面调解，我这边转给区里的劳动争议调解。', workingMoment(now, 5, at(10, 10)))
  const handed = await handOff(deps, lawyer, {
    questionId: dismissal,
    kind: 'mediation',
    summary: '女职工孕期劳动合同期满，单位拟不续签。已告知应续延至三期结束；职工希望与单位协商，请区调解中心约谈单位人事。',
  })
  await consentContact(deps, li, handed.caseId)
  await advanceCase(deps, legalAdmin, { caseId: handed.caseId, to: 'accepted', note: '已受理，已电话联系职工，约定下周二与单位人事面谈。' })

  // 陈建国: answered, waiting for his reply.
  const probation = await ask(sibling, workingMoment(now, 2, at(15, 30)), {
    category: 'labour_contract',
    title: '试用期被延长了两次，合法吗',
    body: '入职时说试用期三个月，到期后公司说考核没通过，又延长了两次，每次一个月，工资一直按试用期发。合同期是三年。',
    anonymous: false,
  })
  await claimQuestion(deps, lawyer, probation, workingMoment(now, 2, at(16, 0)))
  await say(lawyer, probation, '同一用人单位与同一劳动者只能约定一次试用期，三年合同的试用期最长六个月。延长试用期属于再次约定，不合法，超出的部分应按转正工资补足差额。请问您的劳动合同上写的试用期是多久？', workingMoment(now, 2, at(16, 30)))

  // 张晓梅, anonymously: asked yesterday, nobody has claimed it yet (red in the lawyer's queue).
  await ask(member, workingMoment(now, 1, at(10, 30)), {
    category: 'social_insurance',
    title: '公司按最低基数给我交社保，可以要求补缴吗',
    body: '我每月工资七千多，但社保一直按最低基数交。我想知道能不能要求公司按实际工资补缴，会不会影响以后退休金。',
    anonymous: true,
  })
  return true
}
