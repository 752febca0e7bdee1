import type { ThreadViewer } from '../../src/shared/api/legal-thread'
import type { Role } from '../../src/shared/roles'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { covers } from '../scope'

/** The columns of a legal_question row that decide who sees it. */
export interface QuestionScope {
  asker_user_id: number
  lawyer_user_id: number | null
  branch_path: string
  queue_path: string
}

/** The columns questionViewer needs, for a SELECT list (alias `q`). */
export const questionScopeColumns = 'q.asker_user_id, q.lawyer_user_id, q.branch_path, q.queue_path'

/**
 * Who the caller is to a question (issue 10 §7), or null when they may not know it exists: its
 * asker; its assigned lawyer; a legal_admin whose grant covers the asker's branch or the queue; a
 * lawyer of the queue while nobody has claimed it (to decide whether to claim it). Asking comes
 * first: staff who asked read their own question as its asker, never as staff.
 */
export function questionViewer(caller: Caller, q: QuestionScope): ThreadViewer | null {
  if (q.asker_user_id === caller.userId) return 'asker'
  if (q.lawyer_user_id === caller.userId) return 'lawyer'
  if (covers(caller, 'legal_admin', q.branch_path) || covers(caller, 'legal_admin', q.queue_path)) return 'legal_admin'
  if (q.lawyer_user_id === null && covers(caller, 'lawyer', q.queue_path)) return 'lawyer'
  return null
}

/**
 * Who reads the files of a question (`legal_question:<id>`) or of one of its messages
 * (`legal_message:<id>`): exactly whoever sees the question. The asker reads as 'participant'
 * (not a staff read); staff read under their role, which the file service logs.
 */
export async function questionFileReader(
  db: Queryable,
  caller: Caller,
  ref: { questionId: number } | { messageId: number },
): Promise<Role | 'participant' | null> {
  const [row] =
    'questionId' in ref
      ? await db.query<QuestionScope>(`SELECT ${questionScopeColumns} FROM legal_question q WHERE q.id = $1`, [ref.questionId])
      : await db.query<QuestionScope>(
          `SELECT ${questionScopeColumns} FROM legal_message m JOIN legal_question q ON q.id = m.question_id WHERE m.id = $1`,
          [ref.messageId],
        )
  const viewer = row ? questionViewer(caller, row) : null
  return viewer === 'asker' ? 'participant' : viewer
}
