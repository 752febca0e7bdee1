import type { Role } from '../src/shared/roles'
import type { Caller } from './caller'
import type { Queryable } from './db'
import { AppError } from './errors'

/**
 * A role granted at a branch covers that branch and its descendants: the branch's path is a
 * prefix of theirs. Never siblings, never ancestors.
 */
export function pathCovers(grantPath: string, targetPath: string): boolean {
  return targetPath.startsWith(grantPath)
}

/** Branch ids from the root down to a branch, read off its path: the chain whose notices and goods a member sees. */
export function chainOf(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number)
}

export function scopePaths(caller: Caller, role: Role): string[] {
  return caller.grants.filter((g) => g.role === role).map((g) => g.branchPath)
}

/** Whether the caller holds `role` at `path` or above it: the one scope check every action uses. */
export function covers(caller: Caller, role: Role, path: string): boolean {
  return scopePaths(caller, role).some((p) => pathCovers(p, path))
}

export function hasRole(caller: Caller, roles: readonly Role[]): boolean {
  return caller.grants.some((g) => roles.includes(g.role))
}

/** SQL condition: `column` (a branch path) lies in one of the subtrees given as a text[] parameter. */
export function inSubtreesSql(column: string, param: string): string {
  return `EXISTS (SELECT 1 FROM unnest(${param}::text[]) AS scope(p) WHERE ${column} >= scope.p COLLATE "C" AND ${column} < (scope.p || '~') COLLATE "C")`
}

/**
 * SQL condition: `column` (a branch path) lies in the one subtree given as a text parameter. The
 * planner sees it as a range of the path index and estimates it from the path's statistics,
 * which the unnest of inSubtreesSql hides from it.
 */
export function inSubtreeSql(column: string, param: string): string {
  return `${column} >= ${param}::text COLLATE "C" AND ${column} < (${param}::text || '~') COLLATE "C"`
}

export interface BranchRow {
  id: number
  name: string
  full_name: string
  level: 1 | 2 | 3 | 4
  path: string
}

export async function findBranch(db: Queryable, branchId: number): Promise<BranchRow | null> {
  const [row] = await db.query<BranchRow>('SELECT id, name, full_name, level, path FROM branch WHERE id = $1', [branchId])
  return row ?? null
}

/** Loads the branch and checks that the caller holds `role` at it or above it. */
export async function requireBranchInScope(db: Queryable, caller: Caller, role: Role, branchId: number): Promise<BranchRow> {
  const branch = await findBranch(db, branchId)
  if (!branch) throw new AppError('NOT_FOUND', '所选组织不存在')
  if (!covers(caller, role, branch.path)) throw new AppError('OUT_OF_SCOPE', `「${branch.name}」不在您可管理的组织范围内`)
  return branch
}
