import type { MaskedKind } from '../../src/shared/legal/kb'
import type { Queryable } from '../db'

/**
 * Finding and masking the asker's identity in text meant for 常见问题. Full-width digits and
 * letters count as plain ones, and numbers may have spaces or dashes between their digits, so
 * 「138 0000 0000」 and 「１３８００００００００」 count as the phone number they are.
 */

export interface AskerIdentity {
  name: string
  nickname: string
  phone: string
  memberNo: string
  /** The enterprise (or town) the member belongs to; null when that is the county itself, which lawyers see anyway. */
  enterprise: string | null
}

/** Digits of a number as people write them: perhaps with a space or a dash between any two. */
function digitsPattern(digits: string): string {
  return digits.split('').map((d) => (/\d/.test(d) ? d : escapeRegExp(d))).join('[\\s-]?')
}
const sep = '[\\s-]?'
/** Any mainland mobile number, any member number, any ID number (18 or 15 digits). */
const mobilePattern = new RegExp(`(?<!\\d)1${sep}[3-9](?:${sep}\\d){9}(?!\\d)`, 'g')
const memberNoPattern = /(?<![A-Z0-9])JX\d{10}(?!\d)/gi
const idNumberPattern = new RegExp(`(?<![\\dX])\\d(?:(?:${sep}\\d){16}${sep}[\\dX]|(?:${sep}\\d){14})(?![\\dX])`, 'gi')

/** Full-width digits and latin letters as plain ones (punctuation stays as written). */
function normalise(text: string): string {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** 「嘉兴恒创电子有限公司工会」 is also written 「恒创电子有限公司」 or 「恒创电子」. */
export function enterpriseNames(name: string): string[] {
  const names = new Set([name])
  let core = name.replace(/(联合)?工会(委员会)?$/, '')
  names.add(core)
  core = core.replace(/(股份)?有限(责任)?公司$|集团$|公司$|厂$/, '')
  names.add(core)
  const local = core.replace(/^(浙江省?)?(嘉兴市?)/, '')
  // Stripping the place can leave a generic word (电子, 纺织): only a long enough core stays.
  if (Array.from(local).length >= 4) names.add(local)
  return [...names].filter((n) => Array.from(n).length >= 2)
}

interface Rule {
  kind: MaskedKind
  pattern: RegExp
  mask: string
}

function rulesFor(asker: AskerIdentity): Rule[] {
  const literal = (values: string[]) => {
    const wanted = [...new Set(values.map((v) => normalise(v.trim())).filter((v) => Array.from(v).length >= 2))]
    // Longest first, so 「恒创电子有限公司」 is masked whole before 「恒创电子」 would be.
    wanted.sort((a, b) => b.length - a.length)
    return wanted.length === 0 ? null : new RegExp(wanted.map(escapeRegExp).join('|'), 'gi')
  }
  const rules: (Rule | null)[] = [
    { kind: 'id_number', pattern: idNumberPattern, mask: '[身份证号已隐去]' },
    ruleOf('member_no', literal([asker.memberNo]), '[会员号已隐去]'),
    { kind: 'member_no', pattern: memberNoPattern, mask: '[会员号已隐去]' },
    ruleOf('phone', asker.phone.trim() ? new RegExp(`(?<!\\d)${digitsPattern(normalise(asker.phone.trim()))}(?!\\d)`, 'g') : null, '[手机号已隐去]'),
    { kind: 'phone', pattern: mobilePattern, mask: '[手机号已隐去]' },
    asker.enterprise ? ruleOf('enterprise', literal(enterpriseNames(asker.enterprise)), '某单位') : null,
    ruleOf('name', literal([asker.name, asker.nickname]), '某职工'),
  ]
  return rules.filter((r): r is Rule => r !== null)
}

function ruleOf(kind: MaskedKind, pattern: RegExp | null, mask: string): Rule | null {
  return pattern ? { kind, pattern, mask } : null
}

/** The text with the asker's identity replaced, and which kinds were found. */
export function maskIdentity(text: string, asker: AskerIdentity): { text: string; masked: MaskedKind[] } {
  let result = normalise(text)
  const masked = new Set<MaskedKind>()
  for (const rule of rulesFor(asker)) {
    result = result.replace(rule.pattern, () => {
      masked.add(rule.kind)
      return rule.mask
    })
  }
  return { text: result, masked: [...masked] }
}

/**
 * What identifying information a text still holds (kinds only: the message must not tell a
 * lawyer an anonymous asker's name back). The nickname is masked in drafts but not refused: a
 * nickname is often an ordinary word.
 */
export function findIdentity(text: string, asker: AskerIdentity): MaskedKind[] {
  const { masked } = maskIdentity(text, { ...asker, nickname: '' })
  return masked
}

/** The identity behind a question, read server-side only: for masking, never for output. */
export async function askerIdentity(db: Queryable, questionId: number): Promise<AskerIdentity> {
  const [row] = await db.query<AskerIdentity>(
    `SELECT m.name, u.nickname, m.phone, m.member_no AS "memberNo", CASE WHEN b.level > 2 THEN b.name END AS enterprise
       FROM legal_question q
       JOIN member m ON m.id = q.member_id
       JOIN app_user u ON u.id = q.asker_user_id
       JOIN branch b ON b.id = q.branch_id
      WHERE q.id = $1`,
    [questionId],
  )
  return row
}
