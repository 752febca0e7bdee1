import { errorMessages } from '../src/shared/errors'
import type { ApiError, ErrorCode } from '../src/shared/errors'

const httpStatus: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  ID_NUMBER_INVALID: 400,
  INVALID_SCHEDULE: 400,
  SUBSCRIBE_TEMPLATE_UNKNOWN: 400,
  NOTICE_IMAGE_NOT_UPLOADED: 400,
  COURSE_PROGRESS_TOO_FAST: 400,
  COURSE_TOO_MANY_LESSONS: 400,
  AID_OVERRIDE_REASON_REQUIRED: 400,
  AID_OVERRIDE_TOO_HIGH: 400,
  SETTLEMENT_FILE_INVALID: 400,
  AID_CLAIM_BILL_INVALID: 400,
  AID_CLAIM_DATES_INVALID: 400,
  AID_CLAIM_COVERAGE_NOT_FOUND: 404,
  AID_SELF_REVIEW: 403,
  LEGAL_SELF_SERVICE: 403,
  LEGAL_NOT_PARTICIPANT: 403,
  LEGAL_NOT_ON_DUTY: 403,
  LEGAL_NOT_ASSIGNED: 403,
  LEGAL_ROSTER_BRANCH: 400,
  LEGAL_CASE_OUTCOME_REQUIRED: 400,
  LEGAL_KB_PERSONAL_INFO: 400,
  LIBRARY_NOTE_TOO_LONG: 400,
  LIBRARY_ANNOTATION_RANGE: 400,
  LIBRARY_HEARTBEAT_CLOCK: 400,
  LIBRARY_NOT_EPUB: 415,
  LIBRARY_EPUB_MALFORMED: 400,
  LIBRARY_EPUB_DRM: 400,
  LIBRARY_EPUB_TOO_LARGE: 413,
  LIBRARY_EPUB_EMPTY: 400,
  LIBRARY_CAMPAIGN_BOOK_UNAVAILABLE: 400,
  LIBRARY_CAMPAIGN_WINDOW: 400,
  LIBRARY_CAMPAIGN_LEVEL: 400,
  CONTEST_WINDOW: 400,
  CONTEST_LEVEL: 400,
  LIBRARY_LIST_BOOK_NOT_VISIBLE: 400,
  AID_SECOND_REVIEW_NOT_ALLOWED: 403,
  QUIZ_DUPLICATE_OPTIONS: 400,
  QUIZ_ANSWER_INVALID: 400,
  QUIZ_IMPORT_TOO_MANY_ROWS: 413,
  QUIZ_IMPORT_UNREADABLE: 400,
  QUIZ_IMPORT_COLUMNS: 400,
  QUIZ_QUESTION_NOT_IN_ATTEMPT: 400,
  QUIZ_CHOICE_INVALID: 400,
  PAYLOAD_TOO_LARGE: 413,
  FILE_TOO_LARGE: 413,
  FILE_TYPE_NOT_ALLOWED: 415,
  FILE_CORRUPT: 400,
  IMAGE_TOO_LARGE: 400,
  UPLOAD_INCOMPLETE: 400,
  UPLOAD_TICKET_INVALID: 400,
  UPLOAD_TICKET_EXPIRED: 410,
  FILE_NOT_YOURS: 403,
  AID_SHEET_UNREADABLE: 400,
  AID_SHEET_COLUMNS: 400,
  AID_SHEET_TOO_MANY_ROWS: 413,
  CERT_VERIFY_TOO_MANY: 429,
  AID_CONFIRM_OWN_BATCH: 403,
  UNKNOWN_FUNCTION: 404,
  UNKNOWN_ACTION: 404,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  OUT_OF_SCOPE: 403,
  NOT_MEMBER: 403,
  DEMO_DISABLED: 403,
  DEMO_ACCOUNT_GONE: 410,
  SERVICE_MISCONFIGURED: 503,
  DB_UNAVAILABLE: 503,
  INTERNAL: 500,
}

/** The one error type handlers throw; turned into `{ ok: false, error }` in one place. */
export class AppError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message?: string) {
    super(message ?? errorMessages[code])
    this.code = code
  }
  get status(): number {
    return httpStatus[this.code] ?? 409
  }
  toApiError(): ApiError {
    return { code: this.code, message: this.message }
  }
}

/** PostgreSQL unique_violation, optionally on one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  if (e?.code !== '23505') return false
  return !constraint || e.constraint === constraint || (e.message ?? '').includes(constraint)
}
