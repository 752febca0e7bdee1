/**
 * A person's name as it stands on an ID card: Chinese characters, the middle dot that separates
 * the parts of minority and transliterated names (阿依古丽·买买提), or Latin letters with single
 * spaces between words (foreigners' permanent-residence cards). No digits, emoji or other symbols.
 * Free of zod, so forms run the same check the server does.
 */

const nameDot = '·'
/** Counted in characters (code points): the longest transliterated names run past 30. */
const personNameMinLength = 2
export const personNameMaxLength = 40

/** The dots Chinese and Japanese IMEs offer for ·: ・ (U+30FB), • (U+2022), ･ (U+FF65), ‧ (U+2027). */
const dotLookalikes = /[\u30fb\u2022\uff65\u2027]/g

type CharKind = 'han' | 'latin' | 'dot' | 'space' | 'other'

function kindOf(codePoint: number): CharKind {
  if (codePoint === 0x20) return 'space'
  if (codePoint === 0xb7) return 'dot'
  if ((codePoint >= 0x41 && codePoint <= 0x5a) || (codePoint >= 0x61 && codePoint <= 0x7a)) return 'latin'
  // Latin-1 letters (without × and ÷), Latin Extended-A and -B, and Latin Extended Additional
  // (Vietnamese): names such as Ayşe Yılmaz or Nguyễn Văn An.
  if (codePoint >= 0xc0 && codePoint <= 0x24f && codePoint !== 0xd7 && codePoint !== 0xf7) return 'latin'
  if (codePoint >= 0x1e00 && codePoint <= 0x1eff) return 'latin'
  if (
    codePoint === 0x3007 || // 〇, a character of some given names
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) || // Extension A
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) || // the unified ideographs
    (codePoint >= 0xf900 && codePoint <= 0xfaff) || // after NFC only the twelve unified ones (e.g. 﨎) remain here
    (codePoint >= 0x20000 && codePoint <= 0x323af) // Extensions B to I: the rare characters people are named with
  ) {
    return 'han'
  }
  return 'other'
}

/** What a form sends and the server stores: trimmed, composed, one kind of dot, ASCII spaces. */
export function normalizePersonName(raw: string): string {
  return raw.normalize('NFC').trim().replace(dotLookalikes, nameDot).replace(/\u3000/g, ' ')
}

/**
 * Why a normalised name is not acceptable, as a message for the person typing it, or null.
 * `label` names the field in the message: 姓名, 收件人.
 */
export function personNameProblem(name: string, label = '姓名'): string | null {
  const chars = Array.from(name)
  if (chars.length === 0) return `请填写${label}`
  const kinds = chars.map((char) => kindOf(char.codePointAt(0) ?? 0))
  if (kinds.includes('other')) return `${label}只能包含汉字、间隔号“·”或字母`
  if (kinds[0] === 'dot' || kinds[kinds.length - 1] === 'dot') return `${label}的开头和结尾不能是间隔号“·”`
  for (let i = 1; i < kinds.length; i++) {
    const separators = [kinds[i - 1], kinds[i]].filter((kind) => kind === 'dot' || kind === 'space').length
    if (separators === 2) return `${label}中不能有连续的间隔号或空格`
  }
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] === 'space' && (kinds[i - 1] !== 'latin' || kinds[i + 1] !== 'latin')) {
      return `${label}中只有字母之间可以有空格`
    }
  }
  if (chars.length < personNameMinLength) return `${label}至少 ${personNameMinLength} 个字`
  if (chars.length > personNameMaxLength) return `${label}不超过 ${personNameMaxLength} 个字`
  return null
}
