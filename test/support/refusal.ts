import { loadCaller } from '../../server/caller'
import type { Caller } from '../../server/caller'
import type { Queryable } from '../../server/db'
import { AppError } from '../../server/errors'

/** A user's caller, as the host resolves it, for tests that call server functions in-process. */
export async function callerOf(db: Queryable, userId: number): Promise<Caller> {
  const caller = await loadCaller(db, userId)
  if (!caller) throw new Error(`no user ${userId}`)
  return caller
}

/** The code of the AppError a call is refused with; fails the test when it is not refused. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error.code
    throw error
  }
  throw new Error('expected a refusal')
}
