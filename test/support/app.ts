import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { inject } from 'vitest'
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '../../src/shared/api'
import type { ApiError, ApiResult } from '../../src/shared/errors'
import type { Role } from '../../src/shared/roles'
import { dispatch, sessionPurpose } from '../../server/action'
import type { Db } from '../../server/db'
import { wrapPglite } from '../../server/db/pglite'
import { createPostgresDb } from '../../server/db/postgres'
import { registry } from '../../server/registry'
import { signToken } from '../../server/tokens'
import { testEnv } from './env'

export type DemoKey = 'member' | 'sibling-member' | 'enterprise-admin' | 'town-admin' | 'county-admin' | 'mall-operator' | 'city-admin' | 'lawyer' | 'legal-admin' | 'librarian' | 'course-editor' | 'county-course-editor' | 'matchmaker'

export interface TestApp {
  db: Db
  /** Demo account user ids by key. */
  users: Record<DemoKey, number>
  tokenFor(userId: number): string
  /** Calls a function the way the host does, with a session token for `as` (null: anonymous). */
  call<F extends FunctionName, A extends ActionName<F>>(
    as: number | null,
    fn: F,
    action: A,
    input: ActionInput<F, A>,
  ): Promise<ApiResult<ActionOutput<F, A>>>
  /** The same with an arbitrary event, for hostile input. */
  callRaw(as: number | null, fn: string, event: unknown): Promise<ApiResult<unknown>>
  ok<F extends FunctionName, A extends ActionName<F>>(as: number | null, fn: F, action: A, input: ActionInput<F, A>): Promise<ActionOutput<F, A>>
  fail<F extends FunctionName, A extends ActionName<F>>(as: number | null, fn: F, action: A, input: unknown): Promise<ApiError>
  branchId(name: string): Promise<number>
  newUser(nickname?: string): Promise<number>
  /** A new user holding `role` at the named branch. */
  newStaff(branchName: string, role?: Role): Promise<number>
  /** Counts rows of every table the app writes; a refused call must leave them unchanged. */
  snapshot(): Promise<Record<string, number>>
  close(): Promise<void>
}

async function openDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (process.env.TEST_DB === 'pg') {
    const adminUrl = inject('pgAdminUrl')
    const name = `jx_t_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name} TEMPLATE jx_template`)
    await admin.end()
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    const db = createPostgresDb(url.toString(), 20)
    return {
      db,
      drop: async () => {
        await db.close()
        const cleanup = new pg.Client({ connectionString: adminUrl })
        await cleanup.connect()
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await cleanup.end()
      },
    }
  }
  const dump = readFileSync(inject('pgliteTemplate'))
  const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) })
  const db = wrapPglite(pglite)
  return { db, drop: () => db.close() }
}

const writtenTables = [
  'app_user', 'member', 'membership_application', 'role_grant', 'audit_log', 'notice', 'notice_read', 'branch',
  'points_account', 'points_ledger', 'points_checkin', 'points_budget', 'mall_item', 'mall_coupon_code', 'mall_order',
  'card_token_use', 'mall_restock', 'mall_pickup_point', 'message', 'notice_fanout', 'subscribe_allowance', 'message_delivery',
  'file', 'aid_plan', 'aid_enrolment', 'aid_year_usage', 'aid_payout', 'aid_claim_event',
  'aid_settlement_import', 'aid_settlement_row',
  'library_progress', 'library_reader_settings', 'library_annotation',
  'library_import', 'library_book', 'library_chapter', 'library_toc',
  'dating_profile', 'dating_revision', 'dating_like', 'dating_like_day', 'dating_pass', 'dating_match', 'dating_contact_reveal',
  'dating_message', 'dating_block', 'dating_report', 'dating_event', 'dating_event_signup', 'dating_event_pick', 'dating_word',
]

/** A session token for a test user, signed with the test secret, valid for an hour. */
export function tokenFor(userId: number): string {
  return signToken(testEnv.appSecret, sessionPurpose, { uid: userId, exp: Math.floor(Date.now() / 1000) + 3600 })
}

export async function openTestApp(): Promise<TestApp> {
  const { db, drop } = await openDb()
  const rows = await db.query<{ id: number; demo_key: DemoKey }>('SELECT id, demo_key FROM app_user WHERE demo_key IS NOT NULL')
  const users = Object.fromEntries(rows.map((r) => [r.demo_key, r.id])) as Record<DemoKey, number>
  const deps = { db, env: testEnv }
  const callRaw = (as: number | null, fn: string, event: unknown) =>
    dispatch(deps, registry, fn, event, { kind: 'token', token: as === null ? null : tokenFor(as) })
  const app: TestApp = {
    db,
    users,
    tokenFor,
    callRaw,
    call: (as, fn, action, input) => callRaw(as, fn, { action, input }) as Promise<ApiResult<ActionOutput<typeof fn, typeof action>>>,
    async ok(as, fn, action, input) {
      const result = await app.call(as, fn, action, input)
      if (!result.ok) throw new Error(`${fn}.${action} 失败：${result.error.code} ${result.error.message}`)
      return result.data
    },
    async fail(as, fn, action, input) {
      const result = await callRaw(as, fn, { action, input })
      if (result.ok) throw new Error(`${fn}.${action} 本应失败，却成功了：${JSON.stringify(result.data)}`)
      return result.error
    },
    async branchId(name) {
      const [row] = await db.query<{ id: number }>('SELECT id FROM branch WHERE name = $1', [name])
      if (!row) throw new Error(`no branch ${name}`)
      return row.id
    },
    async newUser(nickname = '测试用户') {
      const [row] = await db.query<{ id: number }>('INSERT INTO app_user (nickname) VALUES ($1) RETURNING id', [nickname])
      return row.id
    },
    async newStaff(branchName, role = 'admin') {
      const userId = await app.newUser(`${branchName}${role}`)
      await db.query('INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, $2, $3)', [userId, role, await app.branchId(branchName)])
      return userId
    },
    async snapshot() {
      const counts: Record<string, number> = {}
      for (const table of writtenTables) {
        const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
        counts[table] = row.n
      }
      const [state] = await db.query<{ s: string }>(
        `SELECT md5(string_agg(x, ',' ORDER BY x)) AS s FROM (
           SELECT 'a' || id || status || COALESCE(reject_reason, '') AS x FROM membership_application
           UNION ALL SELECT 'n' || id || status || pinned || title || read_count || COALESCE(publish_at::text, '') FROM notice
           UNION ALL SELECT 'p' || member_id || ':' || balance FROM points_account
           UNION ALL SELECT 'b' || branch_id || ':' || year || ':' || amount || ':' || used || ':' || allotted FROM points_budget
           UNION ALL SELECT 'i' || id || ':' || stock || ':' || title || ':' || on_sale FROM mall_item
           UNION ALL SELECT 'o' || id || ':' || status FROM mall_order
           UNION ALL SELECT 'm' || id || ':' || (read_at IS NULL) FROM message
           UNION ALL SELECT 'c' || id || ':' || status || ':' || COALESCE(reviewer_id, 0) || ':' || COALESCE(second_reviewer_id, 0) FROM aid_claim
           UNION ALL SELECT 'l' || id || ':' || note FROM library_annotation
           UNION ALL SELECT 'q' || id || ':' || name || ':' || address || ':' || opening_hours || ':' || phone || ':' || (retired_at IS NULL) FROM mall_pickup_point
           UNION ALL SELECT 'dp' || member_id || ':' || state || ':' || COALESCE(approved_at::text, '') || ':' || COALESCE(nickname, '') || ':' || hide_from_unit || ':' || COALESCE(contact, '') || ':' || cardinality(photo_file_ids) FROM dating_profile
           UNION ALL SELECT 'dr' || id || ':' || status FROM dating_revision
           UNION ALL SELECT 'dd' || member_id || ':' || day || ':' || likes FROM dating_like_day
           UNION ALL SELECT 'dm' || id || ':' || COALESCE(end_reason, '') || ':' || read_lo || ':' || read_hi || ':' || COALESCE(couple_confirmed_at::text, couple_reported_by::text, '') FROM dating_match
           UNION ALL SELECT 'dq' || id || ':' || status FROM dating_report
           UNION ALL SELECT 'de' || id || ':' || status || ':' || taken_male || ':' || taken_female || ':' || title FROM dating_event
           UNION ALL SELECT 'ds' || event_id || ':' || member_id || ':' || status || ':' || (checked_in_at IS NULL) FROM dating_event_signup
         ) t`,
      )
      counts[`state:${state.s ?? ''}`] = 1
      return counts
    },
    close: drop,
  }
  return app
}
