import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../errors'
import { wrapPglite } from './pglite'
import type { PgliteHandle } from './pglite'

/** An instance whose every call fails with `error`, as one does after its WebAssembly aborted. */
function failing(error: unknown): PgliteHandle {
  const fail = async () => {
    throw error
  }
  return { query: fail, exec: fail, transaction: fail, close: async () => undefined }
}

const working: PgliteHandle = {
  query: async () => ({ rows: [], fields: [] }),
  exec: async () => [],
  transaction: async (fn) => fn(Object.create(null)),
  close: async () => undefined,
}

const unavailable = { code: 'DB_UNAVAILABLE' }

describe('wrapPglite under engine faults', () => {
  it('answers DB_UNAVAILABLE for an aborted instance and reopens the data dir on the next call', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const reopen = vi.fn(async () => working)
    const db = wrapPglite(failing(new WebAssembly.RuntimeError('Aborted(unreachable)')), reopen)
    await expect(db.query('SELECT 1')).rejects.toMatchObject(unavailable)
    await expect(db.query('SELECT 1')).resolves.toEqual([])
    await expect(db.exec('SELECT 1')).resolves.toBeUndefined()
    expect(reopen).toHaveBeenCalledTimes(1)
  })

  it('treats PostgreSQL exiting inside the instance the same way, inside a transaction too', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const reopen = vi.fn(async () => working)
    const db = wrapPglite(failing({ name: 'ExitStatus', status: 1 }), reopen)
    await expect(db.transaction(async () => 1)).rejects.toBeInstanceOf(AppError)
    await expect(db.transaction(async () => 1)).resolves.toBe(1)
    expect(reopen).toHaveBeenCalledTimes(1)
  })

  it('keeps answering DB_UNAVAILABLE while the instance cannot be reopened, then recovers', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const reopen = vi.fn<() => Promise<PgliteHandle>>().mockRejectedValueOnce(new Error('data dir busy')).mockResolvedValue(working)
    const db = wrapPglite(failing(new WebAssembly.RuntimeError('Aborted(OOM)')), reopen)
    await expect(db.query('SELECT 1')).rejects.toMatchObject(unavailable)
    await expect(db.query('SELECT 1')).rejects.toMatchObject(unavailable)
    await expect(db.query('SELECT 1')).resolves.toEqual([])
  })

  it('passes a statement error through and keeps the instance', async () => {
    const sqlError = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })
    const reopen = vi.fn(async () => working)
    const db = wrapPglite(failing(sqlError), reopen)
    await expect(db.query('INSERT …')).rejects.toBe(sqlError)
    await expect(db.query('INSERT …')).rejects.toBe(sqlError)
    expect(reopen).not.toHaveBeenCalled()
  })

  it('does not reopen a database that was closed on purpose', async () => {
    const reopen = vi.fn(async () => working)
    const db = wrapPglite(working, reopen)
    await db.close()
    await expect(db.query('SELECT 1')).rejects.toThrow('PGlite is closed')
    expect(reopen).not.toHaveBeenCalled()
  })

  it('cannot bring back an in-memory database', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const db = wrapPglite(failing(new WebAssembly.RuntimeError('Aborted()')))
    await expect(db.query('SELECT 1')).rejects.toMatchObject(unavailable)
    await expect(db.query('SELECT 1')).rejects.toMatchObject(unavailable)
  })
})
