import type { Caller } from '../caller'
import { AppError } from '../errors'
import { chainOf, pathCovers } from '../scope'

/**
 * Who runs offline courses (issue 12 §2): a course_editor or an admin whose grant sits at county
 * level or above and covers the branch concerned. They accept enterprises' orders and organise
 * sessions; a town or enterprise admin does neither.
 */

/** County (2) or city (1): the unions that run offline courses. */
const deciderMaxLevel = 2

/** The caller's grants that may accept orders and organise sessions. */
function deciderGrants(caller: Caller) {
  return caller.grants.filter((g) => (g.role === 'course_editor' || g.role === 'admin') && chainOf(g.branchPath).length <= deciderMaxLevel)
}

export function deciderPaths(caller: Caller): string[] {
  return deciderGrants(caller).map((g) => g.branchPath)
}

export function isDecider(caller: Caller, path: string): boolean {
  return deciderGrants(caller).some((g) => pathCovers(g.branchPath, path))
}

/**
 * The branch that organises a session for `path`: the caller's nearest decider grant above it (a
 * county editor's county, not the city where they may also hold a role).
 */
export function organiserFor(caller: Caller, path: string): number {
  const grant = deciderGrants(caller)
    .filter((g) => pathCovers(g.branchPath, path))
    .sort((a, b) => b.branchPath.length - a.branchPath.length)[0]
  if (!grant) throw new AppError('TRAINING_NOT_DECIDER')
  return grant.branchId
}

/** Staff of the offline courses who hold a role somewhere, but not the county-level one a decision needs, learn why. */
export function requireDecider(caller: Caller, path: string): void {
  if (!isDecider(caller, path)) throw new AppError('TRAINING_NOT_DECIDER')
}

export const courseRefSql = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'title', ${alias}.title, 'teacher', ${alias}.teacher, 'category', ${alias}.category)`

