import { describe, expect, it, vi } from 'vitest'
import { freePort } from '../../scripts/pg-cluster'
import { isConnectionFailure } from './connection-failure'
import { createPostgresDb } from './postgres'

describe('isConnectionFailure', () => {
  const withCode = (code: string) => Object.assign(new Error('x'), { code })
  it('knows the connection from the statement', () => {
    for (const code of ['08006', '08001', '57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET']) expect(isConnectionFailure(withCode(code))).toBe(true)
    expect(isConnectionFailure(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isConnectionFailure(new Error('Connection terminated due to connection timeout', { cause: withCode('ETIMEDOUT') }))).toBe(true)
    for (const code of ['23505', '40001', '40P01', '57014', '22P02']) expect(isConnectionFailure(withCode(code))).toBe(false)
    expect(isConnectionFailure('Connection terminated')).toBe(false)
  })
})

describe('createPostgresDb without a server', () => {
  it('answers DB_UNAVAILABLE, for a statement and for a transaction that never began', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const db = createPostgresDb(`postgresql://postgres@127.0.0.1:${await freePort()}/jx`, 2)
    try {
      await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'DB_UNAVAILABLE', message: '服务暂时不可用，请稍后重试' })
      const work = vi.fn(async () => 1)
      await expect(db.transaction(work)).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' })
      expect(work).not.toHaveBeenCalled()
    } finally {
      await db.close()
    }
  })
})
