/**
 * Every action in the registry, fed hostile input generated from its own zod schema. A new
 * action is covered the moment it is registered: nobody has to remember to add it here.
 *
 * The caller is a member who also holds every role at the root branch, so access checks pass
 * and what is tested is validation itself. Each answer must be a 4xx with the error shape, a
 * Chinese message and a validation code (a NOT_FOUND or a conflict would mean the input got past
 * its bounds into the handler), and no table may change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { apiSchemas } from '../../src/shared/api'
import { roles } from '../../src/shared/roles'
import { httpStatusOf } from '../../server/action'
import { registry } from '../../server/registry'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

interface Case {
  label: string
  input: unknown
}

/** Refused in every string by the dispatch guard; rotated over fields so each is sent somewhere. */
const hostileCharacters = [
  '\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f',
  '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\ud800', '\udfff',
]
let nextCharacter = 0
const codePoint = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
function someHostileCharacters(count: number): string[] {
  return Array.from({ length: count }, () => hostileCharacters[nextCharacter++ % hostileCharacters.length])
}

const hostileNumbers: unknown[] = [2 ** 31, 2 ** 53, 1e308, -1, 0.5, '1', true]
/** Calendar days that do not exist, out of the app's years, or not days at all. */
const hostileDates = ['2026-02-30', '2026-13-01', '0000-01-01', '2100-01-01', '2026-6-1', '2026-06-01T00:00:00Z', 'tomorrow']
const hostileTimes = ['0000-01-01T00:00:00Z', '2026-01-01T00:00:00+23:59', '2099-01-01T00:00:00+23:59', '2026-02-30T00:00:00Z', '10000-01-01T00:00:00Z', 'yesterday']

function nested(depth: number): unknown {
  let value: unknown = 'x'
  for (let i = 0; i < depth; i += 1) value = [value]
  return value
}

function forgedCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** Every shape the app's cursors take, with values their columns cannot hold, and non-cursors. */
const forgedCursors = [
  ...[{ i: 2 ** 40 }, { i: 2 ** 64 }, { i: -1 }, { i: 0 }, { i: 1.5 }, { i: '1' }, { id: 2 ** 40 }, { id: -5 }]
    .map(forgedCursor),
  forgedCursor({ name: 'a\u0000', id: 1 }),
  forgedCursor({ name: 'a', id: 2 ** 40 }),
  forgedCursor({ p: true, t: '0000-01-01T00:00:00.000Z', i: 1 }),
  forgedCursor({ p: false, t: '2026-01-01T00:00:00+23:59', i: 1 }),
  forgedCursor({ p: false, t: '2026-01-01T00:00:00.000Z', i: 2 ** 40 }),
  forgedCursor({ p: '/x/' }),
  forgedCursor({ path: "/1/' OR '1'='1" }),
  forgedCursor({ path: '/1/\u0000/' }),
  forgedCursor([]),
  forgedCursor(null),
  forgedCursor(1e308),
  'not base64 json!',
]

/** A bigint column legitimately holds ids past 32 bits: this forged cursor is a real position there. */
const legitimateCursors: Record<string, string[]> = {
  'points.history': [forgedCursor({ i: 2 ** 40 })],
  'message.list': [forgedCursor({ i: 2 ** 40 })],
  'aid.myPayouts': [forgedCursor({ i: 2 ** 40 })],
}

/** Likewise an id past 32 bits names a real row of a bigint table: it is not found, not invalid. By field. */
const legitimateIds: Record<string, Record<string, unknown[]>> = {
  'message.markRead': { id: [2 ** 31] },
  'legal.messages': { afterId: [2 ** 31] },
  'dating.chat': { afterId: [2 ** 31], beforeId: [2 ** 31] },
}

/** Strips optional, nullable and default: null and absence are valid there, so never hostile. */
function core(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return core(schema.unwrap() as z.ZodType)
  }
  if (schema instanceof z.ZodPipe) return core(schema.in as z.ZodType)
  return schema
}

function isOmissible(schema: z.ZodType): boolean {
  return schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault
}

/** A `.max()` on a string or an array, read from its checks (zod fills `_zod.bag` only lazily). */
function maximumOf(schema: z.ZodType): number | null {
  for (const check of schema.def.checks ?? []) {
    const def = check._zod.def
    if (def.check === 'max_length' && 'maximum' in def && typeof def.maximum === 'number') return def.maximum
  }
  return null
}

/** A plausible valid value, so a case changes one thing and everything else gets through. */
function sample(schema: z.ZodType): unknown {
  const inner = core(schema)
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.ZodType>
    return Object.fromEntries(Object.entries(shape).filter(([, field]) => !isOmissible(field)).map(([key, field]) => [key, sample(field)]))
  }
  if (inner instanceof z.ZodArray) return [sample(inner.element as z.ZodType)]
  if (inner instanceof z.ZodStringFormat) {
    if (inner.format === 'datetime') return '2026-06-01T08:00:00Z'
    if (inner.format === 'date') return '2099-06-01'
    if (inner.format === 'url') return 'https://example.com/a.png'
  }
  if (inner instanceof z.ZodString) return 'abcd1234'
  if (inner instanceof z.ZodNumber) return Math.min(Math.max(1, inner.minValue ?? 1), inner.maxValue ?? 1)
  if (inner instanceof z.ZodBoolean) return true
  if (inner instanceof z.ZodEnum) return inner.options[0]
  if (inner instanceof z.ZodLiteral) return inner.value
  throw new Error(`the fuzz test cannot sample a ${inner.def.type} yet: teach sample() and hostile() about it`)
}

/** Values that schema must refuse, each labelled by where it was put. */
function hostile(schema: z.ZodType, at: string, baseline: Record<string, unknown> = {}): Case[] {
  const inner = core(schema)
  const cases = (values: unknown[]): Case[] => values.map((input) => ({ label: `${at} = ${JSON.stringify(input)?.slice(0, 60)}`, input }))
  if (inner instanceof z.ZodObject) {
    const base = { ...(sample(inner) as Record<string, unknown>), ...baseline }
    const fields = Object.entries(inner.shape as Record<string, z.ZodType>)
    return [
      ...cases(['x', 42, [base]]),
      { label: `${at} + unknown key`, input: { ...base, unexpected: 1 } },
      ...someHostileCharacters(1).map((ch) => ({ label: `${at} + key with ${codePoint(ch)}`, input: { ...base, [`k${ch}`]: 1 } })),
      ...fields.flatMap(([key, field]) =>
        hostile(field, `${at}.${key}`).map((c) => ({ label: c.label, input: { ...base, [key]: c.input } })),
      ),
    ]
  }
  if (inner instanceof z.ZodArray) {
    const element = inner.element as z.ZodType
    const maximum = maximumOf(inner)
    return [
      ...cases(['x', { 0: sample(element) }]),
      ...(maximum === null ? [] : [{ label: `${at} with ${maximum + 1} elements`, input: Array.from({ length: maximum + 1 }, () => sample(element)) }]),
      { label: `${at} nested 40 deep`, input: [nested(40)] },
      ...hostile(element, `${at}[0]`).map((c) => ({ label: c.label, input: [c.input] })),
    ]
  }
  if (inner instanceof z.ZodString || inner instanceof z.ZodStringFormat) {
    const maximum = maximumOf(inner)
    const tooLong = 'x'.repeat(maximum === null ? 5000 : maximum + 1)
    const formats =
      inner instanceof z.ZodStringFormat && inner.format === 'datetime'
        ? hostileTimes
        : inner instanceof z.ZodStringFormat && inner.format === 'date'
          ? hostileDates
          : inner instanceof z.ZodStringFormat && inner.format === 'url'
            ? ['javascript:alert(1)', 'not a url']
            : []
    const strings = [
      ...cases([123, {}, ['abcd1234'], ...formats]),
      ...someHostileCharacters(3).map((ch) => ({ label: `${at} with ${codePoint(ch)}`, input: `ab${ch}cd1234` })),
      { label: `${at} of ${tooLong.length} characters`, input: tooLong },
    ]
    return at.endsWith('.cursor')
      ? [...strings, ...forgedCursors.map((cursor) => ({ label: `${at} forged ${Buffer.from(cursor, 'base64url').toString()}`, input: cursor }))]
      : strings
  }
  if (inner instanceof z.ZodNumber) return cases(hostileNumbers)
  if (inner instanceof z.ZodBoolean) return cases(['true', 1])
  if (inner instanceof z.ZodEnum || inner instanceof z.ZodLiteral) return cases(['__nope__', 0])
  throw new Error(`the fuzz test cannot attack a ${inner.def.type} yet: teach sample() and hostile() about it`)
}

function casesFor(schema: z.ZodType, baseline: Record<string, unknown>): Case[] {
  const base = { ...(sample(schema) as object), ...baseline }
  return [
    ...hostile(schema, 'input', baseline),
    { label: 'input nested 30,000 deep', input: nested(30_000) },
    { label: 'input with a field nested 40 deep', input: { ...base, deep: nested(40) } },
    { label: 'input over 64 KB', input: { ...base, pad: 'x'.repeat(70_000) } },
  ]
}

let app: TestApp
let caller: number
/**
 * Where a generated sample would stop in the handler before the hostile field matters (an id
 * of nothing, a pickup item without a pickup point), real values take the sample's place, so
 * the hostile field reaches as far as it can.
 */
const baselines: Record<string, Record<string, unknown>> = {}

beforeAll(async () => {
  app = await openTestApp()
  caller = app.users.member
  const [root] = await app.db.query<{ id: number }>('SELECT id FROM branch WHERE parent_id IS NULL ORDER BY id LIMIT 1')
  for (const role of roles) {
    await app.db.query('INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, $2, $3)', [caller, role, root.id])
  }
  const draft = await app.ok(caller, 'notice', 'save', { title: '模糊测试草稿', bodyHtml: '<p>正文</p>', targetBranchId: root.id })
  const [category] = await app.db.query<{ id: number }>('SELECT id FROM mall_category ORDER BY id LIMIT 1')
  const [item] = await app.db.query<{ id: number }>(`SELECT id FROM mall_item WHERE kind = 'pickup' ORDER BY id LIMIT 1`)
  baselines['notice.save'] = { targetBranchId: root.id }
  baselines['notice.publish'] = { id: draft.id }
  baselines['mall.saveItem'] = { kind: 'delivery', categoryId: category.id, scopeBranchId: root.id }
  baselines['mall.restock'] = { itemId: item.id }
  baselines['mall.redeem'] = { itemId: item.id }
  const [point] = await app.db.query<{ id: number }>('SELECT id FROM mall_pickup_point ORDER BY id LIMIT 1')
  baselines['mall.createPickupPoint'] = { branchId: root.id }
  baselines['mall.updatePickupPoint'] = { id: point.id }
})
afterAll(() => app?.close())

/** What refuses malformed input; any other code means the input got past validation into the handler. */
const validationCodes = new Set(['VALIDATION_FAILED', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE'])

const actions = Object.entries(registry).flatMap(([fn, defs]) => Object.keys(defs).map((action) => ({ name: `${fn}.${action}`, fn, action })))

describe('every action refuses hostile input with a 4xx and writes nothing', () => {
  it('knows a schema for every registered action and an action for every schema', () => {
    const registered = actions.map(({ name }) => name).sort()
    const described = Object.entries(apiSchemas).flatMap(([fn, schemas]) => Object.keys(schemas).map((action) => `${fn}.${action}`)).sort()
    expect(registered).toEqual(described)
  })

  it.each(actions)('$name', async ({ fn, action }) => {
    const schema = (apiSchemas as Record<string, Record<string, z.ZodType>>)[fn][action]
    const before = await app.snapshot()
    const failures: string[] = []
    const legitimate = legitimateCursors[`${fn}.${action}`] ?? []
    const legitimateId = Object.entries(legitimateIds[`${fn}.${action}`] ?? {})
    for (const { label, input } of casesFor(schema, baselines[`${fn}.${action}`] ?? {})) {
      if (typeof input === 'object' && input !== null && legitimate.includes((input as { cursor?: string }).cursor ?? '')) continue
      if (typeof input === 'object' && input !== null && legitimateId.some(([field, ids]) => ids.includes((input as Record<string, unknown>)[field]))) continue
      const result = await app.callRaw(caller, fn, { action, input })
      if (result.ok) {
        failures.push(`${label}: accepted`)
        continue
      }
      const status = httpStatusOf(result)
      const shaped = Object.keys(result).join() === 'ok,error' && Object.keys(result.error).sort().join() === 'code,message'
      if (status < 400 || status >= 500 || !shaped || !/[\u4e00-\u9fff]/.test(result.error.message) || !validationCodes.has(result.error.code)) {
        failures.push(`${label}: ${status} ${result.error.code} ${result.error.message}`)
      }
    }
    expect(failures).toEqual([])
    expect(await app.snapshot()).toEqual(before)
  })
})
