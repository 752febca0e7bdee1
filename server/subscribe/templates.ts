import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { messageKinds, subscribeMoments, templateIdSchema } from '../../src/shared/api/message'
import type { MessageKind, SubscribeMoment } from '../../src/shared/api/message'
import { fieldTypeOf } from './fields'
import type { FieldType } from './fields'

/**
 * Where a field's value comes from: the message's title or body, its time, a value of its
 * payload (`payload.orderNo`), or fixed text (`text:已发货`, for a status phrase).
 */
const valueSource = z.union([
  z.enum(['title', 'body', 'createdAt']),
  z.string().regex(/^payload\.[A-Za-z][A-Za-z0-9]*$/),
  z.string().regex(/^text:.+$/),
])

export type ValueSource = z.infer<typeof valueSource>

/** `{ "thing2": "payload.itemTitle" }` as a list of fields, each with the type its key names. */
const fieldsSchema = z
  .record(z.string(), valueSource)
  .refine((fields) => Object.keys(fields).length > 0 && Object.keys(fields).length <= 10, '每个模板需要 1 到 10 个字段')
  .transform((fields, ctx) =>
    Object.entries(fields).flatMap(([key, source]) => {
      const type: FieldType | null = fieldTypeOf(key)
      if (type) return [{ key, type, source }]
      ctx.addIssue({ code: 'custom', message: `字段名 ${key} 不是微信模板的字段类型加序号（如 thing1、character_string2）`, path: [key] })
      return []
    }),
  )

const templateSchema = z.object({ templateId: templateIdSchema, fields: fieldsSchema }).strict()

const configSchema = z
  .object({
    /** Which version of the mini-program a tap on the message opens. */
    miniprogramState: z.enum(['developer', 'trial', 'formal']).default('formal'),
    templates: z.partialRecord(z.enum(messageKinds), templateSchema).default({}),
  })
  .strict()

export type SubscribeTemplate = z.infer<typeof templateSchema>
export type SubscribeConfig = z.infer<typeof configSchema>

export const noSubscribeTemplates: SubscribeConfig = { miniprogramState: 'formal', templates: {} }

/**
 * Reads the template configuration: a path to a JSON file, or the JSON itself (a cloud function
 * has no file of its own to point at). Throws with a message naming what is wrong.
 */
export function parseSubscribeConfig(setting: string | undefined): SubscribeConfig {
  if (!setting?.trim()) return noSubscribeTemplates
  const inline = setting.trim().startsWith('{')
  let raw: unknown
  try {
    raw = JSON.parse(inline ? setting : readFileSync(setting, 'utf8'))
  } catch (error) {
    throw new Error(`${inline ? '内容' : `文件 ${setting}`} 不是有效的 JSON：${error instanceof Error ? error.message : String(error)}`)
  }
  const parsed = configSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`${issue.path.join('.') || '配置'}：${issue.message}`)
  }
  return parsed.data
}

/** The distinct templates for a moment's kinds, in the moment's order: what one consent dialog asks for. */
export function templatesForMoment(config: SubscribeConfig, moment: SubscribeMoment): string[] {
  const ids = subscribeMoments[moment].flatMap((kind) => config.templates[kind]?.templateId ?? [])
  return [...new Set(ids)]
}

/** Every configured template id: the only ones a consent may name. */
export function configuredTemplateIds(config: SubscribeConfig): Set<string> {
  return new Set(Object.values(config.templates).map((t) => t.templateId))
}

/** Kind → template pairs, for the sender's query. */
export function templatedKinds(config: SubscribeConfig): { kinds: MessageKind[]; templateIds: string[] } {
  const entries = messageKinds.flatMap((kind) => {
    const template = config.templates[kind]
    return template ? [[kind, template.templateId] as const] : []
  })
  return { kinds: entries.map(([kind]) => kind), templateIds: entries.map(([, id]) => id) }
}
