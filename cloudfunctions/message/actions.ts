import { z } from 'zod'
import type { Message, MessageKind } from '../../src/shared/api'
import type { FunctionActions } from '../../server/action'
import { cursorBigId, decodeCursor, pageOf } from '../../server/cursor'
import { AppError } from '../../server/errors'
import { iso } from '../../server/sql'
import { allowanceCap } from '../../server/subscribe/sender'
import { configuredTemplateIds, templatesForMoment } from '../../server/subscribe/templates'

interface MessageRow {
  id: number
  kind: MessageKind
  title: string
  body: string
  link: string
  read_at: Date | null
  created_at: Date
}

const toMessage = (r: MessageRow): Message => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  read: r.read_at !== null,
  createdAt: iso(r.created_at),
})

const listCursor = z.object({ i: cursorBigId }).strict()

/** The home page badge: an index-only count over message_unread_idx. Exported for the bench, which checks its plan at full scale. */
export const unreadCountSql = 'SELECT count(*)::int AS n FROM message WHERE user_id = $1 AND read_at IS NULL'

/** Every action reads and writes the caller's own rows only: `user_id = caller` is in each statement. */
export const messageActions: FunctionActions<'message'> = {
  list: {
    access: 'user',
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, listCursor)
      const rows = await ctx.db.query<MessageRow>(
        `SELECT id, kind, title, body, link, read_at, created_at FROM message
          WHERE user_id = $1 AND ($2::bigint IS NULL OR id < $2)
          ORDER BY id DESC LIMIT $3`,
        [ctx.caller.userId, after?.i ?? null, input.limit + 1],
      )
      return pageOf(rows, input.limit, toMessage, (r) => ({ i: r.id }))
    },
  },

  unreadCount: {
    access: 'user',
    async handler(_input, ctx) {
      const [row] = await ctx.db.query<{ n: number }>(
        unreadCountSql,
        [ctx.caller.userId],
      )
      return { count: row.n }
    },
  },

  markRead: {
    access: 'user',
    async handler(input, ctx) {
      // Already read stays as it was (its first read time); someone else's reads as not there.
      const [row] = await ctx.db.query<{ id: number }>(
        `WITH own AS (SELECT id FROM message WHERE id = $1 AND user_id = $2),
              marked AS (UPDATE message SET read_at = now() WHERE id IN (SELECT id FROM own) AND read_at IS NULL)
         SELECT id FROM own`,
        [input.id, ctx.caller.userId],
      )
      if (!row) throw new AppError('NOT_FOUND', '消息不存在')
      return { id: input.id }
    },
  },

  markAllRead: {
    access: 'user',
    async handler(_input, ctx) {
      const [row] = await ctx.db.query<{ n: number }>(
        `WITH marked AS (UPDATE message SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING 1)
         SELECT count(*)::int AS n FROM marked`,
        [ctx.caller.userId],
      )
      return { marked: row.n }
    },
  },

  subscribeTemplates: {
    access: 'user',
    async handler(input, ctx) {
      return { templateIds: templatesForMoment(ctx.env.subscribe, input.moment) }
    },
  },

  recordConsent: {
    access: 'user',
    async handler(input, ctx) {
      const configured = configuredTemplateIds(ctx.env.subscribe)
      const unknown = input.templateIds.find((id) => !configured.has(id))
      if (unknown) throw new AppError('SUBSCRIBE_TEMPLATE_UNKNOWN', `订阅消息模板 ${unknown} 不存在或已停用`)
      // One more send per accepted template, up to the cap. A count rising from zero starts a new
      // `since`: the consent covers what happens from now on, not a message that came while there was none.
      const rows = await ctx.db.query<{ template_id: string; remaining: number }>(
        `INSERT INTO subscribe_allowance (user_id, template_id, remaining)
         SELECT $1, t, 1 FROM unnest($2::text[]) AS t
         ON CONFLICT (user_id, template_id) DO UPDATE
            SET remaining = LEAST($3, subscribe_allowance.remaining + 1),
                since = CASE WHEN subscribe_allowance.remaining = 0 THEN now() ELSE subscribe_allowance.since END,
                updated_at = now()
         RETURNING template_id, remaining`,
        [ctx.caller.userId, input.templateIds, allowanceCap],
      )
      const remaining = new Map(rows.map((r) => [r.template_id, r.remaining]))
      return { allowances: input.templateIds.map((templateId) => ({ templateId, remaining: remaining.get(templateId) ?? 0 })) }
    },
  },
}
