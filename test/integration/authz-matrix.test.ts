/**
 * The authorisation matrix: one entry per action in the registry, naming the callers that must
 * be refused against another member's or another branch's object, and with which code. An
 * action without an entry fails the first test: a new action is not done until someone has
 * decided who may not call it.
 *
 * The objects sit in 秀洲区 (county) → 油车港镇 (town) → 嘉兴恒创电子 (enterprise), owned by
 * a member there who is none of the callers. The callers stand beside or below them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routes, withQuery } from '../../src/routes'
import { healthConsentVersion } from '../../src/shared/aid/claim-types'
import { membershipConsentVersion } from '../../src/shared/consent'
import { datingConsentVersion } from '../../src/shared/dating/names'
import type { DatingFigures } from '../../src/shared/api/dating-review'
import type { ErrorCode } from '../../src/shared/errors'
import { xlsxType } from '../../src/shared/file-purposes'
import { idCheckChar } from '../../src/shared/id-number'
import { httpStatusOf } from '../../server/action'
import { shanghaiDay, shanghaiYear } from '../../server/points/calendar'
import { completeCourse } from '../../server/course/completion'
import { createMatch } from '../../server/dating/matches'
import { notify } from '../../server/notify'
import { registry } from '../../server/registry'
import { demoAidRules } from '../../server/seed/demo-aid'
import { enrolInPlan, insertAidPlan } from '../support/aid-fixtures'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertLegalQuestion } from '../support/legal-fixtures'
import { generatedQuestions, insertBank, insertCourse } from '../support/course-fixtures'
import { insertDater } from '../support/dating-fixtures'
import { insertBook } from '../support/library-fixtures'
import { fundedMembers } from '../support/mall-fixtures'

const callerKinds = [
  'anonymous',
  /** Signed in, not a member. */
  'user',
  /** A member of the objects' own enterprise, not their owner. */
  'member',
  /** A member of an enterprise in the sibling town. */
  'siblingMember',
  /** Admin of the sibling town 王江泾镇. */
  'siblingAdmin',
  /** Admin of the sibling county 南湖区. */
  'siblingCountyAdmin',
  /** Admin of 油车港镇: below objects that belong to 秀洲区. */
  'belowAdmin',
  /** Admin of the enterprise itself, below everything published above it. */
  'enterpriseAdmin',
  /** Mall operator of 南湖区: another scope. */
  'otherOperator',
  /** Mall operator of 油车港镇: below the county's goods (but their pickup point). */
  'belowOperator',
  /** 互助管理员 of 秀洲区: sees the county's plans, may not define plans (the city does). */
  'countyAidAdmin',
  /** 互助管理员 of 南湖区: another scope. */
  'siblingCountyAidAdmin',
  /** 互助审核员 of the sibling county 南湖区. */
  'siblingReviewer',
  /** 律师 and 法律服务管理员 of the sibling county 南湖区. */
  'siblingCountyLawyer',
  'siblingCountyLegalAdmin',
  // Callers who must see the objects: they prove a "hides" check looks at the right rows.
  /** The member who owns the orders and the ledger entries. */
  'owner',
  /** Admin of 秀洲区, whose draft it is. */
  'countyAdmin',
  /** Mall operator of 秀洲区, whose goods they are. */
  'countyOperator',
  /** 互助审核员 of 秀洲区, over the owner's claim. */
  'countyReviewer',
  /** 律师 of 秀洲区, on its duty roster: sees the owner's question in the queue, and holds the owner's other question, handed off to a case. */
  'countyLawyer',
  /** 法律服务管理员 of 秀洲区, over the owner's legal questions, following the case. */
  'countyLegalAdmin',
  /** 图书管理员 of 秀洲区, over the county's books and 书单; and of the sibling county 南湖区. */
  'countyLibrarian',
  'siblingCountyLibrarian',
] as const
type CallerKind = (typeof callerKinds)[number]

interface Fixtures {
  county: number
  town: number
  enterprise: number
  owner: { memberNo: string; ledgerIds: number[] }
  memberNo: string
  memberCard: string
  application: number
  draftNotice: number
  siblingNotice: number
  countyItem: number
  countyVirtualItem: number
  invisibleItem: number
  pickupOrder: number
  pickupCode: string
  deliveryOrder: number
  enterpriseAdminGrant: number
  category: number
  /** 秀洲区职工服务中心, run by the county. */
  countyPoint: number
  /** An unread message of the owner's. */
  ownerMessage: number
  /** 油车港镇职工服务中心, where the county's pickup goods are collected. */
  townPoint: number
  /** The owner's claim document, part of a claim. */
  ownerClaimFile: number
  /** 秀洲区's draft 医疗互助 plan and its open one, in which the owner is enrolled. */
  draftPlan: number
  openPlan: number
  ownerEnrolment: number
  /** An open 医疗互助 plan, city-wide, that members may also join alone. */
  aidPlan: number
  /** An enrolment sheet uploaded by a staff member of the enterprise who is none of the callers. */
  aidSheet: number
  /** The enterprise's enrolment batch awaiting payment, submitted by that staff member. */
  aidBatch: number
  /** 秀洲区's settlement import, with a flagged row of the owner's stay; a settlement file uploaded by 南湖区's aid_admin. */
  settlementImport: number
  settlementRow: number
  siblingSettlementFile: number
  /** The owner's manual claim, submitted under ownerEnrolment. */
  ownerClaim: number
  /** A claim document of the owner's, not yet part of a claim. */
  ownerLooseClaimFile: number
  /** The owner's anonymous legal question, unclaimed in 秀洲区's queue. */
  ownerQuestion: number
  /** The countyLawyer caller, and its slot on 秀洲区's duty roster. */
  countyLawyer: number
  rosterSlot: number
  /** The owner's legal question, held by 秀洲区's lawyer and handed off to a case of 秀洲区. */
  legalQuestion: number
  legalCase: number
  /** A book for 油车港镇 (not the sibling town), on the owner's shelf, and the owner's reading session on it. */
  readingBook: number
  ownerReadingSession: number
  /** 油车港镇's published 读书活动 and the city's book it lists. */
  campaign: number
  campaignBook: number
  /** 油车港镇's published 答题拉力赛 (run by 秀洲区's course editor), and the county's bank its round draws from. */
  contest: number
  contestBank: number
  /** A published book for 油车港镇's subtree (so not for the sibling town), and the owner's highlight in it. */
  townBook: number
  ownerAnnotation: number
  /** 秀洲区's draft book and draft 书单 (holding its published book); a book published for 油车港镇 only. */
  libraryDraft: number
  libraryList: number
  libraryTownBook: number
  /** 点单送课: an orderable city course; an order of the enterprise's (placed by a staff member who is none of the callers) awaiting a decision; another accepted by 秀洲区's course editor, with a session for the enterprise's workers in which the owner has a place. */
  trainingCourse: number
  trainingOrder: number
  acceptedOrder: number
  trainingSession: number
  /** 职工课堂: a course published for 油车港镇 (a video and an article lesson), and 秀洲区's draft course with a lesson. */
  townCourse: number
  townCourseLessons: number[]
  draftCourse: number
  draftLesson: number
  /** The owner's 结业证书 of a course of 秀洲区. */
  ownerCertificate: string
  /** 答题: a published quiz for 油车港镇 (so not for the sibling town), and the owner's attempt at it with one of its questions. */
  townQuiz: number
  ownerAttempt: number
  ownerAttemptQuestion: number
  /** 鹊桥会: a live match between two members who are none of the callers, with a message. */
  datingMatch: number
}

interface Entry {
  /** What the action touches, in words; "own" when it only ever reads or writes the caller's own data. */
  object: string
  input: (fx: Fixtures) => Record<string, unknown>
  refuse: Partial<Record<CallerKind, ErrorCode>>
  /** Tables a refusal writes to by design; every other table must stay unchanged. */
  records?: string[]
  /**
   * Callers the action serves who must not find the object in its answer, and one who must (so a
   * wrong id or key cannot make the check pass by finding nothing for anyone).
   */
  hides?: { as: CallerKind[]; seenBy?: CallerKind; found: (data: unknown, fx: Fixtures) => boolean }
}

/** The rows of a list answer: a page's items, a stats answer's items, or a bare array. */
function rows(data: unknown): Record<string, unknown>[] {
  if (Array.isArray(data)) return data
  if (typeof data === 'object' && data !== null && 'items' in data && Array.isArray(data.items)) return data.items
  throw new Error(`not a list: ${JSON.stringify(data).slice(0, 100)}`)
}
const listed = (id: (fx: Fixtures) => number | number[], key: (row: Record<string, unknown>) => unknown = (r) => r.id) =>
  (data: unknown, fx: Fixtures) => {
    const wanted = [id(fx)].flat()
    return rows(data).some((row) => wanted.includes(key(row) as number))
  }
const branchIdOf = (row: Record<string, unknown>) => (row.branch as { id: number }).id

const noRole = { anonymous: 'UNAUTHENTICATED', user: 'FORBIDDEN', member: 'FORBIDDEN', siblingMember: 'FORBIDDEN' } as const
const notAdmin = { ...noRole, otherOperator: 'FORBIDDEN', belowOperator: 'FORBIDDEN' } as const
const notOperator = { ...noRole, siblingAdmin: 'FORBIDDEN', belowAdmin: 'FORBIDDEN' } as const
const notMember = { anonymous: 'UNAUTHENTICATED', user: 'NOT_MEMBER', siblingAdmin: 'NOT_MEMBER', otherOperator: 'NOT_MEMBER' } as const
/** Members who have not joined 鹊桥会 (none of the matrix's members has). */
const notDater = { ...notMember, member: 'DATING_NOT_JOINED', siblingMember: 'DATING_NOT_JOINED' } as const
const notAidAdmin = { ...noRole, siblingAdmin: 'FORBIDDEN', countyAidAdmin: 'FORBIDDEN', siblingCountyAidAdmin: 'FORBIDDEN' } as const
/** Callers holding neither 医疗互助 role: the reviewer actions turn them away before any claim is read. */
const notAidStaff = (except: CallerKind[] = []): Entry['refuse'] =>
  Object.fromEntries(
    callerKinds
      .filter((kind) => !['siblingReviewer', 'siblingCountyAidAdmin', 'countyAidAdmin', 'countyReviewer', ...except].includes(kind))
      .map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']),
  )
/** Reviewer actions on the owner's claim: a reviewer of another county finds no such claim, an aid_admin holds no reviewer role. */
const reviewerOnly = (): Entry['refuse'] => ({ ...notAidStaff(), siblingReviewer: 'NOT_FOUND', siblingCountyAidAdmin: 'FORBIDDEN', countyAidAdmin: 'FORBIDDEN' })
/** Callers holding neither 在线律师 role: the legal staff actions turn them away before any question is read. */
const notLegalStaff = (except: CallerKind[] = []): Entry['refuse'] =>
  Object.fromEntries(
    callerKinds
      .filter((kind) => !['countyLawyer', 'siblingCountyLawyer', 'siblingCountyLegalAdmin', 'countyLegalAdmin', ...except].includes(kind))
      .map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']),
  )
/** legal_admin actions on 秀洲区's roster or questions: another county's admin finds nothing, a lawyer holds no admin role. */
const legalAdminOnly = (): Entry['refuse'] => ({ ...notLegalStaff(), countyLawyer: 'FORBIDDEN', siblingCountyLawyer: 'FORBIDDEN', siblingCountyLegalAdmin: 'NOT_FOUND' })
/** Lawyer actions on the owner's question: another county's lawyer finds no such question, an admin holds no lawyer role. */
const lawyerOnly = (): Entry['refuse'] => ({ ...notLegalStaff(), siblingCountyLegalAdmin: 'FORBIDDEN', countyLegalAdmin: 'FORBIDDEN', siblingCountyLawyer: 'NOT_FOUND' })
const forgedResumeToken = `${Buffer.from(JSON.stringify({ uid: 1, key: 'new-0', exp: 4102444800 })).toString('base64url')}.${'A'.repeat(43)}`
/** 互助统计: aid_admins and admins at the branch or above it; the rest have no role or another subtree. */
const figuresRefusals = {
  ...notAdmin,
  owner: 'FORBIDDEN',
  countyOperator: 'FORBIDDEN',
  siblingAdmin: 'OUT_OF_SCOPE',
  siblingCountyAdmin: 'OUT_OF_SCOPE',
  belowAdmin: 'OUT_OF_SCOPE',
  enterpriseAdmin: 'OUT_OF_SCOPE',
  siblingCountyAidAdmin: 'OUT_OF_SCOPE',
} as const
/** Every caller but the librarians: the catalogue's librarian actions turn them away before any book is read. */
const notLibrarian: Entry['refuse'] = Object.fromEntries(
  callerKinds.filter((kind) => !['countyLibrarian', 'siblingCountyLibrarian'].includes(kind)).map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']),
)
/** The town's book is for 油车港镇's members: to members elsewhere and to callers who are neither members nor librarians it does not exist. */
const notTownReader: Entry['refuse'] = Object.fromEntries(
  callerKinds
    .filter((kind) => !['member', 'owner', 'enterpriseAdmin', 'countyLibrarian'].includes(kind))
    .map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'NOT_FOUND']),
)
/** No caller here holds course_editor: the editors' actions turn every one of them away. */
const notCourseEditor: Entry['refuse'] = Object.fromEntries(callerKinds.map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']))
/** The town's course is for 油车港镇's members: to members elsewhere and to callers who are neither members nor course editors it does not exist. */
const notTownLearner: Entry['refuse'] = Object.fromEntries(
  callerKinds
    .filter((kind) => !['member', 'owner', 'enterpriseAdmin'].includes(kind))
    .map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'NOT_FOUND']),
)
/** No caller here is a matchmaker: the 联谊活动 staff actions turn every one of them away. */
const eventStaffRefusals: Entry['refuse'] = Object.fromEntries(callerKinds.map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']))
/** 联谊活动 member actions: non-members get NOT_MEMBER, members who have not joined 鹊桥会 DATING_NOT_JOINED. */
const eventMemberRefusals: Entry['refuse'] = {
  anonymous: 'UNAUTHENTICATED',
  user: 'NOT_MEMBER',
  siblingAdmin: 'NOT_MEMBER',
  otherOperator: 'NOT_MEMBER',
  member: 'DATING_NOT_JOINED',
  siblingMember: 'DATING_NOT_JOINED',
  owner: 'DATING_NOT_JOINED',
}
const townBookFound = (data: unknown, fx: Fixtures) => JSON.stringify(data).includes(`"id":${fx.libraryTownBook},`)
const requestId = () => `authz-${Math.random().toString(36).slice(2, 12)}`
/** Only a city legal_admin edits the policy: every caller here, county legal_admins included, is turned away (legal-sla.test.ts covers the city's). */
const notLegalAdmin: Entry['refuse'] = Object.fromEntries(callerKinds.map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']))
/** No caller here is a 红娘: the matchmakers' 鹊桥会 actions turn every one of them away. */
const notDatingStaff: Entry['refuse'] = Object.fromEntries(callerKinds.map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']))

const matrix: Record<string, Entry> = {
  'auth.me': { object: 'own: the caller', input: () => ({}), refuse: { anonymous: 'UNAUTHENTICATED' } },
  'auth.demoAccounts': { object: 'public: the demo login list', input: () => ({}), refuse: {} },
  'auth.demoLogin': { object: 'public: demo login, refused in production (dispatch-host test)', input: () => ({ key: 'member' }), refuse: {} },
  // A forged resume token (a session-shaped payload naming user 1, signed by nobody) resumes nobody.
  'auth.demoResumable': {
    object: 'public: the accounts behind forged resume tokens',
    input: () => ({ tokens: [forgedResumeToken] }),
    refuse: {},
    hides: { as: [...callerKinds], found: (data) => rows(data).length > 0 },
  },
  'auth.workQueues': { object: "own: counts in the caller's scopes (accounts test)", input: () => ({}), refuse: { anonymous: 'UNAUTHENTICATED' } },
  'auth.demoResume': {
    object: 'public: the account behind a forged resume token',
    input: () => ({ token: forgedResumeToken }),
    refuse: Object.fromEntries(callerKinds.map((kind) => [kind, 'DEMO_ACCOUNT_GONE'])),
  },

  'branch.search': {
    object: "the branches where the caller holds a role, here the enterprise",
    input: () => ({ q: '恒创', scope: 'admin' }),
    refuse: { anonymous: 'UNAUTHENTICATED', user: 'FORBIDDEN', member: 'FORBIDDEN', otherOperator: 'FORBIDDEN' },
    hides: { seenBy: 'belowAdmin', as: ['siblingAdmin', 'siblingCountyAdmin'], found: listed((fx) => fx.enterprise) },
  },
  'branch.children': { object: 'public to users: the union tree', input: (fx) => ({ parentId: fx.town }), refuse: { anonymous: 'UNAUTHENTICATED' } },

  'card.mine': { object: "own: the caller's card", input: () => ({}), refuse: notMember },
  'card.verify': {
    object: "a member's card in the enterprise",
    input: (fx) => ({ token: fx.memberCard }),
    refuse: { ...noRole, siblingAdmin: 'OUT_OF_SCOPE', siblingCountyAdmin: 'OUT_OF_SCOPE', otherOperator: 'OUT_OF_SCOPE' },
  },

  'member.status': { object: "own: the caller's membership", input: () => ({}), refuse: { anonymous: 'UNAUTHENTICATED' } },
  'member.apply': {
    object: "own: the caller's application",
    input: (fx) => ({ name: '测试申请', phone: '13900000001', idNumber: idNumber('0202'), branchId: fx.enterprise, consentVersion: membershipConsentVersion }),
    refuse: { anonymous: 'UNAUTHENTICATED', member: 'ALREADY_MEMBER', siblingMember: 'ALREADY_MEMBER' },
  },
  'member.reviewList': {
    object: 'a pending application to the enterprise',
    input: () => ({ status: 'pending' }),
    refuse: notAdmin,
    hides: { seenBy: 'enterpriseAdmin', as: ['siblingAdmin', 'siblingCountyAdmin'], found: listed((fx) => fx.application) },
    // The staff member who may see it reads personal data (an application, an address): that read is audited.
    records: ['audit_log'],
  },
  'member.approve': {
    object: 'a pending application to the enterprise',
    input: (fx) => ({ applicationId: fx.application }),
    refuse: { ...notAdmin, siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND' },
  },
  'member.reject': {
    object: 'a pending application to the enterprise',
    input: (fx) => ({ applicationId: fx.application, reason: '材料不全' }),
    refuse: { ...notAdmin, siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND' },
  },

  'notice.feed': {
    object: "own: the caller's feed; a notice aimed at the sibling town and a draft stay out",
    input: () => ({ limit: 50 }),
    refuse: notMember,
    hides: { seenBy: 'siblingMember', as: ['member'], found: listed((fx) => [fx.siblingNotice, fx.draftNotice]) },
  },
  'notice.read': { object: 'a notice aimed at the sibling town', input: (fx) => ({ id: fx.siblingNotice }), refuse: { ...notMember, member: 'NOT_FOUND' } },
  'notice.manageList': {
    object: "the county's draft",
    input: () => ({ limit: 50 }),
    refuse: notAdmin,
    hides: { seenBy: 'countyAdmin', as: ['belowAdmin', 'enterpriseAdmin', 'siblingAdmin', 'siblingCountyAdmin'], found: listed((fx) => fx.draftNotice) },
  },
  'notice.manageGet': { object: "the county's draft", input: (fx) => ({ id: fx.draftNotice }), refuse: noticeRefusals() },
  'notice.save': {
    object: "the county's draft",
    input: (fx) => ({ id: fx.draftNotice, title: '改写标题', bodyHtml: '<p>改写</p>', targetBranchId: fx.town }),
    refuse: noticeRefusals(),
  },
  'notice.publish': { object: "the county's draft", input: (fx) => ({ id: fx.draftNotice }), refuse: noticeRefusals() },
  'notice.setPinned': { object: "the county's draft", input: (fx) => ({ id: fx.draftNotice, pinned: true }), refuse: noticeRefusals() },
  'notice.withdraw': { object: "the county's published notice", input: (fx) => ({ id: fx.siblingNotice }), refuse: noticeRefusals() },
  'notice.audience': { object: "the county's draft", input: (fx) => ({ id: fx.draftNotice }), refuse: noticeRefusals() },

  'points.summary': { object: "own: the caller's balance", input: () => ({}), refuse: notMember },
  'points.checkIn': { object: "own: the caller's check-in", input: () => ({}), refuse: notMember },
  'points.history': {
    object: "own: the caller's ledger; the owner's entries stay out",
    input: () => ({ limit: 50 }),
    refuse: notMember,
    hides: { seenBy: 'owner', as: ['member', 'siblingMember'], found: listed((fx) => fx.owner.ledgerIds) },
  },
  'points.findMember': {
    object: 'a member of the enterprise',
    input: (fx) => ({ memberNo: fx.owner.memberNo }),
    // Out of scope says so (member numbers are sequential, their existence no secret) and names no one.
    refuse: { ...notAdmin, siblingAdmin: 'OUT_OF_SCOPE', siblingCountyAdmin: 'OUT_OF_SCOPE' },
  },
  'points.grant': {
    object: 'a member of the enterprise',
    input: (fx) => ({ memberNo: fx.owner.memberNo, points: 10, reason: '越权发放', requestId: requestId() }),
    refuse: { ...notAdmin, siblingAdmin: 'OUT_OF_SCOPE', siblingCountyAdmin: 'OUT_OF_SCOPE' },
  },
  'points.setBudget': {
    object: "the enterprise's budget, set from the town above it",
    input: (fx) => ({ branchId: fx.enterprise, year: shanghaiYear(new Date()), amount: 10 }),
    refuse: { ...notAdmin, siblingAdmin: 'OUT_OF_SCOPE', siblingCountyAdmin: 'OUT_OF_SCOPE', enterpriseAdmin: 'OUT_OF_SCOPE' },
  },
  'points.myBudgets': {
    object: "own: the budgets of the caller's admin branches",
    input: () => ({}),
    refuse: notAdmin,
    hides: { seenBy: 'belowAdmin', as: ['siblingAdmin', 'siblingCountyAdmin'], found: listed((fx) => [fx.town, fx.enterprise], branchIdOf) },
  },
  'points.budgets': {
    object: "the town's and the enterprise's budgets",
    input: () => ({ year: shanghaiYear(new Date()), limit: 50 }),
    refuse: notAdmin,
    hides: { seenBy: 'belowAdmin', as: ['siblingAdmin', 'siblingCountyAdmin'], found: listed((fx) => [fx.town, fx.enterprise], branchIdOf) },
  },

  'mall.categories': { object: 'public to users: the category list', input: () => ({}), refuse: { anonymous: 'UNAUTHENTICATED' } },
  'mall.items': {
    object: "own: the goods visible to the caller's branch; 南湖区's goods stay out",
    input: () => ({ limit: 50 }),
    refuse: notMember,
    hides: { as: ['member', 'siblingMember'], found: listed((fx) => fx.invisibleItem) },
  },
  // An invisible item answers like one that does not exist.
  'mall.item': { object: "南湖区's goods", input: (fx) => ({ id: fx.invisibleItem }), refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND' } },
  'mall.redeem': {
    object: "南湖区's goods",
    input: (fx) => ({ itemId: fx.invisibleItem, quantity: 1, requestId: requestId() }),
    refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND' },
  },
  'mall.myOrders': {
    object: "own: the caller's orders; the owner's stay out",
    input: () => ({ limit: 50 }),
    refuse: notMember,
    hides: { seenBy: 'owner', as: ['member', 'siblingMember'], found: listed((fx) => [fx.pickupOrder, fx.deliveryOrder]) },
  },
  'mall.myOrder': { object: "the owner's pickup order", input: (fx) => ({ id: fx.pickupOrder }), refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND' } },
  'mall.cancel': { object: "the owner's pickup order", input: (fx) => ({ id: fx.pickupOrder }), refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND' } },
  'mall.confirmReceived': {
    object: "the owner's delivery order",
    input: (fx) => ({ id: fx.deliveryOrder }),
    refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND' },
  },
  'mall.manageItems': {
    object: "the county's goods",
    input: () => ({ limit: 50 }),
    refuse: notOperator,
    hides: { seenBy: 'countyOperator', as: ['otherOperator', 'belowOperator'], found: listed((fx) => [fx.countyItem, fx.countyVirtualItem]) },
  },
  'mall.manageItem': { object: "the county's goods", input: (fx) => ({ id: fx.countyItem }), refuse: operatorRefusals() },
  'mall.saveItem': {
    object: "the county's goods",
    input: (fx) => ({
      id: fx.countyItem,
      title: '越权改名',
      categoryId: fx.category,
      kind: 'pickup',
      pricePoints: 1,
      saleStart: new Date().toISOString(),
      scopeBranchId: fx.county,
      pickupPointId: fx.townPoint,
    }),
    // The scope branch is checked first, and the branch tree is public: that refusal names the scope.
    refuse: { ...notOperator, otherOperator: 'OUT_OF_SCOPE', belowOperator: 'OUT_OF_SCOPE' },
  },
  'mall.restock': { object: "the county's goods", input: (fx) => ({ itemId: fx.countyItem, delta: 1, requestId: requestId() }), refuse: operatorRefusals() },
  'mall.uploadCodes': { object: "the county's coupons", input: (fx) => ({ itemId: fx.countyVirtualItem, codes: ['AUTHZ-0001'], validUntil: '2099-12-31' }), refuse: operatorRefusals() },
  'mall.orderQueue': {
    object: "the owner's orders of the county's goods",
    input: () => ({ queue: 'all', limit: 50 }),
    refuse: notOperator,
    hides: { seenBy: 'countyOperator', as: ['otherOperator'], found: listed((fx) => [fx.pickupOrder, fx.deliveryOrder]) },
    // The staff member who may see it reads personal data (an application, an address): that read is audited.
    records: ['audit_log'],
  },
  // Another scope's live code answers like a wrong one: no oracle of which codes are live.
  'mall.verifyPickup': {
    object: "the owner's pickup code",
    input: (fx) => ({ code: fx.pickupCode }),
    refuse: { ...notOperator, otherOperator: 'PICKUP_CODE_INVALID' },
    // The failed attempt counts towards the operator's lockout, and that count is the audit log.
    records: ['audit_log'],
  },
  'mall.ship': {
    object: "the owner's delivery order",
    input: (fx) => ({ id: fx.deliveryOrder, trackingNo: 'SF1234567890' }),
    refuse: operatorRefusals(),
  },
  'mall.operatorCancel': {
    object: "the owner's delivery order",
    input: (fx) => ({ id: fx.deliveryOrder, reason: '越权取消' }),
    refuse: operatorRefusals(),
  },
  'mall.stats': {
    object: "the county's goods",
    input: () => ({}),
    refuse: notOperator,
    hides: { seenBy: 'countyOperator', as: ['otherOperator'], found: listed((fx) => [fx.countyItem, fx.countyVirtualItem], (r) => r.itemId) },
  },
  'mall.pickupPoints': {
    object: "the county's pickup point",
    input: () => ({ includeRetired: true, limit: 50 }),
    refuse: notOperator,
    hides: { seenBy: 'countyOperator', as: ['otherOperator', 'belowOperator'], found: listed((fx) => fx.countyPoint) },
  },
  'mall.createPickupPoint': {
    object: 'a pickup point run by the county',
    input: (fx) => ({ branchId: fx.county, name: '越权自提点', address: '嘉兴市秀洲区某路 1 号', openingHours: '工作日 9:00-17:00', phone: '0573-82000000', requestId: requestId() }),
    refuse: { ...notOperator, otherOperator: 'OUT_OF_SCOPE', belowOperator: 'OUT_OF_SCOPE' },
  },
  'mall.updatePickupPoint': {
    object: "the county's pickup point",
    input: (fx) => ({ id: fx.countyPoint, name: '越权改名', address: '嘉兴市秀洲区某路 1 号', openingHours: '工作日 9:00-17:00', phone: '0573-82000000' }),
    refuse: operatorRefusals(),
  },
  'mall.retirePickupPoint': { object: "the county's pickup point", input: (fx) => ({ id: fx.countyPoint }), refuse: operatorRefusals() },

  'message.list': {
    object: "own: the caller's messages; the owner's stay out",
    input: () => ({ limit: 50 }),
    refuse: { anonymous: 'UNAUTHENTICATED' },
    hides: { seenBy: 'owner', as: ['member', 'user', 'countyOperator'], found: listed((fx) => fx.ownerMessage) },
  },
  'message.unreadCount': { object: "own: the caller's unread count", input: () => ({}), refuse: { anonymous: 'UNAUTHENTICATED' } },
  'message.markRead': {
    object: "the owner's unread message",
    input: (fx) => ({ id: fx.ownerMessage }),
    refuse: { anonymous: 'UNAUTHENTICATED', user: 'NOT_FOUND', member: 'NOT_FOUND', siblingMember: 'NOT_FOUND', countyOperator: 'NOT_FOUND', countyAdmin: 'NOT_FOUND' },
  },
  'message.markAllRead': { object: "own: the caller's messages (messages test)", input: () => ({}), refuse: { anonymous: 'UNAUTHENTICATED' } },
  'message.subscribeTemplates': { object: 'the configured template ids of a moment (subscribe test)', input: () => ({ moment: 'redeem' }), refuse: { anonymous: 'UNAUTHENTICATED' } },
  'message.recordConsent': {
    object: "own: the caller's send allowances (subscribe test); an id outside the configuration is refused for everyone",
    input: () => ({ templateIds: ['not-a-configured-template'] }),
    refuse: Object.fromEntries(callerKinds.map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'SUBSCRIBE_TEMPLATE_UNKNOWN'])),
  },

  'file.uploadTicket': {
    object: 'a goods image: public files are uploaded by staff who edit goods or notices',
    input: () => ({ purpose: 'goods_image', name: '商品.jpg', size: 1000, type: 'image/jpeg' }),
    refuse: { anonymous: 'UNAUTHENTICATED', user: 'FORBIDDEN', member: 'FORBIDDEN', siblingMember: 'FORBIDDEN' },
  },
  // Self-hosted, bytes go to POST /upload (files test); only WeChat cloud storage is confirmed here.
  'file.confirmUpload': {
    object: 'a WeChat cloud upload, which a self-hosted deployment has none of',
    input: () => ({ ticket: 'x'.repeat(40), cloudFileId: 'cloud://env/uploads/1-x' }),
    refuse: Object.fromEntries(callerKinds.map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'BAD_REQUEST'])),
  },
  // Only the county's claim reviewer covers the owner: to everyone else the owner's document does not exist.
  'file.readUrl': {
    object: "the owner's claim document",
    input: (fx) => ({ id: fx.ownerClaimFile }),
    refuse: Object.fromEntries(
      callerKinds
        // Claim reviewers and aid_admins over the owner read claim documents (the record names no claim).
        .filter((kind) => kind !== 'owner' && kind !== 'countyReviewer' && kind !== 'countyAidAdmin')
        .map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'NOT_FOUND']),
    ),
  },

  'aid.plans': {
    object: "秀洲区's draft plan",
    input: () => ({ view: 'manage', limit: 50 }),
    refuse: { ...noRole, siblingAdmin: 'FORBIDDEN' },
    hides: { seenBy: 'countyAidAdmin', as: ['siblingCountyAidAdmin'], found: listed((fx) => fx.draftPlan) },
  },
  'aid.plan': {
    object: "秀洲区's draft plan",
    input: (fx) => ({ id: fx.draftPlan }),
    refuse: { anonymous: 'UNAUTHENTICATED', user: 'NOT_FOUND', member: 'NOT_FOUND', owner: 'NOT_FOUND', siblingAdmin: 'NOT_FOUND', siblingCountyAidAdmin: 'NOT_FOUND' },
  },
  // Plans are defined by a city aid_admin only: a county's aid_admin is refused even in scope.
  'aid.savePlan': {
    object: "秀洲区's draft plan",
    input: (fx) => ({ id: fx.draftPlan, name: '越权修改的计划', coverageYear: shanghaiYear(new Date()), contributionFen: 100, eligibleBranchId: fx.county, filingWindowDays: 30, rules: demoAidRules }),
    refuse: notAidAdmin,
  },
  'aid.openPlan': { object: "秀洲区's draft plan", input: (fx) => ({ id: fx.draftPlan }), refuse: notAidAdmin },
  'aid.newPlanVersion': { object: "秀洲区's open plan", input: (fx) => ({ id: fx.openPlan }), refuse: notAidAdmin },
  'aid.closePlan': { object: "秀洲区's open plan", input: (fx) => ({ id: fx.openPlan }), refuse: notAidAdmin },
  'aid.coverage': { object: "own: the caller's coverage (aid-plans test)", input: () => ({}), refuse: notMember },
  'aid.myPayouts': {
    object: "the owner's enrolment",
    input: (fx) => ({ enrolmentId: fx.ownerEnrolment }),
    refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND', enterpriseAdmin: 'NOT_FOUND' },
  },
  'aid.estimate': {
    object: "the owner's enrolment",
    input: (fx) => ({ enrolmentId: fx.ownerEnrolment, bill: { eligibleFen: 100_000 } }),
    refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND', enterpriseAdmin: 'NOT_FOUND' },
  },
  'aid.enrolPlans': {
    object: "the plans open to the enterprise's members",
    input: (fx) => ({ branchId: fx.enterprise }),
    refuse: { ...notAdmin, owner: 'FORBIDDEN', countyOperator: 'FORBIDDEN', siblingAdmin: 'OUT_OF_SCOPE', siblingCountyAdmin: 'OUT_OF_SCOPE', siblingCountyAidAdmin: 'OUT_OF_SCOPE' },
  },
  'aid.enrolSheetPreview': {
    object: "the enterprise's sheet, uploaded by its own staff",
    input: (fx) => ({ planId: fx.aidPlan, branchId: fx.enterprise, fileId: fx.aidSheet }),
    refuse: aidSheetRefusals(),
  },
  'aid.enrolSheetSubmit': {
    object: "the enterprise's sheet, uploaded by its own staff",
    input: (fx) => ({ planId: fx.aidPlan, branchId: fx.enterprise, fileId: fx.aidSheet, requestId: requestId() }),
    refuse: aidSheetRefusals(),
  },
  'aid.enrolBatches': {
    object: "the enterprise's batch awaiting payment",
    input: () => ({ awaitingMe: false }),
    refuse: { ...notAdmin, owner: 'FORBIDDEN', countyOperator: 'FORBIDDEN' },
    hides: { seenBy: 'enterpriseAdmin', as: ['siblingAdmin', 'siblingCountyAdmin', 'siblingCountyAidAdmin'], found: listed((fx) => fx.aidBatch) },
  },
  // Only an aid_admin above the enterprise confirms (countyAidAdmin; more in the aid-enrolment test).
  'aid.confirmPayment': {
    object: "the enterprise's batch awaiting payment",
    input: (fx) => ({ batchId: fx.aidBatch, paymentRef: 'AUTHZ-0001' }),
    refuse: {
      ...Object.fromEntries(callerKinds.filter((kind) => kind !== 'countyAidAdmin').map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'])),
      siblingCountyAidAdmin: 'NOT_FOUND',
    },
  },
  'aid.enrolOptions': { object: "own: plans the caller may join alone", input: () => ({}), refuse: notMember },
  'aid.enrolSelf': { object: "own: the caller's enrolment", input: (fx) => ({ planId: fx.aidPlan, requestId: requestId() }), refuse: notMember },

  'aid.settlementStart': {
    object: "秀洲区, with 南湖区's aid_admin's uploaded file",
    input: (fx) => ({ branchId: fx.county, fileId: fx.siblingSettlementFile }),
    refuse: { ...noRole, siblingAdmin: 'FORBIDDEN', countyAdmin: 'FORBIDDEN', siblingCountyAidAdmin: 'OUT_OF_SCOPE', countyAidAdmin: 'FILE_NOT_YOURS' },
  },
  'aid.settlementContinue': { object: "秀洲区's settlement import", input: (fx) => ({ id: fx.settlementImport }), refuse: settlementRefusals() },
  'aid.settlementImport': { object: "秀洲区's settlement import", input: (fx) => ({ id: fx.settlementImport }), refuse: settlementRefusals() },
  'aid.settlementImports': {
    object: "秀洲区's settlement import",
    input: () => ({ limit: 50 }),
    refuse: { ...noRole, siblingAdmin: 'FORBIDDEN', countyAdmin: 'FORBIDDEN' },
    hides: { seenBy: 'countyAidAdmin', as: ['siblingCountyAidAdmin'], found: listed((fx) => fx.settlementImport) },
  },
  'aid.settlementRows': {
    object: "秀洲区's settlement import",
    input: (fx) => ({ importId: fx.settlementImport, outcome: 'flagged' }),
    refuse: settlementRefusals(),
  },
  'aid.settlementResolve': { object: "the owner's flagged settlement row", input: (fx) => ({ rowId: fx.settlementRow, use: 'engine' }), refuse: settlementRefusals() },

  'aid.myClaims': {
    object: "own: the caller's claims; the owner's stay out",
    input: () => ({ limit: 50 }),
    refuse: notMember,
    hides: { seenBy: 'owner', as: ['member', 'siblingMember', 'enterpriseAdmin'], found: listed((fx) => fx.ownerClaim) },
  },
  'aid.claim': { object: "the owner's claim", input: (fx) => ({ id: fx.ownerClaim }), refuse: otherMembersClaim() },
  'aid.claimEstimate': {
    object: "the owner's enrolment",
    input: (fx) => ({ enrolmentId: fx.ownerEnrolment, ...claimBill() }),
    refuse: otherMembersCoverage(),
  },
  'aid.healthConsent': { object: "own: the caller's consent", input: () => ({}), refuse: notMember },
  'aid.giveHealthConsent': { object: "own: the caller's consent", input: () => ({ version: healthConsentVersion }), refuse: notMember },
  'aid.submitClaim': {
    object: "the owner's enrolment and documents",
    input: (fx) => ({
      requestId: requestId(),
      enrolmentId: fx.ownerEnrolment,
      hospital: '嘉兴市第一医院',
      ...claimBill(),
      documents: [{ fileId: fx.ownerLooseClaimFile, docType: 'invoice' }],
    }),
    refuse: otherMembersCoverage(),
  },
  'aid.addDocuments': {
    object: "the owner's claim",
    input: (fx) => ({ id: fx.ownerClaim, documents: [{ fileId: fx.ownerLooseClaimFile, docType: 'supplement' }] }),
    refuse: otherMembersClaim(),
  },
  'aid.withdrawClaim': { object: "the owner's claim", input: (fx) => ({ id: fx.ownerClaim }), refuse: otherMembersClaim() },

  'aid.reviewQueue': {
    object: "the owner's submitted claim in the queue",
    input: () => ({ filter: 'all', limit: 50 }),
    refuse: notAidStaff(),
    hides: { seenBy: 'countyReviewer', as: ['siblingReviewer', 'siblingCountyAidAdmin'], found: listed((fx) => fx.ownerClaim, (r) => r.claimId) },
  },
  'aid.takeClaim': { object: "the owner's claim", input: (fx) => ({ claimId: fx.ownerClaim }), refuse: reviewerOnly() },
  'aid.releaseClaim': { object: "the owner's claim", input: (fx) => ({ claimId: fx.ownerClaim }), refuse: reviewerOnly() },
  'aid.reviewClaim': {
    object: "the owner's claim, its bill and documents",
    input: (fx) => ({ claimId: fx.ownerClaim }),
    refuse: { ...notAidStaff(), siblingReviewer: 'NOT_FOUND', siblingCountyAidAdmin: 'NOT_FOUND' },
  },
  'aid.askForDocuments': {
    object: "the owner's claim",
    input: (fx) => ({ claimId: fx.ownerClaim, reason: '请补充发票', docTypes: ['invoice'] }),
    refuse: reviewerOnly(),
  },
  'aid.approveClaim': { object: "the owner's claim", input: (fx) => ({ claimId: fx.ownerClaim }), refuse: reviewerOnly() },
  'aid.rejectClaim': { object: "the owner's claim", input: (fx) => ({ claimId: fx.ownerClaim, reason: '不符合条件' }), refuse: reviewerOnly() },
  'aid.recordPayment': {
    object: "the owner's claim",
    input: (fx) => ({ claimId: fx.ownerClaim, bankAccount: '6222020000000001', transferRef: 'TX-AUTHZ-1' }),
    refuse: { ...notAidStaff(), siblingReviewer: 'FORBIDDEN', siblingCountyAidAdmin: 'NOT_FOUND', countyReviewer: 'FORBIDDEN' },
  },
  'aid.figures': { object: "秀洲区's figures", input: (fx) => ({ branchId: fx.county, year: shanghaiYear(new Date()) }), refuse: figuresRefusals },
  'aid.figuresExport': { object: "秀洲区's figures", input: (fx) => ({ branchId: fx.county, year: shanghaiYear(new Date()) }), refuse: figuresRefusals },
  // Only the caller's own records exist to export: no one else's object to reach (the aid-figures test checks the rows).
  'aid.myRecordsExport': { object: "own: the caller's aid records", input: () => ({}), refuse: notMember },

  'legal.question': { object: "the owner's legal question", input: (fx) => ({ id: fx.ownerQuestion }), refuse: notLegalParty() },
  'legal.messages': { object: "the owner's legal question", input: (fx) => ({ questionId: fx.ownerQuestion }), refuse: notLegalParty() },
  // Staff who see the question do not write in it until it is theirs (asker and assigned lawyer only).
  'legal.sendMessage': {
    object: "the owner's legal question",
    input: (fx) => ({ questionId: fx.ownerQuestion, body: '越权回复', requestId: requestId() }),
    refuse: { ...notLegalParty(), countyLawyer: 'LEGAL_NOT_PARTICIPANT', countyLegalAdmin: 'LEGAL_NOT_PARTICIPANT' },
  },
  'legal.markNeedsOffline': {
    object: "the owner's legal question",
    input: (fx) => ({ questionId: fx.ownerQuestion }),
    refuse: { ...lawyerOnly(), countyLawyer: 'LEGAL_NOT_PARTICIPANT' },
  },
  'legal.resolveQuestion': {
    object: "the owner's legal question",
    input: (fx) => ({ questionId: fx.ownerQuestion }),
    refuse: { ...notLegalParty(), countyLawyer: 'FORBIDDEN', countyLegalAdmin: 'FORBIDDEN' },
  },
  'legal.rateQuestion': {
    object: "the owner's legal question",
    input: (fx) => ({ questionId: fx.ownerQuestion, stars: 1 }),
    refuse: { ...notLegalParty(), countyLawyer: 'FORBIDDEN', countyLegalAdmin: 'FORBIDDEN' },
  },
  'legal.revealIdentity': {
    object: "the owner's legal question",
    input: (fx) => ({ questionId: fx.ownerQuestion, reason: '越权查看提问人身份' }),
    refuse: legalAdminOnly(),
  },
  'legal.ask': {
    object: "own: the caller's question",
    input: () => ({ requestId: requestId(), category: 'wages', title: '拖欠工资', body: '公司已经三个月没有发工资了，怎么办？', anonymous: false, fileIds: [] }),
    refuse: notMember,
  },
  'legal.myQuestions': {
    object: "the owner's question",
    input: () => ({ limit: 50 }),
    refuse: { anonymous: 'UNAUTHENTICATED' },
    hides: { seenBy: 'owner', as: ['member', 'siblingMember', 'countyLawyer'], found: listed((fx) => fx.ownerQuestion) },
  },
  'legal.rosterList': { object: "秀洲区's duty roster", input: (fx) => ({ branchId: fx.county }), refuse: legalAdminOnly() },
  'legal.rosterSave': {
    object: "秀洲区's duty roster",
    input: (fx) => ({ branchId: fx.county, lawyerUserId: fx.countyLawyer, weekdays: [6], startMinute: 0, endMinute: 60 }),
    refuse: legalAdminOnly(),
  },
  'legal.rosterRemove': { object: "a slot of 秀洲区's duty roster", input: (fx) => ({ id: fx.rosterSlot }), refuse: legalAdminOnly() },
  'legal.onDuty': {
    object: "秀洲区's queue",
    input: (fx) => ({ branchId: fx.county }),
    refuse: {
      anonymous: 'UNAUTHENTICATED',
      user: 'NOT_FOUND',
      member: 'NOT_FOUND',
      siblingMember: 'NOT_FOUND',
      siblingAdmin: 'NOT_FOUND',
      siblingCountyLawyer: 'NOT_FOUND',
      siblingCountyLegalAdmin: 'NOT_FOUND',
    },
  },
  'legal.lawyerQueue': {
    object: "the owner's question in 秀洲区's queue",
    input: () => ({ filter: 'all', limit: 50 }),
    refuse: notLegalStaff(),
    hides: { seenBy: 'countyLawyer', as: ['siblingCountyLawyer', 'siblingCountyLegalAdmin'], found: listed((fx) => fx.ownerQuestion) },
  },
  'legal.claimQuestion': { object: "the owner's question", input: (fx) => ({ questionId: fx.ownerQuestion }), refuse: lawyerOnly() },
  'legal.releaseQuestion': { object: "the owner's question", input: (fx) => ({ questionId: fx.ownerQuestion }), refuse: lawyerOnly() },
  'legal.assignQuestion': {
    object: "the owner's question",
    input: (fx) => ({ questionId: fx.ownerQuestion, lawyerUserId: fx.countyLawyer }),
    refuse: legalAdminOnly(),
  },
  'legal.assignOptions': { object: "the owner's question", input: (fx) => ({ questionId: fx.ownerQuestion }), refuse: legalAdminOnly() },
  // 常见问题 is published, anonymised text: every signed-in user reads it (legal-kb test).
  'legal.searchKnowledge': { object: 'public to users: the published knowledge base', input: () => ({ q: '工资' }), refuse: { anonymous: 'UNAUTHENTICATED' } },
  'legal.handOff': {
    object: "the owner's question, held by 秀洲区's lawyer",
    input: (fx) => ({ questionId: fx.legalQuestion, kind: 'mediation', summary: '越权转交：当事人需要线下调解帮助。' }),
    refuse: lawyerOnly(),
  },
  'legal.cases': {
    object: "the owner's case in 秀洲区",
    input: () => ({ limit: 50 }),
    refuse: { ...notLegalStaff(), countyLawyer: 'FORBIDDEN', siblingCountyLawyer: 'FORBIDDEN' },
    hides: { seenBy: 'countyLegalAdmin', as: ['siblingCountyLegalAdmin'], found: listed((fx) => fx.legalCase) },
  },
  'legal.caseDetail': { object: "the owner's case in 秀洲区", input: (fx) => ({ id: fx.legalCase }), refuse: legalAdminOnly() },
  'legal.consentContact': {
    object: "the owner's case",
    input: (fx) => ({ caseId: fx.legalCase }),
    refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND', enterpriseAdmin: 'NOT_FOUND' },
  },
  'legal.advanceCase': { object: "the owner's case in 秀洲区", input: (fx) => ({ caseId: fx.legalCase, to: 'accepted', note: '越权受理' }), refuse: legalAdminOnly() },
  'legal.addCaseNote': { object: "the owner's case in 秀洲区", input: (fx) => ({ caseId: fx.legalCase, body: '越权备注' }), refuse: legalAdminOnly() },
  // Only the caller's own questions exist to export (the legal-cases test checks the rows).
  'legal.myQuestionsExport': { object: "own: the caller's legal questions", input: () => ({}), refuse: notMember },
  'legal.knowledgeArticle': { object: 'public to users: a published article (withdrawn ones in the legal-kb test)', input: () => ({ id: 1 }), refuse: { anonymous: 'UNAUTHENTICATED' } },
  // Publishing is for the question's lawyer or a legal_admin over it; other lawyers and admins (legal-kb test) find no question.
  'legal.publishDraft': { object: 'an answered question', input: () => ({ questionId: 1 }), refuse: notLegalStaff() },
  'legal.publishArticle': {
    object: 'an answered question',
    input: () => ({ questionId: 1, category: 'wages', title: '拖欠工资怎么办', questionText: '公司拖欠工资三个月了。', answerText: '可以向劳动保障监察投诉或申请劳动仲裁。' }),
    refuse: notLegalStaff(),
  },
  'legal.withdrawArticle': { object: 'a published article', input: () => ({ id: 1 }), refuse: notLegalStaff() },
  // Every legal_admin reads the policy; only the city's edits it.
  'legal.policy': { object: 'the response-time policy', input: () => ({}), refuse: { ...notLegalStaff(), countyLawyer: 'FORBIDDEN', siblingCountyLawyer: 'FORBIDDEN' } },
  'legal.savePolicy': {
    object: 'the response-time policy',
    input: () => ({ responseMinutes: 60, countyAfterMinutes: 60, cityAfterMinutes: 120, workdayStartMinute: 540, workdayEndMinute: 1020, autoCloseDays: 7 }),
    refuse: notLegalAdmin,
  },
  'legal.legalFigures': {
    object: "秀洲区's legal figures",
    input: (fx) => ({ branchId: fx.county, from: '2026-01-01', to: '2026-12-31' }),
    refuse: { ...notLegalStaff(), countyLawyer: 'FORBIDDEN', siblingCountyLawyer: 'FORBIDDEN', siblingCountyLegalAdmin: 'OUT_OF_SCOPE' },
  },

  // 电子书屋 reader: a book for 油车港镇 does not exist for a member of the sibling town or a non-member without the librarian role.
  'library.openBook': { object: "油车港镇's book", input: (fx) => ({ bookId: fx.townBook }), refuse: readerRefusals('NOT_FOUND') },
  'library.openChapter': { object: "油车港镇's book", input: (fx) => ({ bookId: fx.townBook, chapterOrd: 0 }), refuse: readerRefusals('NOT_FOUND') },
  'library.saveProgress': { object: "油车港镇's book", input: (fx) => ({ bookId: fx.townBook, chapterOrd: 0, charOffset: 3 }), refuse: readerRefusals('NOT_MEMBER') },
  'library.readerSettings': { object: "own: the caller's reader settings", input: () => ({}), refuse: notMember },
  'library.saveReaderSettings': { object: "own: the caller's reader settings", input: () => ({ fontSize: 3, lineSpacing: 'loose', theme: 'night' }), refuse: notMember },
  'library.addAnnotation': {
    object: "油车港镇's book",
    input: (fx) => ({ bookId: fx.townBook, chapterOrd: 0, kind: 'highlight', startOffset: 0, endOffset: 2, note: '', requestId: requestId() }),
    refuse: readerRefusals('NOT_MEMBER'),
  },
  'library.updateAnnotation': {
    object: "the owner's highlight",
    input: (fx) => ({ id: fx.ownerAnnotation, note: '改写别人的笔记' }),
    refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND' },
  },
  'library.deleteAnnotation': { object: "the owner's highlight", input: (fx) => ({ id: fx.ownerAnnotation }), refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND' } },
  'library.annotations': {
    object: "the owner's highlight",
    input: (fx) => ({ bookId: fx.townBook }),
    refuse: readerRefusals('NOT_MEMBER'),
    hides: { seenBy: 'owner', as: ['member'], found: listed((fx) => fx.ownerAnnotation) },
  },
  // No caller here is a librarian: every one is turned away by role. A librarian of another
  // county (OUT_OF_SCOPE, NOT_FOUND) and another's file (FILE_NOT_YOURS) are in library-import.test.ts.
  'library.startImport': {
    object: "an EPUB import into 秀洲区's scope",
    input: (fx) => ({ fileId: fx.ownerClaimFile, branchId: fx.county, category: 'classics', requestId: requestId() }),
    refuse: notLibrarian,
  },
  'library.imports': { object: "the imports in the librarian's scope", input: () => ({ limit: 20 }), refuse: notLibrarian },
  'library.importStatus': { object: 'an EPUB import', input: () => ({ importId: 1 }), refuse: notLibrarian },
  // 结业证书: only its owner sees a certificate or its PDF; anyone checks a code (course-certificate test).
  'course.myCertificates': {
    object: "own: the caller's certificates",
    input: () => ({ limit: 20 }),
    refuse: notMember,
    hides: { seenBy: 'owner', as: ['member', 'siblingMember', 'enterpriseAdmin'], found: (data, fx) => JSON.stringify(data).includes(fx.ownerCertificate) },
  },
  'course.certificate': {
    object: "the owner's certificate",
    input: (fx) => ({ code: fx.ownerCertificate }),
    refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND', enterpriseAdmin: 'NOT_FOUND' },
  },
  'course.certificateFile': {
    object: "the owner's certificate",
    input: (fx) => ({ code: fx.ownerCertificate }),
    refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND', enterpriseAdmin: 'NOT_FOUND' },
  },
  'course.verifyCertificate': { object: 'public: the check of a certificate code', input: (fx) => ({ code: fx.ownerCertificate }), refuse: {} },
  // 电子书屋 catalogue: members read what is published for their branch and above (library-catalogue test).
  'library.libraryHome': {
    object: "the books published for the caller's branch; 油车港镇's book stays out elsewhere",
    input: () => ({}),
    refuse: { anonymous: 'UNAUTHENTICATED' },
    hides: { seenBy: 'member', as: ['siblingMember', 'siblingCountyLibrarian'], found: townBookFound },
  },
  'library.browseBooks': {
    object: "the books published for the caller's branch; 油车港镇's book stays out elsewhere",
    input: () => ({ sort: 'newest', limit: 50 }),
    refuse: { anonymous: 'UNAUTHENTICATED' },
    hides: { seenBy: 'member', as: ['siblingMember', 'siblingCountyLibrarian'], found: listed((fx) => fx.libraryTownBook) },
  },
  'library.searchBooks': {
    object: "the books published for the caller's branch; 油车港镇's book stays out elsewhere",
    input: () => ({ q: '油车港', limit: 50 }),
    refuse: { anonymous: 'UNAUTHENTICATED' },
    hides: { seenBy: 'member', as: ['siblingMember', 'siblingCountyLibrarian'], found: listed((fx) => fx.libraryTownBook) },
  },
  'library.suggest': {
    object: "the titles published for the caller's branch; 油车港镇's book stays out elsewhere",
    input: () => ({ q: '油车港' }),
    refuse: { anonymous: 'UNAUTHENTICATED' },
    hides: { seenBy: 'member', as: ['siblingMember', 'siblingCountyLibrarian'], found: (data) => JSON.stringify(data).includes('油车港') },
  },
  'library.bookDetail': { object: "油车港镇's published book", input: (fx) => ({ bookId: fx.libraryTownBook }), refuse: notTownReader },
  'library.lists': {
    object: "秀洲区's draft 书单",
    input: () => ({ manage: true, limit: 50 }),
    refuse: notLibrarian,
    hides: { seenBy: 'countyLibrarian', as: ['siblingCountyLibrarian'], found: listed((fx) => fx.libraryList) },
  },
  'library.listDetail': {
    object: "秀洲区's draft 书单",
    input: (fx) => ({ id: fx.libraryList }),
    refuse: Object.fromEntries(callerKinds.filter((kind) => kind !== 'countyLibrarian').map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'NOT_FOUND'])),
  },
  'library.manageBooks': {
    object: "秀洲区's draft book",
    input: () => ({ limit: 50 }),
    refuse: notLibrarian,
    hides: { seenBy: 'countyLibrarian', as: ['siblingCountyLibrarian'], found: listed((fx) => fx.libraryDraft) },
  },
  'library.updateBook': {
    object: "秀洲区's draft book",
    input: (fx) => ({ bookId: fx.libraryDraft, title: '越权改名', author: '佚名', description: '', category: 'other', tags: [], branchId: fx.county }),
    refuse: { ...notLibrarian, siblingCountyLibrarian: 'NOT_FOUND' },
  },
  'library.publishBook': { object: "秀洲区's draft book", input: (fx) => ({ bookId: fx.libraryDraft }), refuse: { ...notLibrarian, siblingCountyLibrarian: 'NOT_FOUND' } },
  'library.unpublishBook': { object: "油车港镇's published book", input: (fx) => ({ bookId: fx.libraryTownBook }), refuse: { ...notLibrarian, siblingCountyLibrarian: 'NOT_FOUND' } },
  'library.saveList': {
    object: "秀洲区's draft 书单",
    input: (fx) => ({ id: fx.libraryList, branchId: fx.county, title: '越权书单', description: '', bookIds: [] }),
    refuse: { ...notLibrarian, siblingCountyLibrarian: 'NOT_FOUND' },
  },
  'library.publishList': { object: "秀洲区's draft 书单", input: (fx) => ({ id: fx.libraryList }), refuse: { ...notLibrarian, siblingCountyLibrarian: 'NOT_FOUND' } },
  'library.deleteList': { object: "秀洲区's draft 书单", input: (fx) => ({ id: fx.libraryList }), refuse: { ...notLibrarian, siblingCountyLibrarian: 'NOT_FOUND' } },
  // 电子书屋, reading: members only; the owner's shelf, sessions and time are the owner's alone.
  'library.shelf': {
    object: "own: the caller's shelf",
    input: () => ({ limit: 50 }),
    refuse: notMember,
    hides: { seenBy: 'owner', as: ['member', 'siblingMember'], found: listed((fx) => fx.readingBook) },
  },
  'library.addToShelf': { object: "油车港镇's book", input: (fx) => ({ bookId: fx.readingBook }), refuse: { ...notMember, siblingMember: 'NOT_FOUND' } },
  'library.removeFromShelf': { object: "油车港镇's book", input: (fx) => ({ bookId: fx.readingBook }), refuse: { ...notMember, siblingMember: 'NOT_FOUND' } },
  'library.recentBooks': { object: "own: the caller's reading positions", input: () => ({}), refuse: notMember },
  'library.continueReading': { object: "own: the caller's reading positions", input: () => ({}), refuse: notMember },
  'library.openSession': {
    object: "油车港镇's book",
    input: (fx) => ({ bookId: fx.readingBook, deviceId: 'authz-device' }),
    refuse: { ...notMember, siblingMember: 'NOT_FOUND' },
  },
  'library.heartbeat': {
    object: "the owner's reading session",
    input: (fx) => ({ sessionId: fx.ownerReadingSession, bookId: fx.readingBook, clientTime: Date.now(), active: true }),
    refuse: { ...notMember, member: 'LIBRARY_SESSION_NOT_OPEN', siblingMember: 'LIBRARY_SESSION_NOT_OPEN' },
  },
  'library.closeSession': {
    object: "the owner's reading session",
    input: (fx) => ({ sessionId: fx.ownerReadingSession, bookId: fx.readingBook, active: true }),
    refuse: { ...notMember, member: 'LIBRARY_SESSION_NOT_OPEN', siblingMember: 'LIBRARY_SESSION_NOT_OPEN' },
  },
  'library.finishBook': { object: "油车港镇's book", input: (fx) => ({ bookId: fx.readingBook }), refuse: { ...notMember, siblingMember: 'NOT_FOUND' } },
  'library.readingTime': { object: "own: the caller's reading time", input: () => ({}), refuse: notMember },
  // 读书活动: 油车港镇's campaign is for its subtree's members; only admins over 油车港镇 run it.
  'library.campaigns': {
    object: "油车港镇's published campaign",
    input: () => ({ limit: 50 }),
    refuse: { anonymous: 'UNAUTHENTICATED' },
    hides: { seenBy: 'member', as: ['siblingMember', 'siblingAdmin', 'siblingCountyAdmin'], found: listed((fx) => fx.campaign) },
  },
  'library.campaignDetail': { object: "油车港镇's published campaign", input: (fx) => ({ campaignId: fx.campaign }), refuse: campaignHidden() },
  'library.campaignLeaderboard': {
    object: "油车港镇's published campaign",
    input: (fx) => ({ campaignId: fx.campaign, board: 'branches', level: 4 }),
    refuse: campaignHidden(),
  },
  'library.joinCampaign': {
    object: "油车港镇's published campaign",
    input: (fx) => ({ campaignId: fx.campaign }),
    refuse: { ...notMember, siblingCountyAdmin: 'NOT_MEMBER', belowAdmin: 'NOT_MEMBER', siblingMember: 'NOT_FOUND' },
  },
  // 答题拉力赛: 油车港镇's contest is for its subtree's members; only course_editors over 油车港镇 run it (none of the callers is one).
  'quiz.contests': {
    object: "油车港镇's published contest",
    input: () => ({ phase: 'running', limit: 50 }),
    refuse: notMember,
    hides: { seenBy: 'member', as: ['siblingMember'], found: listed((fx) => fx.contest) },
  },
  'quiz.contestDetail': { object: "油车港镇's published contest", input: (fx) => ({ contestId: fx.contest }), refuse: contestHidden() },
  'quiz.contestBoard': { object: "油车港镇's published contest", input: (fx) => ({ contestId: fx.contest, board: 'members' }), refuse: contestHidden() },
  'quiz.saveContest': {
    object: 'a contest of 油车港镇',
    input: (fx) => ({
      requestId: requestId(),
      branchId: fx.town,
      title: '越权竞赛',
      description: '',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
      dailyAttempts: 1,
      participationPoints: 0,
      placingPoints: [],
      rounds: [{ title: '第一轮', bankId: fx.contestBank, drawRules: [{ count: 3 }], timeLimitSeconds: 60, startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 7_200_000).toISOString() }],
    }),
    refuse: notCourseEditor,
  },
  'quiz.publishContest': { object: "油车港镇's contest", input: (fx) => ({ contestId: fx.contest }), refuse: notCourseEditor },
  'quiz.cancelContest': { object: "油车港镇's contest", input: (fx) => ({ contestId: fx.contest }), refuse: notCourseEditor },
  'quiz.contestForEdit': { object: "油车港镇's contest", input: (fx) => ({ contestId: fx.contest }), refuse: notCourseEditor },
  'quiz.manageContests': { object: "the contests in the caller's course_editor scope", input: () => ({ limit: 20 }), refuse: notCourseEditor },
  'library.saveCampaign': {
    object: 'a campaign of 油车港镇',
    input: (fx) => ({
      branchId: fx.town,
      title: '越权读书活动',
      description: '',
      startDay: shanghaiDay(new Date()),
      endDay: shanghaiDay(new Date(Date.now() + 7 * 86_400_000)),
      goalKind: 'minutes',
      goalValue: 60,
      rewardPoints: 10,
      bookIds: [fx.campaignBook],
    }),
    refuse: { ...notAdmin, siblingAdmin: 'OUT_OF_SCOPE', siblingCountyAdmin: 'OUT_OF_SCOPE', enterpriseAdmin: 'OUT_OF_SCOPE' },
  },
  'library.campaignBookOptions': {
    object: "the books for 油车港镇's members",
    input: (fx) => ({ branchId: fx.town, q: '' }),
    refuse: { ...notAdmin, siblingAdmin: 'OUT_OF_SCOPE', siblingCountyAdmin: 'OUT_OF_SCOPE', enterpriseAdmin: 'OUT_OF_SCOPE' },
  },
  'library.publishCampaign': { object: "油车港镇's campaign", input: (fx) => ({ campaignId: fx.campaign }), refuse: campaignAdminOnly() },
  'library.cancelCampaign': { object: "油车港镇's campaign", input: (fx) => ({ campaignId: fx.campaign }), refuse: campaignAdminOnly() },

  // 点单送课: the enterprise's orders; county-level course editors and admins over it decide and schedule (course-training test).
  'course.orderForm': {
    object: 'the enterprises that may order an orderable course',
    input: (fx) => ({ courseId: fx.trainingCourse }),
    refuse: notAdmin,
    hides: { seenBy: 'enterpriseAdmin', as: ['siblingAdmin', 'siblingCountyAdmin'], found: (data, fx) => JSON.stringify(data).includes(`"id":${fx.enterprise},`) },
  },
  'course.orderCourse': {
    object: 'an order for the enterprise',
    input: (fx) => ({
      courseId: fx.trainingCourse,
      branchId: fx.enterprise,
      headcount: 20,
      preferredDates: [shanghaiDay(new Date(Date.now() + 7 * 86_400_000))],
      note: '',
      contactName: '李伟',
      contactPhone: '13857300003',
      requestId: requestId(),
    }),
    refuse: { ...notAdmin, siblingAdmin: 'OUT_OF_SCOPE', siblingCountyAdmin: 'OUT_OF_SCOPE' },
  },
  'course.orders': {
    object: "the enterprise's order awaiting a decision",
    input: () => ({ role: 'to_decide', limit: 50 }),
    refuse: notAdmin,
    hides: { seenBy: 'countyAdmin', as: ['siblingAdmin', 'siblingCountyAdmin', 'belowAdmin'], found: listed((fx) => fx.trainingOrder) },
  },
  'course.orderDetail': { object: "the enterprise's order", input: (fx) => ({ id: fx.trainingOrder }), refuse: { ...notAdmin, siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND' } },
  'course.cancelOrder': {
    object: "the enterprise's order, placed by someone else",
    input: (fx) => ({ id: fx.trainingOrder }),
    refuse: { ...notAdmin, siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND', belowAdmin: 'TRAINING_NOT_ORDERER', enterpriseAdmin: 'TRAINING_NOT_ORDERER', countyAdmin: 'TRAINING_NOT_ORDERER' },
  },
  'course.acceptOrder': { object: "the enterprise's order", input: (fx) => ({ id: fx.trainingOrder }), refuse: notTrainingDecider() },
  'course.declineOrder': { object: "the enterprise's order", input: (fx) => ({ id: fx.trainingOrder, reason: '越权' }), refuse: notTrainingDecider() },
  'course.saveSession': {
    object: "a session of the enterprise's accepted order",
    input: (fx) => ({
      orderId: fx.acceptedOrder,
      place: '越权培训室',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      capacity: 10,
    }),
    refuse: notTrainingOrganiser(),
  },
  'course.cancelSession': { object: "秀洲区's session for the enterprise", input: (fx) => ({ id: fx.trainingSession, reason: '越权' }), refuse: notTrainingOrganiser() },
  'course.finishSession': { object: "秀洲区's session for the enterprise", input: (fx) => ({ id: fx.trainingSession }), refuse: notTrainingOrganiser() },
  'course.sessionRoster': { object: "秀洲区's session for the enterprise", input: (fx) => ({ sessionId: fx.trainingSession }), refuse: notTrainingOrganiser() },
  'course.checkinCode': { object: "秀洲区's session for the enterprise", input: (fx) => ({ sessionId: fx.trainingSession }), refuse: notTrainingOrganiser() },
  'course.sessions': {
    object: "the session for the enterprise's workers",
    input: () => ({ view: 'open', limit: 50 }),
    refuse: { anonymous: 'UNAUTHENTICATED', user: 'NOT_MEMBER', siblingAdmin: 'NOT_MEMBER' },
    hides: { seenBy: 'member', as: ['siblingMember'], found: listed((fx) => fx.trainingSession) },
  },
  'course.sessionDetail': {
    object: "the session for the enterprise's workers",
    input: (fx) => ({ id: fx.trainingSession }),
    refuse: { anonymous: 'UNAUTHENTICATED', user: 'NOT_FOUND', siblingMember: 'NOT_FOUND', siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND', belowAdmin: 'NOT_FOUND' },
  },
  'course.signUp': { object: "the session for the enterprise's workers", input: (fx) => ({ sessionId: fx.trainingSession }), refuse: { ...notMember, siblingMember: 'NOT_FOUND' } },
  'course.cancelSignup': {
    object: "the session in which the owner has a place",
    input: (fx) => ({ sessionId: fx.trainingSession }),
    refuse: { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND', enterpriseAdmin: 'NOT_FOUND' },
  },
  'course.checkIn': {
    object: 'a forged code of the session in which the owner has a place',
    input: (fx) => ({ code: `${fx.trainingSession}-ABCDEFGH` }),
    refuse: { ...notMember, member: 'TRAINING_CHECKIN_CODE_INVALID', siblingMember: 'TRAINING_CHECKIN_CODE_INVALID', owner: 'TRAINING_CHECKIN_CODE_INVALID' },
  },
  // 职工课堂, learn: members see courses published for their branch and above (course-learn test);
  // the editors' scope refusals (OUT_OF_SCOPE, NOT_FOUND for another county's editor) are there too.
  'course.courseHome': {
    object: "油车港镇's published course",
    input: () => ({}),
    refuse: { anonymous: 'UNAUTHENTICATED' },
    hides: { seenBy: 'member', as: ['siblingMember', 'siblingAdmin'], found: (data, fx) => JSON.stringify(data).includes(`"id":${fx.townCourse},`) },
  },
  'course.courses': {
    object: "油车港镇's published course",
    input: () => ({ limit: 50 }),
    refuse: { anonymous: 'UNAUTHENTICATED' },
    hides: { seenBy: 'member', as: ['siblingMember', 'siblingAdmin', 'siblingCountyAdmin'], found: listed((fx) => fx.townCourse) },
  },
  'course.courseDetail': { object: "油车港镇's published course", input: (fx) => ({ courseId: fx.townCourse }), refuse: notTownLearner },
  'course.enrol': { object: "油车港镇's published course", input: (fx) => ({ courseId: fx.townCourse }), refuse: { ...notMember, siblingMember: 'NOT_FOUND' } },
  'course.myCourses': { object: "own: the caller's enrolments", input: () => ({ status: 'learning' }), refuse: notMember },
  'course.openLesson': {
    object: "a lesson of 油车港镇's course",
    input: (fx) => ({ courseId: fx.townCourse, lessonId: fx.townCourseLessons[0] }),
    refuse: { ...notMember, siblingMember: 'NOT_FOUND', member: 'COURSE_NOT_ENROLLED' },
  },
  'course.lessonHeartbeat': {
    object: "a video lesson of 油车港镇's course",
    input: (fx) => ({ lessonId: fx.townCourseLessons[0], segments: [{ from: 0, to: 5 }], positionSeconds: 5 }),
    refuse: { ...notMember, siblingMember: 'NOT_FOUND', member: 'COURSE_NOT_ENROLLED' },
  },
  'course.completeArticle': {
    object: "an article lesson of 油车港镇's course",
    input: (fx) => ({ lessonId: fx.townCourseLessons[1] }),
    refuse: { ...notMember, siblingMember: 'NOT_FOUND', member: 'COURSE_NOT_ENROLLED' },
  },
  'course.manageCourses': { object: "秀洲区's draft course", input: () => ({}), refuse: notCourseEditor },
  'course.managedCourse': { object: "秀洲区's draft course", input: (fx) => ({ courseId: fx.draftCourse }), refuse: notCourseEditor },
  'course.managedLesson': { object: "秀洲区's draft lesson", input: (fx) => ({ lessonId: fx.draftLesson }), refuse: notCourseEditor },
  'course.saveCourse': {
    object: "秀洲区's draft course",
    input: (fx) => ({ id: fx.draftCourse, branchId: fx.county, title: '越权改名', summary: '', teacher: '', category: 'other', orderable: false }),
    refuse: notCourseEditor,
  },
  'course.saveLesson': {
    object: "秀洲区's draft lesson",
    input: (fx) => ({ courseId: fx.draftCourse, id: fx.draftLesson, title: '越权改名', kind: 'article', articleHtml: '<p>越权</p>' }),
    refuse: notCourseEditor,
  },
  'course.moveLesson': { object: "秀洲区's draft lesson", input: (fx) => ({ lessonId: fx.draftLesson, direction: 'up' }), refuse: notCourseEditor },
  'course.removeLesson': { object: "秀洲区's draft lesson", input: (fx) => ({ lessonId: fx.draftLesson }), refuse: notCourseEditor },
  'course.publishCourse': { object: "秀洲区's draft course", input: (fx) => ({ courseId: fx.draftCourse }), refuse: notCourseEditor },
  'course.unpublishCourse': { object: "油车港镇's published course", input: (fx) => ({ courseId: fx.townCourse }), refuse: notCourseEditor },
  // 答题: 油车港镇's quiz is for its subtree's members; an attempt is its member's alone; banks and quizzes are course_editors'
  // (their scope refusals, OUT_OF_SCOPE for another county's editor, are in quiz.test.ts and quiz-import.test.ts).
  'quiz.openQuizzes': {
    object: "油车港镇's published quiz",
    input: () => ({ limit: 50 }),
    refuse: notMember,
    hides: { seenBy: 'member', as: ['siblingMember'], found: listed((fx) => fx.townQuiz) },
  },
  'quiz.quizDetail': { object: "油车港镇's published quiz", input: (fx) => ({ quizId: fx.townQuiz }), refuse: { ...notMember, siblingMember: 'NOT_FOUND' } },
  'quiz.startAttempt': {
    object: "油车港镇's published quiz",
    input: (fx) => ({ quizId: fx.townQuiz, requestId: 'authz-quiz-start' }),
    refuse: { ...notMember, siblingMember: 'NOT_FOUND' },
  },
  'quiz.attempt': { object: "the owner's attempt", input: (fx) => ({ attemptId: fx.ownerAttempt }), refuse: otherMembersAttempt() },
  'quiz.saveAnswer': {
    object: "the owner's attempt",
    input: (fx) => ({ attemptId: fx.ownerAttempt, questionId: fx.ownerAttemptQuestion, choice: [0] }),
    refuse: otherMembersAttempt(),
  },
  'quiz.submitAttempt': { object: "the owner's attempt", input: (fx) => ({ attemptId: fx.ownerAttempt }), refuse: otherMembersAttempt() },
  'quiz.attemptResult': { object: "the owner's attempt", input: (fx) => ({ attemptId: fx.ownerAttempt }), refuse: otherMembersAttempt() },
  'quiz.myAttempts': {
    object: "own: the caller's attempts",
    input: () => ({ limit: 50 }),
    refuse: notMember,
    hides: { seenBy: 'owner', as: ['member', 'siblingMember'], found: listed((fx) => fx.ownerAttempt, (r) => r.attemptId) },
  },
  'quiz.banks': { object: "the banks in the editor's scope", input: () => ({ limit: 20 }), refuse: notCourseEditor },
  'quiz.bankDetail': { object: 'a question bank', input: () => ({ bankId: 1 }), refuse: notCourseEditor },
  'quiz.saveBank': { object: 'a bank of 油车港镇', input: (fx) => ({ branchId: fx.town, title: '越权题库', description: '' }), refuse: notCourseEditor },
  'quiz.questions': { object: 'a question bank', input: () => ({ bankId: 1 }), refuse: notCourseEditor },
  'quiz.question': { object: "the owner's attempt's question", input: (fx) => ({ questionId: fx.ownerAttemptQuestion }), refuse: notCourseEditor },
  'quiz.saveQuestion': {
    object: 'a question bank',
    input: () => ({ bankId: 1, kind: 'judge', stem: '越权题目', options: [], answer: [0], explanation: '', tags: [], difficulty: 1 }),
    refuse: notCourseEditor,
  },
  'quiz.retireQuestion': { object: "the owner's attempt's question", input: (fx) => ({ questionId: fx.ownerAttemptQuestion }), refuse: notCourseEditor },
  'quiz.importQuestions': { object: 'a question bank', input: () => ({ bankId: 1, fileId: 1, requestId: 'authz-quiz-import' }), refuse: notCourseEditor },
  'quiz.importTemplate': { object: 'the import template', input: () => ({}), refuse: notCourseEditor },
  'quiz.quizzes': { object: "the quizzes in the editor's scope", input: () => ({ limit: 20 }), refuse: notCourseEditor },
  'quiz.manageQuiz': { object: "油车港镇's published quiz", input: (fx) => ({ quizId: fx.townQuiz }), refuse: notCourseEditor },
  'quiz.saveQuiz': {
    object: 'a quiz of 油车港镇',
    input: (fx) => ({
      branchId: fx.town,
      bankId: 1,
      title: '越权测验',
      description: '',
      mode: 'practice',
      drawRules: [{ count: 1 }],
      timeLimitSeconds: 60,
      attemptLimit: null,
      passPercent: 60,
    }),
    refuse: notCourseEditor,
  },
  'quiz.publishQuiz': { object: "油车港镇's published quiz", input: (fx) => ({ quizId: fx.townQuiz }), refuse: notCourseEditor },
  'quiz.closeQuiz': { object: "油车港镇's published quiz", input: (fx) => ({ quizId: fx.townQuiz }), refuse: notCourseEditor },

  // 鹊桥会 chat: a match is its two sides' alone; members who have not joined are told to join first
  // (an outside dater's DATING_NOT_MATCHED is in dating-chat.test.ts).
  'dating.chats': { object: "own: the caller's matches", input: () => ({}), refuse: notDater },
  'dating.chat': { object: 'a match of two other members', input: (fx) => ({ matchId: fx.datingMatch }), refuse: notDater },
  'dating.send': { object: 'a match of two other members', input: (fx) => ({ matchId: fx.datingMatch, text: '你好', requestId: 'authz-dating-send' }), refuse: notDater },
  'dating.revealContact': { object: 'a match of two other members', input: (fx) => ({ matchId: fx.datingMatch }), refuse: notDater },
  'dating.unmatch': { object: 'a match of two other members', input: (fx) => ({ matchId: fx.datingMatch }), refuse: notDater },
  'dating.reportCouple': { object: 'a match of two other members', input: (fx) => ({ matchId: fx.datingMatch }), refuse: notDater },
  'dating.confirmCouple': { object: 'a match of two other members', input: (fx) => ({ matchId: fx.datingMatch }), refuse: notDater },
  // 嘉工鹊桥会, part profile: every action is about the caller's own profile; the matrix's members have not joined.
  'dating.status': { object: "own: the caller's dating status", input: () => ({}), refuse: notMember },
  'dating.join': {
    object: "own: joining with the caller's ID number (a wrong one is counted in audit_log)",
    input: () => ({ idNumber: idNumber('0909'), consent: true, consentVersion: datingConsentVersion }),
    refuse: { ...notMember, member: 'DATING_ID_MISMATCH', siblingMember: 'DATING_ID_MISMATCH' },
    records: ['audit_log'],
  },
  'dating.myProfile': { object: "own: the caller's dating profile", input: () => ({}), refuse: notDater },
  'dating.saveProfile': {
    object: "own: the caller's dating profile",
    input: () => ({
      nickname: '小梅', heightCm: 165, education: 'bachelor', occupation: '会计', hometown: '嘉兴', marital: 'never',
      intro: '你好', interests: ['读书'], photoFileIds: [1], requestId: 'matrix-save-1',
    }),
    refuse: notDater,
  },
  'dating.savePreferences': {
    object: "own: the caller's preferences",
    input: () => ({ ageMin: 25, ageMax: 35, heightMin: null, heightMax: null, educationMin: null, countyIds: [] }),
    refuse: notDater,
  },
  'dating.saveContact': { object: "own: the caller's contact", input: () => ({ kind: 'phone', value: '13912345678' }), refuse: notDater },
  'dating.setHideFromUnit': { object: "own: the caller's 同单位隐身", input: () => ({ hide: true }), refuse: notDater },
  'dating.pause': { object: "own: the caller's dating profile", input: () => ({}), refuse: notDater },
  'dating.resume': { object: "own: the caller's dating profile", input: () => ({}), refuse: notDater },
  'dating.deleteProfile': { object: "own: the caller's dating profile", input: () => ({ confirm: true }), refuse: notDater },

  'role.list': {
    object: "the enterprise admin's grant",
    input: () => ({ limit: 50 }),
    refuse: notAdmin,
    hides: { seenBy: 'belowAdmin', as: ['siblingAdmin', 'siblingCountyAdmin'], found: listed((fx) => fx.enterpriseAdminGrant) },
  },
  'role.grant': {
    object: 'a role at the enterprise',
    input: (fx) => ({ memberNo: fx.memberNo, role: 'lawyer', branchId: fx.enterprise }),
    refuse: { ...notAdmin, siblingAdmin: 'OUT_OF_SCOPE', siblingCountyAdmin: 'OUT_OF_SCOPE' },
  },
  'role.revoke': {
    object: "the enterprise admin's grant",
    input: (fx) => ({ grantId: fx.enterpriseAdminGrant }),
    refuse: { ...notAdmin, siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND' },
  },

  // 鹊桥会 review part: no caller here is a 红娘 (dating-review.test.ts covers their scope); the
  // members here have not joined 鹊桥会.
  'dating.reviewQueue': { object: "pending profiles in a matchmaker's scope", input: () => ({}), refuse: notDatingStaff },
  'dating.reviewDetail': { object: 'a pending profile revision', input: () => ({ revisionId: 1 }), refuse: notDatingStaff },
  'dating.approveRevision': { object: 'a pending profile revision', input: () => ({ revisionId: 1 }), refuse: notDatingStaff },
  'dating.rejectRevision': { object: 'a pending profile revision', input: () => ({ revisionId: 1, reason: '照片不清晰' }), refuse: notDatingStaff },
  'dating.report': {
    object: "own: the caller's report on a member they can see",
    input: () => ({ targetId: 1, reason: 'fake', detail: '', requestId: requestId() }),
    refuse: { ...notMember, member: 'DATING_NOT_JOINED', siblingMember: 'DATING_NOT_JOINED', owner: 'DATING_NOT_JOINED' },
  },
  'dating.reportQueue': { object: "open reports in a matchmaker's scope", input: () => ({}), refuse: notDatingStaff },
  'dating.reportDetail': { object: 'a report', input: () => ({ reportId: 1 }), refuse: notDatingStaff },
  'dating.handleReport': { object: 'a report', input: () => ({ reportId: 1, action: 'warn', note: '请文明交友' }), refuse: notDatingStaff },
  'dating.matchmakerSummary': { object: "counts in a matchmaker's scope", input: () => ({}), refuse: notDatingStaff },
  'dating.datingWords': { object: "the city's word list", input: () => ({}), refuse: notDatingStaff },
  'dating.addDatingWord': { object: "the city's word list", input: () => ({ word: '测试词' }), refuse: notDatingStaff },
  'dating.removeDatingWord': { object: "the city's word list", input: () => ({ word: '借钱' }), refuse: notDatingStaff },
  'dating.figures': {
    object: "鹊桥会 figures of 秀洲区's members",
    input: () => ({}),
    refuse: { ...notAdmin, owner: 'FORBIDDEN', countyOperator: 'FORBIDDEN' },
    hides: { seenBy: 'countyAdmin', as: ['siblingCountyAdmin'], found: (data, fx) => (data as DatingFigures).rows.some((row) => row.county.id === fx.county) },
  },
  // 鹊桥会 match part: only members who joined act (the demo members have not); the rest in dating-match.test.ts.
  'dating.discover': { object: "own: the caller's recommendations", input: () => ({ limit: 20 }), refuse: notDater },
  'dating.person': { object: 'a dating profile', input: () => ({ id: 1 }), refuse: notDater },
  'dating.like': { object: 'a dating profile', input: () => ({ targetId: 1 }), refuse: notDater },
  'dating.pass': { object: 'a dating profile', input: () => ({ targetId: 1 }), refuse: notDater },
  'dating.block': { object: 'a dating profile', input: () => ({ targetId: 1 }), refuse: notDater },
  'dating.unblock': { object: 'a dating profile', input: () => ({ targetId: 1 }), refuse: notDater },
  'dating.blocks': { object: "own: the caller's blocks", input: () => ({ limit: 20 }), refuse: notDater },
  // 嘉工鹊桥会 联谊活动: no caller here is a matchmaker (dating-event.test.ts covers scope, NOT_FOUND out of it); none has joined 鹊桥会.
  'dating.manageEvents': { object: 'events of the caller\'s matchmaker scope', input: () => ({}), refuse: eventStaffRefusals },
  'dating.managedEvent': { object: 'an event', input: () => ({ eventId: 1 }), refuse: eventStaffRefusals },
  'dating.saveEvent': {
    object: 'an event of the county',
    input: (fx) => ({
      branchId: fx.county, title: '联谊', intro: '', place: '会堂', startsAt: '2099-01-02T10:00:00.000Z', endsAt: '2099-01-02T12:00:00.000Z',
      signupDeadline: '2099-01-01T10:00:00.000Z', picksCloseAt: '2099-01-03T10:00:00.000Z', capacityMale: 5, capacityFemale: 5, requestId: requestId(),
    }),
    refuse: eventStaffRefusals,
  },
  'dating.publishEvent': { object: 'an event', input: () => ({ eventId: 1 }), refuse: eventStaffRefusals },
  'dating.cancelEvent': { object: 'an event', input: () => ({ eventId: 1, reason: '场地变更' }), refuse: eventStaffRefusals },
  'dating.eventRoster': { object: "an event's sign-ups", input: () => ({ eventId: 1 }), refuse: eventStaffRefusals },
  'dating.decideSignup': { object: 'a sign-up', input: () => ({ eventId: 1, memberId: 1, decision: 'approve' }), refuse: eventStaffRefusals },
  'dating.checkinCode': { object: "an event's check-in code", input: () => ({ eventId: 1 }), refuse: eventStaffRefusals },
  'dating.events': { object: 'events open to the caller', input: () => ({ scope: 'open' }), refuse: eventMemberRefusals },
  'dating.eventDetail': { object: 'an event', input: () => ({ eventId: 1 }), refuse: eventMemberRefusals },
  'dating.signUp': { object: 'own sign-up', input: () => ({ eventId: 1 }), refuse: eventMemberRefusals },
  'dating.cancelSignup': { object: 'own sign-up', input: () => ({ eventId: 1 }), refuse: eventMemberRefusals },
  'dating.checkIn': { object: 'own sign-up', input: () => ({ eventId: 1, code: '1-ABCDEFGH' }), refuse: eventMemberRefusals },
  'dating.savePicks': { object: 'own 互选 picks', input: () => ({ eventId: 1, targetIds: [1] }), refuse: eventMemberRefusals },
}

/** Only course editors and admins at county level or above over the enterprise decide its orders: a sibling's do not see it, a town or the enterprise itself sees it but does not decide. */
function notTrainingDecider(): Entry['refuse'] {
  return { ...notAdmin, siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND', belowAdmin: 'TRAINING_NOT_DECIDER', enterpriseAdmin: 'TRAINING_NOT_DECIDER' }
}

/** A session exists for its organiser's staff (county level or above) and its audience: to other staff it does not exist. */
function notTrainingOrganiser(): Entry['refuse'] {
  return { ...notAdmin, siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND', belowAdmin: 'NOT_FOUND', enterpriseAdmin: 'NOT_FOUND' }
}

/** Another member's attempt reads as missing to every other member. */
function otherMembersAttempt(): Entry['refuse'] {
  return { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND', enterpriseAdmin: 'NOT_FOUND' }
}

/** 油车港镇's campaign, to callers who are neither its members nor admins over it: it does not exist. */
/** 油车港镇's contest: to callers who are not members of its subtree it does not exist. */
function contestHidden(): Entry['refuse'] {
  return { anonymous: 'UNAUTHENTICATED', user: 'NOT_FOUND', siblingMember: 'NOT_FOUND', siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND', countyLibrarian: 'NOT_FOUND' }
}

function campaignHidden(): Entry['refuse'] {
  return { anonymous: 'UNAUTHENTICATED', user: 'NOT_FOUND', siblingMember: 'NOT_FOUND', siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND' }
}

/** Only admins over 油车港镇 publish or cancel its campaign: to other admins, the enterprise's below it included, it does not exist. */
function campaignAdminOnly(): Entry['refuse'] {
  return { ...notAdmin, siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND', enterpriseAdmin: 'NOT_FOUND' }
}

/**
 * A notice belongs to its publishing branch: admins below it, beside it and non-admins are refused,
 * and to admins it reads as not existing.
 */
function noticeRefusals(): Entry['refuse'] {
  return { ...notAdmin, siblingAdmin: 'NOT_FOUND', siblingCountyAdmin: 'NOT_FOUND', belowAdmin: 'NOT_FOUND', enterpriseAdmin: 'NOT_FOUND' }
}

/** Goods and their orders belong to the owning union: to operators below it or of another scope they do not exist. */
function operatorRefusals(): Entry['refuse'] {
  return { ...notOperator, otherOperator: 'NOT_FOUND', belowOperator: 'NOT_FOUND' }
}

/** A sheet is sent by staff of its branch or above: others are out of scope, and staff in scope may use only their own upload. */
function aidSheetRefusals(): Entry['refuse'] {
  return {
    ...notAdmin,
    owner: 'FORBIDDEN',
    countyOperator: 'FORBIDDEN',
    siblingAdmin: 'OUT_OF_SCOPE',
    siblingCountyAdmin: 'OUT_OF_SCOPE',
    siblingCountyAidAdmin: 'OUT_OF_SCOPE',
    enterpriseAdmin: 'FILE_NOT_YOURS',
    belowAdmin: 'FILE_NOT_YOURS',
    countyAdmin: 'FILE_NOT_YOURS',
    countyAidAdmin: 'FILE_NOT_YOURS',
  }
}

/** Settlement imports belong to the branch imported for: to an aid_admin of another county they do not exist. */
function settlementRefusals(): Entry['refuse'] {
  return { ...noRole, siblingAdmin: 'FORBIDDEN', countyAdmin: 'FORBIDDEN', siblingCountyAidAdmin: 'NOT_FOUND' }
}

/**
 * A book for 油车港镇: a member of the sibling town finds none; a signed-in non-member (no librarian
 * role) finds none to open, and is no member for what records reading.
 */
function readerRefusals(nonMember: 'NOT_FOUND' | 'NOT_MEMBER'): Entry['refuse'] {
  return { anonymous: 'UNAUTHENTICATED', user: nonMember, siblingAdmin: nonMember, siblingCountyAdmin: nonMember, siblingMember: 'NOT_FOUND' }
}

/** A legal question exists only for its asker, the lawyers of its queue while unclaimed and the legal_admins over it. */
function notLegalParty(): Entry['refuse'] {
  return Object.fromEntries(
    callerKinds
      .filter((kind) => !['owner', 'countyLawyer', 'countyLegalAdmin'].includes(kind))
      .map((kind) => [kind, kind === 'anonymous' ? 'UNAUTHENTICATED' : 'NOT_FOUND']),
  )
}

/** Another member's claim reads as missing to every other member. */
function otherMembersClaim(): Entry['refuse'] {
  return { ...notMember, member: 'NOT_FOUND', siblingMember: 'NOT_FOUND', enterpriseAdmin: 'NOT_FOUND' }
}

/** Another member's coverage reads as missing to every other member. */
function otherMembersCoverage(): Entry['refuse'] {
  const missing = 'AID_CLAIM_COVERAGE_NOT_FOUND'
  return { ...notMember, member: missing, siblingMember: missing, enterpriseAdmin: missing }
}

/** A one-day outpatient bill of today: inside any coverage that is in force. */
function claimBill() {
  const today = shanghaiDay(new Date())
  return {
    claimType: 'outpatient_special',
    admissionOn: today,
    dischargeOn: today,
    totalFen: 300_000,
    insurancePaidFen: 200_000,
    selfPaidFen: 100_000,
    eligibleFen: 80_000,
  } as const
}

function idNumber(serial: string): string {
  const first17 = `3304111990${serial}123`
  return `${first17}${idCheckChar(first17)}`
}

/** 油车港镇's published course and 秀洲区's draft course. */
async function courseFixtures(createdBy: number) {
  const town = await insertCourse(app.db, {
    title: '油车港镇安全课',
    branchName: '油车港镇总工会',
    createdBy,
    lessons: [
      { title: '视频', kind: 'video', durationSeconds: 60 },
      { title: '图文', kind: 'article', html: '<p>安全生产，人人有责。</p>' },
    ],
  })
  const draft = await insertCourse(app.db, { title: '秀洲区草稿课', branchName: '秀洲区总工会', status: 'draft', createdBy, lessons: [{ title: '一', kind: 'video', durationSeconds: 60 }] })
  return { townCourse: town.courseId, townCourseLessons: town.lessonIds, draftCourse: draft.courseId, draftLesson: draft.lessonIds[0] }
}

/** 油车港镇's published quiz over a small bank, and the owner's attempt at it. */
async function quizFixtures(ownerUserId: number) {
  const createdBy = app.users['course-editor']
  const { bankId } = await insertBank(app.db, { title: '油车港镇题库', branchName: '油车港镇总工会', createdBy, questions: generatedQuestions(3) })
  const town = await app.branchId('油车港镇总工会')
  const [quiz] = await app.db.query<{ id: number }>(
    `INSERT INTO quiz (branch_id, branch_path, bank_id, title, mode, draw_rules, question_count, time_limit_seconds, status, published_at, created_by)
     SELECT id, path, $2, '油车港镇知识测验', 'practice', '[{"count": 3}]', 3, 600, 'published', now(), $3 FROM branch WHERE id = $1 RETURNING id`,
    [town, bankId, createdBy],
  )
  const attempt = await app.ok(ownerUserId, 'quiz', 'startAttempt', { quizId: quiz.id, requestId: requestId() })
  return { townQuiz: quiz.id, ownerAttempt: attempt.attemptId, ownerAttemptQuestion: attempt.questions[0].id }
}

/** A live match of two members who are none of the callers, with a message in its chat. */
async function datingMatchFixture(): Promise<number> {
  const she = await insertDater(app.db, { gender: 'female', birthYear: 1995 })
  const he = await insertDater(app.db, { gender: 'male', birthYear: 1993, branchName: '嘉兴王江泾织造有限公司工会' })
  const { matchId } = await app.db.transaction((tx) => createMatch(tx, she.memberId, he.memberId, 'like'))
  await app.ok(she.userId, 'dating', 'send', { matchId, text: '你好', requestId: requestId() })
  return matchId
}

/** 秀洲区's draft book, a 书单 of its published book, and a book published for 油车港镇. */
async function libraryFixtures(createdBy: number) {
  const chapters = [{ title: '第一章', paragraphs: ['油车港镇的菱角远近闻名。'] }]
  const libraryDraft = await insertBook(app.db, { title: '秀洲区草稿书', branchName: '秀洲区总工会', status: 'draft', createdBy, chapters })
  const countyBook = await insertBook(app.db, { title: '秀洲农民画', branchName: '秀洲区总工会', createdBy, chapters })
  const libraryTownBook = await insertBook(app.db, { title: '油车港镇志', branchName: '油车港镇总工会', createdBy, chapters })
  const list = await app.ok(createdBy, 'library', 'saveList', { branchId: await app.branchId('秀洲区总工会'), title: '秀洲书单', description: '', bookIds: [countyBook] })
  return { libraryDraft, libraryList: list.id, libraryTownBook }
}

/** An orderable course; one order waiting, one accepted with a session for the enterprise in which the owner has a place. */
async function trainingFixtures(enterprise: number, ownerUserId: number) {
  const { courseId } = await insertCourse(app.db, {
    title: '安全生产应急演练',
    orderable: true,
    createdBy: app.users['course-editor'],
    lessons: [{ title: '应急预案', kind: 'article', html: '<p>发现火情，先报警，再疏散。</p>' }],
  })
  const orderer = await app.newStaff('嘉兴恒创电子有限公司工会')
  const order = () =>
    app.ok(orderer, 'course', 'orderCourse', {
      courseId,
      branchId: enterprise,
      headcount: 30,
      preferredDates: [shanghaiDay(new Date(Date.now() + 7 * 86_400_000))],
      note: '',
      contactName: '刘芳',
      contactPhone: '13857300009',
      requestId: requestId(),
    })
  const waiting = await order()
  const accepted = await order()
  await app.ok(app.users['county-course-editor'], 'course', 'acceptOrder', { id: accepted.id })
  const session = await app.ok(app.users['county-course-editor'], 'course', 'saveSession', {
    orderId: accepted.id,
    place: '恒创电子培训室',
    startsAt: new Date(Date.now() + 20 * 60_000).toISOString(),
    endsAt: new Date(Date.now() + 140 * 60_000).toISOString(),
    capacity: 30,
  })
  await app.ok(ownerUserId, 'course', 'signUp', { sessionId: session.id })
  return { trainingCourse: courseId, trainingOrder: waiting.id, acceptedOrder: accepted.id, trainingSession: session.id }
}

/** The owner completes a course of 秀洲区: its certificate's code. */
async function ownerCertificate(memberId: number): Promise<string> {
  const { courseId } = await insertCourse(app.db, {
    title: '秀洲区安全生产课',
    branchName: '秀洲区总工会',
    createdBy: app.users['county-course-editor'],
    lessons: [{ title: '读本', kind: 'article', html: '<p>安全第一，预防为主。</p>' }],
  })
  return (await app.db.transaction((tx) => completeCourse(tx, { courseId, memberId, via: 'online' }))).certificateCode
}

let app: TestApp
let fx: Fixtures
const callers = {} as Record<CallerKind, number | null>

beforeAll(async () => {
  app = await openTestApp()
  const county = await app.branchId('秀洲区总工会')
  const town = await app.branchId('油车港镇总工会')
  const enterprise = await app.branchId('嘉兴恒创电子有限公司工会')

  Object.assign(callers, {
    anonymous: null,
    user: await app.newUser('未入会用户'),
    member: app.users.member,
    siblingMember: app.users['sibling-member'],
    siblingAdmin: await app.newStaff('王江泾镇总工会'),
    siblingCountyAdmin: await app.newStaff('南湖区总工会'),
    belowAdmin: app.users['town-admin'],
    enterpriseAdmin: app.users['enterprise-admin'],
    otherOperator: await app.newStaff('南湖区总工会', 'mall_operator'),
    belowOperator: await app.newStaff('油车港镇总工会', 'mall_operator'),
    countyAidAdmin: await app.newStaff('秀洲区总工会', 'aid_admin'),
    siblingCountyAidAdmin: await app.newStaff('南湖区总工会', 'aid_admin'),
    countyAdmin: app.users['county-admin'],
    countyOperator: app.users['mall-operator'],
    siblingReviewer: await app.newStaff('南湖区总工会', 'claim_reviewer'),
    countyReviewer: await app.newStaff('秀洲区总工会', 'claim_reviewer'),
    countyLawyer: await app.newStaff('秀洲区总工会', 'lawyer'),
    siblingCountyLawyer: await app.newStaff('南湖区总工会', 'lawyer'),
    siblingCountyLegalAdmin: await app.newStaff('南湖区总工会', 'legal_admin'),
    countyLegalAdmin: await app.newStaff('秀洲区总工会', 'legal_admin'),
    countyLibrarian: await app.newStaff('秀洲区总工会', 'librarian'),
    siblingCountyLibrarian: await app.newStaff('南湖区总工会', 'librarian'),
  })

  const [owner] = await fundedMembers(app, [5000])
  callers.owner = owner.userId
  const ownerCard = await app.ok(owner.userId, 'card', 'mine', {})
  const itemId = async (title: string) => (await app.db.query<{ id: number }>('SELECT id FROM mall_item WHERE title = $1', [title]))[0].id
  const countyItem = await itemId('工会定制保温杯')
  const pickup = await app.ok(owner.userId, 'mall', 'redeem', { itemId: countyItem, quantity: 1, requestId: requestId() })
  const delivery = await app.ok(owner.userId, 'mall', 'redeem', {
    itemId: await itemId('五常大米 5kg'),
    quantity: 1,
    requestId: requestId(),
    address: { name: '收件人', phone: '13900000002', address: '嘉兴市秀洲区油车港镇某路 1 号' },
  })
  const pickupOrder = await app.ok(owner.userId, 'mall', 'myOrder', { id: pickup.order.id })
  const ledger = await app.db.query<{ id: number }>('SELECT id FROM points_ledger WHERE member_id = $1', [owner.memberId])

  const applicant = await app.newUser('申请人')
  const application = await app.ok(applicant, 'member', 'apply', {
    name: '申请人',
    phone: '13900000003',
    idNumber: idNumber('0101'),
    branchId: enterprise,
    consentVersion: membershipConsentVersion,
  })

  const countyAdmin = app.users['county-admin']
  const draft = await app.ok(countyAdmin, 'notice', 'save', { title: '区工会草稿', bodyHtml: '<p>草稿</p>', targetBranchId: county })
  const aimed = await app.ok(countyAdmin, 'notice', 'save', { title: '王江泾镇通知', bodyHtml: '<p>只给王江泾镇</p>', targetBranchId: await app.branchId('王江泾镇总工会') })
  await app.ok(countyAdmin, 'notice', 'publish', { id: aimed.id })

  const [grant] = await app.db.query<{ id: number }>('SELECT id FROM role_grant WHERE user_id = $1', [app.users['enterprise-admin']])
  const [category] = await app.db.query<{ id: number }>('SELECT min(id) AS id FROM mall_category')
  const memberCard = await app.ok(app.users.member, 'card', 'mine', {})
  const pointOf = async (branchId: number) =>
    (await app.db.query<{ id: number }>('SELECT min(id) AS id FROM mall_pickup_point WHERE branch_id = $1', [branchId]))[0].id

  await notify(app.db, {
    userId: owner.userId,
    kind: 'order_shipped',
    source: `order:${delivery.order.id}`,
    title: '订单已发货',
    body: '测试消息',
    link: withQuery(routes.mallOrder, { id: delivery.order.id }),
  })
  const [message] = await app.db.query<{ id: number }>('SELECT id FROM message WHERE user_id = $1', [owner.userId])
  const [claimFile] = await app.db.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, record, ticket_expires_at, ready_at)
     VALUES ($1, 'claim_document', '出院小结.pdf', 'ready', 100, 'application/pdf', 'application/pdf', 100, $2, 'claim:authz', now(), now())
     RETURNING id`,
    [owner.userId, `private/${'a'.repeat(64)}.pdf`],
  )

  const draftPlan = await insertAidPlan(app.db, { branch: '秀洲区总工会', status: 'draft' })
  const openPlan = await insertAidPlan(app.db, { branch: '秀洲区总工会' })
  const ownerEnrolment = await enrolInPlan(app.db, openPlan, owner.memberId)
  const aidPlan = await insertAidPlan(app.db, { name: '权限测试互助计划' })
  const sheetSender = await app.newStaff('嘉兴恒创电子有限公司工会', 'admin')
  const [aidSheet] = await app.db.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, ticket_expires_at, ready_at)
     VALUES ($1, 'aid_sheet', '参保名单.xlsx', 'ready', 100, $2, $2, 100, $3, now(), now())
     RETURNING id`,
    [sheetSender, xlsxType, `private/${'b'.repeat(64)}.xlsx`],
  )
  const [aidBatch] = await app.db.query<{ id: number }>(
    `INSERT INTO aid_enrol_batch (plan_id, branch_id, kind, row_count, accepted_count, contribution_fen, total_fen, submitted_by, request_id)
     VALUES ($1, $2, 'individual', 1, 1, 10000, 10000, $3, 'authz-batch') RETURNING id`,
    [aidPlan, enterprise, sheetSender],
  )
  const settlementFile = async (ownerUserId: number, record: string | null) =>
    (
      await app.db.query<{ id: number }>(
        `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, record, ticket_expires_at, ready_at)
         VALUES ($1, 'aid_settlement', '结算.csv', 'ready', 100, 'text/csv', 'text/csv', 100, $2, $3, now(), now()) RETURNING id`,
        [ownerUserId, `private/${'b'.repeat(64)}.csv`, record],
      )
    )[0].id
  const [settlementImport] = await app.db.query<{ id: number }>(
    `INSERT INTO aid_settlement_import (branch_id, file_id, file_name, file_kind, created_by, total_rows, status, next_line, finished_at)
     VALUES ($1, $2, '结算.csv', 'csv', $3, 1, 'done', 3, now()) RETURNING id`,
    [county, await settlementFile(callers.countyAidAdmin as number, 'aid_settlement_import:authz'), callers.countyAidAdmin],
  )
  const [settlementRow] = await app.db.query<{ id: number }>(
    `INSERT INTO aid_settlement_row (import_id, line, outcome, message, source_ref, enrolment_id, hospital, admitted_on, discharged_on,
                                     total_fen, insurance_fen, self_fen, file_aid_fen, engine_fen, explanation)
     VALUES ($1, 2, 'flagged', '测试', 'authz-ref', $2, '嘉兴市第一医院', '2026-05-01', '2026-05-03', 200000, 100000, 100000, 50000, 12000, '[]') RETURNING id`,
    [settlementImport.id, ownerEnrolment],
  )
  await app.ok(owner.userId, 'aid', 'giveHealthConsent', { version: healthConsentVersion })
  const ownerDocument = async () =>
    (
      await app.db.query<{ id: number }>(
        `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, ticket_expires_at, ready_at)
         VALUES ($1, 'claim_document', '材料.pdf', 'ready', 100, 'application/pdf', 'application/pdf', 100, $2, now(), now()) RETURNING id`,
        [owner.userId, `private/${'b'.repeat(64)}.pdf`],
      )
    )[0].id
  const ownerClaim = await app.ok(owner.userId, 'aid', 'submitClaim', {
    requestId: requestId(),
    enrolmentId: ownerEnrolment,
    hospital: '嘉兴市第一医院',
    ...claimBill(),
    documents: [
      { fileId: await ownerDocument(), docType: 'invoice' },
      { fileId: await ownerDocument(), docType: 'diagnosis' },
      { fileId: await ownerDocument(), docType: 'prescription' },
    ],
  })

  const ownerQuestion = await app.ok(owner.userId, 'legal', 'ask', {
    requestId: requestId(),
    category: 'dismissal',
    title: '被公司口头辞退',
    body: '主管口头通知我明天不用来上班了，没有书面通知，也没有补偿。',
    anonymous: true,
    fileIds: [],
  })
  const [rosterSlot] = await app.db.query<{ id: number }>(
    `INSERT INTO legal_roster (branch_id, lawyer_user_id, weekday, start_minute, end_minute, created_by) VALUES ($1, $2, 7, 600, 660, $2) RETURNING id`,
    [county, callers.countyLawyer],
  )
  const legalQuestion = await insertLegalQuestion(app.db, { askerUserId: owner.userId, anonymous: true, lawyerUserId: callers.countyLawyer })
  const legalCase = await app.ok(callers.countyLawyer, 'legal', 'handOff', {
    questionId: legalQuestion,
    kind: 'legal_aid',
    summary: '当事人被拖欠工资，需要法律援助代为申请仲裁。',
  })

  const townBook = await insertBook(app.db, {
    title: '论语',
    branchName: '油车港镇总工会',
    createdBy: app.users['county-admin'],
    chapters: [{ title: '学而第一', paragraphs: ['子曰：学而时习之，不亦说乎？'] }],
  })
  const [ownerAnnotation] = await app.db.query<{ id: number }>(
    `INSERT INTO library_annotation (member_id, book_id, chapter_ord, kind, start_offset, end_offset, quote, note, request_id)
     VALUES ($1, $2, 0, 'highlight', 5, 10, '学而时习之', '温故知新', 'authz-annotation') RETURNING id`,
    [owner.memberId, townBook],
  )
  const readingBook = await insertBook(app.db, {
    title: '油车港镇志',
    branchName: '油车港镇总工会',
    createdBy: app.users.librarian,
    chapters: [{ title: '第一章', paragraphs: ['麟湖之畔，菱歌相闻。'] }],
  })
  await app.ok(owner.userId, 'library', 'addToShelf', { bookId: readingBook })
  const ownerReadingSession = await app.ok(owner.userId, 'library', 'openSession', { bookId: readingBook, deviceId: 'owner-device' })
  const campaignBook = await insertBook(app.db, { title: '论语', author: '孔子', createdBy: app.users.librarian, chapters: [{ title: '学而第一', paragraphs: ['学而时习之。'] }] })
  const campaign = await app.ok(app.users['town-admin'], 'library', 'saveCampaign', {
    branchId: town,
    title: '油车港镇职工读书月',
    description: '',
    startDay: shanghaiDay(new Date()),
    endDay: shanghaiDay(new Date(Date.now() + 30 * 86_400_000)),
    goalKind: 'minutes',
    goalValue: 300,
    rewardPoints: 50,
    bookIds: [campaignBook],
  })
  await app.ok(app.users['town-admin'], 'library', 'publishCampaign', { campaignId: campaign.id })
  const contestBank = (await insertBank(app.db, { title: '红船精神题库', branchName: '秀洲区总工会', questions: generatedQuestions(5), createdBy: app.users['county-course-editor'] })).bankId
  const contestWindow = { startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() }
  const contest = await app.ok(app.users['county-course-editor'], 'quiz', 'saveContest', {
    requestId: requestId(),
    branchId: town,
    title: '油车港镇答题拉力赛',
    description: '',
    ...contestWindow,
    dailyAttempts: 1,
    participationPoints: 0,
    placingPoints: [],
    rounds: [{ title: '第一轮', bankId: contestBank, drawRules: [{ count: 3 }], timeLimitSeconds: 60, ...contestWindow }],
  })
  await app.ok(app.users['county-course-editor'], 'quiz', 'publishContest', { contestId: contest.id })

  fx = {
    county,
    town,
    enterprise,
    owner: { memberNo: ownerCard.memberNo, ledgerIds: ledger.map((l) => l.id) },
    memberNo: memberCard.memberNo,
    memberCard: memberCard.qrToken,
    application: application.id,
    draftNotice: draft.id,
    siblingNotice: aimed.id,
    countyItem,
    countyVirtualItem: await itemId('视频会员月卡'),
    invisibleItem: await itemId('南湖区职工电影票'),
    pickupOrder: pickup.order.id,
    pickupCode: pickupOrder.pickupCode ?? '',
    deliveryOrder: delivery.order.id,
    enterpriseAdminGrant: grant.id,
    category: category.id,
    countyPoint: await pointOf(county),
    townPoint: await pointOf(town),
    ownerMessage: message.id,
    ownerClaimFile: claimFile.id,
    draftPlan,
    openPlan,
    ownerEnrolment,
    aidPlan,
    aidSheet: aidSheet.id,
    aidBatch: aidBatch.id,
    settlementImport: settlementImport.id,
    settlementRow: settlementRow.id,
    siblingSettlementFile: await settlementFile(callers.siblingCountyAidAdmin as number, null),
    ownerClaim: ownerClaim.claim.id,
    ownerLooseClaimFile: await ownerDocument(),
    ownerQuestion: ownerQuestion.questionId,
    countyLawyer: callers.countyLawyer as number,
    rosterSlot: rosterSlot.id,
    legalQuestion,
    legalCase: legalCase.caseId,
    townBook,
    ownerAnnotation: ownerAnnotation.id,
    readingBook,
    ownerReadingSession: ownerReadingSession.sessionId,
    campaign: campaign.id,
    campaignBook,
    contest: contest.id,
    contestBank,
    ...(await libraryFixtures(callers.countyLibrarian as number)),
    ...(await trainingFixtures(enterprise, owner.userId)),
    ...(await courseFixtures(app.users['county-course-editor'])),
    ownerCertificate: await ownerCertificate(owner.memberId),
    ...(await quizFixtures(owner.userId)),
    datingMatch: await datingMatchFixture(),
  }
})
afterAll(() => app?.close())

const actionNames = Object.entries(registry).flatMap(([fn, defs]) => Object.keys(defs).map((action) => `${fn}.${action}`))

describe('authorisation matrix', () => {
  it('has an entry for every action in the registry, and none for an action that is gone', () => {
    expect(actionNames.filter((name) => !Object.hasOwn(matrix, name))).toEqual([])
    expect(Object.keys(matrix).filter((name) => !actionNames.includes(name))).toEqual([])
  })

  it.each(actionNames.filter((name) => Object.hasOwn(matrix, name)))('%s', async (name) => {
    const entry = matrix[name]
    const [fn, action] = name.split('.')
    const input = entry.input(fx)
    const before = await app.snapshot()
    const wrong: string[] = []
    for (const [kind, code] of Object.entries(entry.refuse)) {
      const result = await app.callRaw(callers[kind as CallerKind], fn, { action, input })
      const got = result.ok ? 'accepted' : `${result.error.code} (${httpStatusOf(result)})`
      if (result.ok || result.error.code !== code) wrong.push(`${kind}: expected ${code}, got ${got}`)
    }
    const seenBy = entry.hides?.seenBy
    if (seenBy) {
      const result = await app.callRaw(callers[seenBy], fn, { action, input })
      if (!result.ok) wrong.push(`${seenBy}: expected a list, got ${result.error.code}`)
      else if (!entry.hides?.found(result.data, fx)) wrong.push(`${seenBy}: does not see ${entry.object}`)
    }
    for (const kind of entry.hides?.as ?? []) {
      const result = await app.callRaw(callers[kind], fn, { action, input })
      if (!result.ok) wrong.push(`${kind}: expected a list, got ${result.error.code}`)
      else if (entry.hides?.found(result.data, fx)) wrong.push(`${kind}: sees ${entry.object}`)
    }
    expect(wrong).toEqual([])
    const unrecorded = (counts: Record<string, number>) =>
      Object.fromEntries(Object.entries(counts).filter(([table]) => !entry.records?.includes(table)))
    expect(unrecorded(await app.snapshot())).toEqual(unrecorded(before))
  })
})
