/**
 * The enrolment sheet's shape, without zod: the staff page tells it before a file is chosen, and
 * the mini-program bundle must not pull zod in.
 */

/** The header an enrolment sheet must carry; other columns are ignored. */
export const sheetColumns = ['姓名', '身份证号'] as const
/** The most data rows one sheet may hold: a larger enterprise splits its list. */
export const maxSheetRows = 20_000
/** Row errors a preview answers in full; beyond them it gives the count. */
export const maxPreviewErrors = 1_000
