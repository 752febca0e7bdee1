/**
 * The one contract between client and server. The client imports it with `import type`
 * only, so zod never reaches the mini-program bundle.
 */
import type { z } from 'zod'
import { aidSchemas } from './aid'
import type { AidOutputs } from './aid'
import { authSchemas } from './auth'
import type { AuthOutputs } from './auth'
import { branchSchemas } from './branch'
import type { BranchOutputs } from './branch'
import { cardSchemas } from './card'
import type { CardOutputs } from './card'
import { courseSchemas } from './course'
import type { CourseOutputs } from './course'
import { datingSchemas } from './dating'
import type { DatingOutputs } from './dating'
import { fileSchemas } from './file'
import type { FileOutputs } from './file'
import { legalSchemas } from './legal'
import type { LegalOutputs } from './legal'
import { librarySchemas } from './library'
import type { LibraryOutputs } from './library'
import { mallSchemas } from './mall'
import type { MallOutputs } from './mall'
import { memberSchemas } from './member'
import type { MemberOutputs } from './member'
import { messageSchemas } from './message'
import type { MessageOutputs } from './message'
import { noticeSchemas } from './notice'
import type { NoticeOutputs } from './notice'
import { pointsSchemas } from './points'
import type { PointsOutputs } from './points'
import { quizSchemas } from './quiz'
import type { QuizOutputs } from './quiz'
import { roleSchemas } from './role'
import type { RoleOutputs } from './role'

export const apiSchemas = {
  aid: aidSchemas,
  auth: authSchemas,
  branch: branchSchemas,
  card: cardSchemas,
  course: courseSchemas,
  dating: datingSchemas,
  file: fileSchemas,
  legal: legalSchemas,
  library: librarySchemas,
  mall: mallSchemas,
  member: memberSchemas,
  message: messageSchemas,
  notice: noticeSchemas,
  points: pointsSchemas,
  quiz: quizSchemas,
  role: roleSchemas,
}

interface ApiOutputs {
  aid: AidOutputs
  auth: AuthOutputs
  branch: BranchOutputs
  card: CardOutputs
  course: CourseOutputs
  dating: DatingOutputs
  file: FileOutputs
  legal: LegalOutputs
  library: LibraryOutputs
  mall: MallOutputs
  member: MemberOutputs
  message: MessageOutputs
  notice: NoticeOutputs
  points: PointsOutputs
  quiz: QuizOutputs
  role: RoleOutputs
}

export type FunctionName = keyof typeof apiSchemas
export type ActionName<F extends FunctionName> = keyof (typeof apiSchemas)[F] & keyof ApiOutputs[F] & string

type SchemaOf<F extends FunctionName, A extends ActionName<F>> = (typeof apiSchemas)[F][A] extends z.ZodType
  ? (typeof apiSchemas)[F][A]
  : never

/** What the caller sends (defaults may be omitted). */
export type ActionInput<F extends FunctionName, A extends ActionName<F>> = z.input<SchemaOf<F, A>>
/** What the handler receives after validation. */
export type ParsedInput<F extends FunctionName, A extends ActionName<F>> = z.output<SchemaOf<F, A>>
export type ActionOutput<F extends FunctionName, A extends ActionName<F>> = ApiOutputs[F][A]

export * from './common'
export type * from './aid'
export type * from './auth'
export type * from './branch'
export type * from './card'
export type * from './course'
export type * from './dating'
export type * from './file'
export type * from './legal'
export type * from './library'
export type * from './mall'
export type * from './member'
export type * from './message'
export type * from './notice'
export type * from './points'
export type * from './quiz'
export type * from './role'
