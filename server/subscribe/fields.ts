/**
 * WeChat subscribe-message fields. A field's key names its type (`thing2`, `character_string1`,
 * `time3`), and WeChat refuses a whole send (47003) when one value breaks its type's rules, so
 * every value is cut to fit here, in one place.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
 */
const fieldTypes = [
  'thing',
  'character_string',
  'number',
  'letter',
  'symbol',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
] as const
export type FieldType = (typeof fieldTypes)[number]

/** `thing12` → `thing`; null for a key WeChat has no type for. */
export function fieldTypeOf(key: string): FieldType | null {
  const match = /^([a-z_]+?)(\d{1,2})$/.exec(key)
  return match && (fieldTypes as readonly string[]).includes(match[1]) ? (match[1] as FieldType) : null
}

/** Cuts to `max` characters (code points, as WeChat counts), ending in … when something was cut. */
function cut(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

/** Cuts without an ellipsis: for types whose alphabet has no … in it. */
function head(text: string, max: number): string {
  return Array.from(text).slice(0, max).join('')
}

const offsetMs = 8 * 3600_000

/** Asia/Shanghai, as WeChat's examples write it: 2019年10月1日 15:01. */
function shanghaiParts(at: Date): { date: string; time: string } {
  const local = new Date(at.getTime() + offsetMs)
  const pad = (n: number) => String(n).padStart(2, '0')
  return {
    date: `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`,
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
  }
}

/** An ISO 8601 instant with its offset, as payloads and rows carry times. */
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

function asInstant(value: string | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value
  if (!isoInstant.test(value)) return null
  const at = new Date(value)
  return Number.isNaN(at.getTime()) ? null : at
}

/** What stands in for a value the message does not have: WeChat refuses an empty field. */
const placeholder: Record<FieldType, string> = {
  thing: '无',
  character_string: '-',
  number: '0',
  letter: 'NA',
  symbol: '-',
  time: '-',
  date: '-',
  amount: '0',
  phone_number: '-',
  car_number: '-',
  name: '无',
  phrase: '无',
}

const han = /\p{Script=Han}/u

/**
 * The value of one field, made to fit its type: thing ≤ 20 characters; character_string ≤ 32
 * letters, digits and symbols; number ≤ 32 digits; letter ≤ 32 letters; symbol ≤ 5; phrase ≤ 5
 * Chinese characters; name ≤ 10 characters (20 for a Latin-only name); amount ≤ 10 digits with
 * an optional 元; phone_number ≤ 17; car_number ≤ 8; time and date in Shanghai time. Line breaks
 * and runs of spaces become one space.
 */
export function fitField(type: FieldType, value: string | Date): string {
  if (type === 'time' || type === 'date') {
    const at = asInstant(value)
    if (at) {
      const { date, time } = shanghaiParts(at)
      return type === 'date' ? date : `${date} ${time}`
    }
  }
  const text = (value instanceof Date ? value.toISOString() : value).replace(/\s+/g, ' ').trim()
  let fitted: string
  switch (type) {
    case 'thing':
      fitted = cut(text, 20)
      break
    case 'character_string':
      fitted = head(text.replace(/[^\x21-\x7e]/g, ''), 32)
      break
    case 'number':
      fitted = head(text.replace(/[^0-9.]/g, ''), 32)
      break
    case 'letter':
      fitted = head(text.replace(/[^A-Za-z]/g, ''), 32)
      break
    case 'symbol':
      fitted = head(text.replace(/[^\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/g, ''), 5)
      break
    case 'phrase':
      fitted = head(Array.from(text).filter((c) => han.test(c)).join(''), 5)
      break
    case 'name':
      fitted = cut(text, /^[A-Za-z .·-]+$/.test(text) ? 20 : 10)
      break
    case 'amount': {
      const [digits = ''] = /\d+(\.\d{1,2})?/.exec(text.replace(/,/g, '')) ?? []
      fitted = digits.split('.')[0].length > 10 ? '' : `${digits}${digits && text.endsWith('元') ? '元' : ''}`
      break
    }
    case 'phone_number':
      fitted = head(text.replace(/[^0-9+\-()]/g, ''), 17)
      break
    case 'car_number':
      fitted = head(text.replace(/\s/g, ''), 8)
      break
    // A time or date that is not an instant: written out already, kept within thing's length.
    case 'time':
    case 'date':
      fitted = cut(text, 20)
      break
  }
  return fitted || placeholder[type]
}
