import { z } from 'zod'
import type { ReviewOutputs } from '../../src/shared/api/dating-review'
import type { Caller } from '../caller'
import { cursorText, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { scopePaths } from '../scope'
import { audit, iso } from '../sql'

/**
 * 敏感词: the word list every profile's text is checked against before a matchmaker sees it
 * (dating_word; the profile part checks it). One list for the whole city, so only matchmakers
 * holding the role at the city keep it; every matchmaker reads it.
 */

/** A grant at the root of the union tree ('/1/'): the city. */
function keepsWordList(caller: Caller): boolean {
  return scopePaths(caller, 'matchmaker').some((path) => path.split('/').filter(Boolean).length === 1)
}

function requireCityMatchmaker(caller: Caller): void {
  if (!keepsWordList(caller)) throw new AppError('FORBIDDEN', '敏感词由市级红娘统一维护')
}

const wordCursor = z.object({ word: cursorText }).strict()

export async function datingWords(db: Queryable, caller: Caller, input: { cursor?: string | null; limit: number }): Promise<ReviewOutputs['datingWords']> {
  const after = decodeCursor(input.cursor, wordCursor)
  const rows = await db.query<{ word: string; created_at: Date; created_by: string | null }>(
    `SELECT w.word, w.created_at, u.nickname AS created_by
       FROM dating_word w LEFT JOIN app_user u ON u.id = w.created_by
      WHERE $1::text IS NULL OR w.word > $1::text
      ORDER BY w.word
      LIMIT $2`,
    [after?.word ?? null, input.limit + 1],
  )
  const page = pageOf(
    rows,
    input.limit,
    (row) => ({ word: row.word, createdAt: iso(row.created_at), createdBy: row.created_by }),
    (row) => ({ word: row.word }),
  )
  return { ...page, canEdit: keepsWordList(caller) }
}

export async function addDatingWord(db: Db, caller: Caller, word: string): Promise<ReviewOutputs['addDatingWord']> {
  requireCityMatchmaker(caller)
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `INSERT INTO dating_word (word, created_by)
       SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM dating_word WHERE lower(word) = lower($1))
       ON CONFLICT (word) DO NOTHING
       RETURNING word`,
      [word, caller.userId],
    )
    if (rows.length) await audit(tx, { actor: caller.userId, action: 'dating.word_add', targetType: 'dating_word', targetIds: [], detail: { word } })
    return { word, added: rows.length > 0 }
  })
}

export async function removeDatingWord(db: Db, caller: Caller, word: string): Promise<ReviewOutputs['removeDatingWord']> {
  requireCityMatchmaker(caller)
  return db.transaction(async (tx) => {
    const rows = await tx.query('DELETE FROM dating_word WHERE word = $1 RETURNING word', [word])
    if (rows.length) await audit(tx, { actor: caller.userId, action: 'dating.word_remove', targetType: 'dating_word', targetIds: [], detail: { word } })
    return { word, removed: rows.length > 0 }
  })
}
