/** Review rules of manual claims, without zod: the review pages read them too. */

/**
 * Above this approved amount (3,000.00 元) a second reviewer at a higher level must also approve.
 * Compared with the amount the first reviewer decides.
 */
export const secondReviewThresholdFen = 300_000

/**
 * A claim open longer than this many working days after submission is marked overdue: Monday to
 * Friday on the Shanghai calendar (server/aid/working-days.ts), no public-holiday calendar.
 */
export const reviewDueWorkingDays = 10

/** The review queue's lists; `to_pay` (approved claims waiting for their transfer) is the aid_admin's. */
export const reviewQueueFilters = ['all', 'mine', 'unassigned', 'second_review', 'to_pay'] as const
export type ReviewQueueFilter = (typeof reviewQueueFilters)[number]
