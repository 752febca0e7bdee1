import { z } from 'zod'
import type { BranchNode, BranchRef } from '../../src/shared/api'
import type { FunctionActions } from '../../server/action'
import { cursorId, cursorPath, cursorText, decodeCursor, pageOf } from '../../server/cursor'
import { AppError } from '../../server/errors'
import { inSubtreesSql, scopePaths } from '../../server/scope'

const searchCursor = z.object({ path: cursorPath }).strict()
const childCursor = z.object({ name: cursorText, id: cursorId }).strict()

interface BranchListRow {
  id: number
  name: string
  full_name: string
  level: 1 | 2 | 3 | 4
  path: string
}

const toRef = (r: BranchListRow): BranchRef => ({ id: r.id, name: r.name, fullName: r.full_name, level: r.level })

/** LIKE wildcards in user text are literal characters, not patterns. */
function likeContains(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export const branchActions: FunctionActions<'branch'> = {
  search: {
    access: 'user',
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, searchCursor)
      const params: unknown[] = [likeContains(input.q), after?.path ?? '', input.limit + 1]
      let scopeFilter = ''
      if (input.scope !== 'all') {
        const paths = scopePaths(ctx.caller, input.scope)
        if (paths.length === 0) throw new AppError('FORBIDDEN')
        params.push(paths)
        scopeFilter = `AND ${inSubtreesSql('path', '$4')}`
      }
      // Tree order (by path) keeps a parent right before its children in the results.
      const rows = await ctx.db.query<BranchListRow>(
        `SELECT id, name, full_name, level, path FROM branch
          WHERE name ILIKE $1 AND path > $2 COLLATE "C" ${scopeFilter}
          ORDER BY path COLLATE "C" LIMIT $3`,
        params,
      )
      return pageOf(rows, input.limit, toRef, (r) => ({ path: r.path }))
    },
  },
  children: {
    access: 'user',
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, childCursor)
      const rows = await ctx.db.query<BranchListRow & { child_count: number }>(
        `SELECT b.id, b.name, b.full_name, b.level, b.path,
                (SELECT count(*)::int FROM branch c WHERE c.parent_id = b.id) AS child_count
           FROM branch b
          WHERE b.parent_id IS NOT DISTINCT FROM $1
            AND ($2::text IS NULL OR (b.name, b.id) > ($2::text, $3::int))
          ORDER BY b.name, b.id LIMIT $4`,
        [input.parentId ?? null, after?.name ?? null, after?.id ?? 0, input.limit + 1],
      )
      return pageOf(
        rows,
        input.limit,
        (r): BranchNode => ({ ...toRef(r), childCount: r.child_count }),
        (r) => ({ name: r.name, id: r.id }),
      )
    },
  },
}
