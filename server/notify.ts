import type { MessageKind } from '../src/shared/api'
import type { routes } from '../src/routes'
import type { Queryable } from './db'

type Route = (typeof routes)[keyof typeof routes]
/** A page of the app, with its query: `withQuery(routes.mallOrder, { id })`. */
export type PageLink = Route | `${Route}?${string}`

export interface Notification {
  userId: number
  kind: MessageKind
  /** What caused it, e.g. `order:42`; per user and kind a source tells once. */
  source: string
  title: string
  body: string
  link: PageLink
  /**
   * Values a WeChat subscribe-message template may put in its fields (an order number, an item
   * title), named as config/subscribe-templates.example.json uses them; the centre shows only
   * title and body.
   */
  payload?: MessagePayload
}

export type MessagePayload = Record<string, string | number>

/**
 * Puts a message in the user's centre (and the outbox). Call it with the transaction handle of
 * the state change it reports, so both commit or neither does. A retried or replayed change
 * finds its message there and writes nothing.
 */
export async function notify(db: Queryable, n: Notification): Promise<void> {
  await db.query(
    `INSERT INTO message (user_id, kind, source, title, body, link, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (user_id, kind, source) DO NOTHING`,
    [n.userId, n.kind, n.source, n.title, n.body, n.link, n.payload ? JSON.stringify(n.payload) : null],
  )
}

/** A reason someone typed, closed with one full stop whether or not they ended it with one. */
export function sentence(text: string): string {
  return /[。！？.!?]$/.test(text) ? text : `${text}。`
}

/**
 * notify() as a CTE named `name`, for a hot path that folds its message into a statement it runs
 * anyway rather than pay a round trip of its own. The fields are SQL expressions over `from`, the
 * CTE the state change wrote, with any condition: one message per row of it, none when it is empty.
 */
export function notifySql(name: string, from: string, n: { [K in keyof Notification]: K extends 'kind' ? MessageKind : string }): string {
  return `${name} AS (
       INSERT INTO message (user_id, kind, source, title, body, link, payload)
       SELECT ${n.userId}, '${n.kind}', ${n.source}, ${n.title}, ${n.body}, ${n.link}, ${n.payload ?? 'NULL::jsonb'} FROM ${from}
       ON CONFLICT (user_id, kind, source) DO NOTHING
     )`
}
