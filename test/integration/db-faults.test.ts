/**
 * The host under database faults, against a real PostgreSQL server and the host as a real child
 * process, spawned the way `npm start` runs it. PostgreSQL only (vitest.config.ts keeps it out of
 * integration-pglite): PGlite lives inside the host's process, has no server that could end a
 * connection or be killed, and runs one statement at a time. The file starts a cluster of its
 * own because it kills the server.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresServerAvailable, startCluster } from '../../scripts/pg-cluster'
import type { Cluster } from '../../scripts/pg-cluster'
import { buildServer } from '../../scripts/build-server'
import type { Db } from '../../server/db'
import { createPostgresDb } from '../../server/db/postgres'
import { tokenFor } from '../support/app'
import { testEnv } from '../support/env'
import { callHost, spawnHost } from '../support/host-process'
import type { HostAnswer, HostProcess } from '../support/host-process'
import { fundedMembers, ledgerViolations, pickupItem, stockHeld } from '../support/mall-fixtures'

let cluster: Cluster
let host: HostProcess
let db: Db
let dataDir: string


function call(userId: number, fn: string, action: string, input: unknown): Promise<HostAnswer> {
  return callHost(`${host.url}/api/${fn}`, 'POST', { action, input }, { authorization: `Bearer ${tokenFor(userId)}` })
}

const errorCode = (answer: HostAnswer) => (answer.body as { error?: { code?: string } } | null)?.error?.code

/** Polls until check() holds, at most `tries` times. */
async function eventually<T>(what: string, tries: number, check: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check()
    if (value !== null) return value
    await sleep(50)
  }
  throw new Error(`没有等到：${what}`)
}

// Without the server binaries (only TEST_DATABASE_URL) no server can be killed and started again.
describe.skipIf(!postgresServerAvailable())('the host under database faults', () => {
  beforeAll(async () => {
    await buildServer()
    // synchronous_commit stays on: an immediate stop must not lose a commit the host answered for.
    cluster = await startCluster({ fsync: 'off', full_page_writes: 'off' })
    const admin = new pg.Client({ connectionString: cluster.url() })
    await admin.connect()
    await admin.query('CREATE DATABASE jx')
    await admin.end()
    dataDir = mkdtempSync(join(tmpdir(), 'jx-faults-'))
    host = await spawnHost([join('dist', 'server', 'start.js')], {
      DATABASE_URL: cluster.url('jx'),
      DATA_DIR: dataDir,
      APP_SECRET: testEnv.appSecret,
      ID_HASH_KEY: testEnv.idHashKey,
    })
    // The host migrates and seeds the demo data on its first start.
    await host.waitHealthy(60_000)
    db = createPostgresDb(cluster.url('jx'), 4)
  }, 120_000)

  afterAll(async () => {
    await host?.stop()
    await db?.close()
    cluster?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('answers DB_UNAVAILABLE to a request whose backend is terminated inside its transaction, and lives on', async () => {
    const [member] = await db.query<{ user_id: number; member_id: number }>(
      `SELECT u.id AS user_id, m.id AS member_id FROM app_user u JOIN member m ON m.user_id = u.id WHERE u.demo_key = 'member'`,
    )
    await db.query('INSERT INTO points_account (member_id) VALUES ($1) ON CONFLICT DO NOTHING', [member.member_id])
    // Holding the member's account row from outside keeps the host's check-in waiting inside its
    // transaction, after its first write: the moment a failover or an operator would cut it off.
    const locker = new pg.Client({ connectionString: cluster.url('jx') })
    await locker.connect()
    try {
      await locker.query('BEGIN')
      await locker.query('SELECT 1 FROM points_account WHERE member_id = $1 FOR UPDATE', [member.member_id])
      const inFlight = call(member.user_id, 'points', 'checkIn', {})
      const blocked = await eventually('签到请求在事务中等待行锁', 200, async () => {
        const rows = await db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = 'jx' AND wait_event_type = 'Lock' AND state = 'active' AND query LIKE '%points_account%'`,
        )
        return rows[0]?.pid ?? null
      })
      await db.query('SELECT pg_terminate_backend($1)', [blocked])
      const answer = await inFlight
      expect(answer.status).toBe(503)
      expect(answer.body).toEqual({ ok: false, error: { code: 'DB_UNAVAILABLE', message: '服务暂时不可用，请稍后重试' } })
    } finally {
      await locker.query('ROLLBACK')
      await locker.end()
    }
    expect(host.alive()).toBe(true)
    // Nothing of the cut-off check-in stayed; the next one goes through.
    const again = await call(member.user_id, 'points', 'checkIn', {})
    expect(again.status).toBe(200)
    const [checkins] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM points_checkin WHERE member_id = $1', [member.member_id])
    expect(checkins.n).toBe(1)
    expect(await ledgerViolations(db)).toEqual([])
  })

  it('logs a stray promise rejection and keeps serving', async () => {
    // Preloaded before the bundle, as a forgotten promise anywhere in the host would behave.
    const preload = join(dataDir, 'stray-rejection.cjs')
    writeFileSync(preload, "setTimeout(() => Promise.reject(new Error('stray rejection for the test')), 0)\n")
    const stray = await spawnHost(['--require', preload, join('dist', 'server', 'start.js')], {
      DATABASE_URL: cluster.url('jx'),
      DATA_DIR: dataDir,
      APP_SECRET: testEnv.appSecret,
      ID_HASH_KEY: testEnv.idHashKey,
    })
    try {
      await stray.waitHealthy(30_000)
      await eventually('拒绝被记入日志', 100, async () => (stray.output().includes('stray rejection for the test') ? true : null))
      expect(stray.output()).toContain('"msg":"unhandled rejection"')
      expect(stray.alive()).toBe(true)
    } finally {
      await stray.stop()
    }
  })

  it('survives the server being killed under load, recovers by itself, and loses or doubles nothing', async () => {
    const price = 10
    const perMember = 12
    const newUser = async (nickname = '故障测试会员') => {
      const [row] = await db.query<{ id: number }>('INSERT INTO app_user (nickname) VALUES ($1) RETURNING id', [nickname])
      return row.id
    }
    const members = await fundedMembers({ db, newUser }, Array.from({ length: 8 }, () => price * perMember))
    const initialStock = 1000
    const itemId = await pickupItem(db, { price, stock: initialStock })
    const outcomes = { ok: 0, replayed: 0, unavailable: 0, refused: 0, other: [] as string[] }
    // Killed from inside the load, when the eighth order lands, so that however fast this machine
    // is, most of the load is still to come: requests are mid-transaction when the server dies.
    let crashed = false

    /** A client that resends the same request id until it has an answer, as the app does. */
    async function redeemUntilAnswered(userId: number): Promise<void> {
      const requestId = `faults-${randomBytes(8).toString('hex')}`
      for (let attempt = 0; attempt < 400; attempt++) {
        const answer = await call(userId, 'mall', 'redeem', { itemId, quantity: 1, requestId })
        if (answer.status === 200) {
          if ((answer.body as { data: { replayed: boolean } }).data.replayed) outcomes.replayed++
          else outcomes.ok++
          if (!crashed && outcomes.ok >= 8) {
            crashed = true
            cluster.crash()
          }
          return
        }
        if (answer.status === 503 && errorCode(answer) === 'DB_UNAVAILABLE') outcomes.unavailable++
        else if (answer.status === 0) outcomes.refused++
        else outcomes.other.push(`${answer.status} ${JSON.stringify(answer.body)}`)
        await sleep(25)
      }
      throw new Error(`兑换 ${requestId} 一直没有结果`)
    }
    async function checkInUntilAnswered(userId: number): Promise<void> {
      for (let attempt = 0; attempt < 400; attempt++) {
        const answer = await call(userId, 'points', 'checkIn', {})
        // A resend after a lost answer gets the day's result: a 200 either way.
        if (answer.status === 200) return
        if (errorCode(answer) !== 'DB_UNAVAILABLE' && answer.status !== 0) outcomes.other.push(`${answer.status} ${JSON.stringify(answer.body)}`)
        await sleep(25)
      }
      throw new Error('签到一直没有结果')
    }

    const load = Promise.all(
      members.map(async ({ userId }, index) => {
        for (let n = 0; n < perMember; n++) {
          await redeemUntilAnswered(userId)
          if (n === index % perMember) await checkInUntilAnswered(userId)
        }
      }),
    )
    await eventually('负载中途数据库被杀', 400, async () => (crashed ? true : null))
    const down = await eventually('/healthz 报告数据库不可用', 200, async () => {
      const answer = await callHost(`${host.url}/healthz`, 'GET')
      return answer.status === 503 ? answer : null
    })
    expect(down.body).toMatchObject({ ok: false, error: { code: 'DB_UNAVAILABLE' }, database: 'postgres' })
    // Keep the server down a while: every client goes on resending into the outage.
    await sleep(500)
    expect(host.alive()).toBe(true)
    cluster.restart()
    await eventually('/healthz 恢复', 400, async () => ((await callHost(`${host.url}/healthz`, 'GET')).status === 200 ? true : null))
    await load

    expect(host.alive()).toBe(true)
    expect(outcomes.other).toEqual([])
    expect(outcomes.unavailable).toBeGreaterThan(0)
    // Every request id became exactly one order, paid exactly once.
    const total = members.length * perMember
    expect(outcomes.ok + outcomes.replayed).toBe(total)
    const held = await stockHeld(db, itemId)
    expect(held).toEqual({ stock: initialStock - total, held: total, orders: total })
    expect(await ledgerViolations(db)).toEqual([])
    const balances = await db.query<{ balance: number }>(
      'SELECT balance FROM points_account WHERE member_id = ANY($1::int[])',
      [members.map((m) => m.memberId)],
    )
    // Each spent exactly its funding on its orders and kept its one check-in (day one: 5 points).
    expect(balances.map((b) => b.balance)).toEqual(members.map(() => 5))
    const [checkins] = await db.query<{ n: number; entries: number }>(
      `SELECT (SELECT count(*)::int FROM points_checkin WHERE member_id = ANY($1::int[])) AS n,
              (SELECT count(*)::int FROM points_ledger WHERE rule = 'checkin' AND member_id = ANY($1::int[])) AS entries`,
      [members.map((m) => m.memberId)],
    )
    expect(checkins).toEqual({ n: members.length, entries: members.length })
  })
})
