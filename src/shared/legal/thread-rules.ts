/**
 * 在线律师, the thread's limits, without zod: the question page counts and caps with them, and the
 * contract (src/shared/api/legal-thread.ts) validates with them.
 */

/** At most this many files per message. */
export const maxThreadFiles = 9
export const messageBodyMax = 3000
export const ratingCommentMax = 300
export const revealReasonMin = 5
export const revealReasonMax = 200
/** How often an open thread asks for new messages while it is on screen. */
export const threadPollMs = 5000
