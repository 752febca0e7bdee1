import type { BranchRef, Grant } from '../../shared/api'

/** The branches a course_editor works for (their grants): banks and quizzes are made for these or below. */
export function editorBranches(grants: readonly Grant[] | undefined): BranchRef[] {
  return (grants ?? []).filter((g) => g.role === 'course_editor').map((g) => g.branch)
}
