import type { CaseStatus } from './names'

/** Limits and order of hand-offs and cases, without zod: the pages use them too. */

/** The order a case moves in: a step goes forward only, never back. */
export const caseStatusOrder: readonly CaseStatus[] = ['submitted', 'accepted', 'in_progress', 'closed']

export const handOffSummaryMax = 1000
export const caseNoteMax = 500
