import { z } from 'zod'

export const idSchema = z.number({ error: '编号必须是数字' }).int().positive().max(2147483647)
export const cursorSchema = z.string().max(200).nullish()
export const limitSchema = z.number().int().min(1).max(50).default(20)
export const pageInput = z.object({ cursor: cursorSchema, limit: limitSchema })
export const emptyInput = z.object({}).strict()

export interface BranchRef {
  id: number
  name: string
  fullName: string
  level: 1 | 2 | 3 | 4
}

/**
 * Format characters that render as nothing. They are trimmed off the ends like spaces, so text made
 * only of them is empty, and minimum lengths count only what is visible.
 */
const invisibleCharacters = /[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202f\u205f-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/gu
const invisibleAtEnds = new RegExp(`^(?:${invisibleCharacters.source})+|(?:${invisibleCharacters.source})+$`, 'gu')
const lineBreaks = /[\r\n\u2028\u2029]/

function visibleLength(text: string): number {
  return Array.from(text.replace(invisibleCharacters, '')).length
}

interface PlainTextRules {
  max: number
  maxMessage?: string
  /** Counted in visible characters. */
  min?: number
  minMessage?: string
  /** Descriptions and addresses may break lines; names, titles and reasons may not. */
  multiline?: boolean
}

/**
 * Text members type and other members read: trimmed, visible, single-line unless said otherwise.
 * Direction overrides and control characters never get this far: dispatch refuses them in every
 * field (server/input-guard.ts).
 */
export function plainText(rules: PlainTextRules) {
  let schema = z
    .string({ error: '请填写文字内容' })
    .overwrite((text) => text.replace(invisibleAtEnds, ''))
    .max(rules.max, rules.maxMessage ?? `不超过 ${rules.max} 字`)
  if (!rules.multiline) schema = schema.refine((text) => !lineBreaks.test(text), '不能包含换行')
  const min = rules.min ?? 0
  if (min > 0) schema = schema.refine((text) => visibleLength(text) >= min, rules.minMessage ?? `至少 ${min} 个字`)
  return schema
}

/** Real UTC offsets run from -12:00 to +14:00 in quarter hours; PostgreSQL refuses the rest. */
function plausibleOffset(value: string): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(value)
  if (!offset) return true
  const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]))
  return minutes >= -12 * 60 && minutes <= 14 * 60 && Number(offset[3]) % 15 === 0
}

export const earliestYear = 2000
export const latestYear = 2099

/**
 * The one timestamp every action accepts: ISO 8601 with an offset, a real offset and a year this
 * app can mean (zod alone lets through year 0000 and +23:59, which PostgreSQL refuses).
 */
export const isoTimeSchema = z
  .iso.datetime({ offset: true, error: '时间格式不正确' })
  .refine(plausibleOffset, '时区偏移无效')
  .refine((value) => {
    const year = new Date(value).getUTCFullYear()
    return year >= earliestYear && year <= latestYear
  }, `时间须在 ${earliestYear} 年至 ${latestYear} 年之间`)
