import { z } from 'zod'
import { cursorSchema, idSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import type { ExportedFile } from './file'
import { requestIdSchema } from './points'
import { bankIdSchema, quizIdSchema, quizLimits } from './quiz-common'
import type { Difficulty, QuestionKind, QuizMode, QuizStatus } from './quiz-common'

/**
 * 答题, part bank (issue 12 §3): question banks an editor fills by hand or from Excel, and the
 * quizzes that draw from them. `drawRulesSchema` is also what a contest round's rules are checked
 * with (quiz-contest imports it from here: the one exception to "parts never import each other").
 */

export const questionIdSchema = z.number({ error: '请选择题目' }).int().positive().max(2_147_483_647)
export const questionKindSchema = z.enum(['single', 'multiple', 'judge'], { error: '请选择题型' })
export const difficultySchema = z.number({ error: '难度须为容易、中等或困难' }).int('难度须为容易、中等或困难').min(1, '难度须为容易、中等或困难').max(3, '难度须为容易、中等或困难')

export const questionTagSchema = plainText({ max: quizLimits.tagMaxLength, min: 1, minMessage: '标签不能为空', maxMessage: `标签不超过 ${quizLimits.tagMaxLength} 字` })

/**
 * One rule of a draw: `count` questions among the bank's active ones that carry any of `tags`
 * (none: any tag) at `difficulty` (none: any). Rules draw in order, never the same question twice.
 */
export const drawRuleSchema = z
  .object({
    tags: z.array(questionTagSchema).max(quizLimits.tagsPerQuestion, `每条规则最多 ${quizLimits.tagsPerQuestion} 个标签`).optional(),
    difficulty: difficultySchema.optional(),
    count: z.number({ error: '题数必须是数字' }).int('题数必须是整数').min(1, '每条规则至少抽 1 题').max(quizLimits.questionsPerQuiz, `题数不超过 ${quizLimits.questionsPerQuiz}`),
  })
  .strict()
export type DrawRule = z.infer<typeof drawRuleSchema>

export const drawRulesMax = 5
/** A quiz's (or a contest round's) rules: 1..5, at most questionsPerQuiz questions in all. */
export const drawRulesSchema = z
  .array(drawRuleSchema)
  .min(1, '请至少设置一条抽题规则')
  .max(drawRulesMax, `抽题规则不超过 ${drawRulesMax} 条`)
  .refine((rules) => rules.reduce((sum, r) => sum + r.count, 0) <= quizLimits.questionsPerQuiz, `一次最多抽 ${quizLimits.questionsPerQuiz} 题`)

export const timeLimitSchema = z
  .number({ error: '时间限制必须是数字' })
  .int('时间限制必须是整数秒')
  .min(quizLimits.timeLimitMinSeconds, `时间限制至少 ${quizLimits.timeLimitMinSeconds} 秒`)
  .max(quizLimits.timeLimitMaxSeconds, `时间限制不超过 ${quizLimits.timeLimitMaxSeconds / 60} 分钟`)

const optionSchema = plainText({ max: quizLimits.optionMaxLength, min: 1, minMessage: '选项不能为空', maxMessage: `选项不超过 ${quizLimits.optionMaxLength} 字` })

export const saveQuestionInput = z
  .object({
    bankId: bankIdSchema,
    /** Absent: a new question. */
    id: questionIdSchema.optional(),
    /** A new question's: a retry answers the question the first call made. */
    requestId: requestIdSchema.optional(),
    kind: questionKindSchema,
    stem: plainText({ max: quizLimits.stemMaxLength, min: 1, minMessage: '请填写题干', maxMessage: `题干不超过 ${quizLimits.stemMaxLength} 字`, multiline: true }),
    /** A judge question's options are always 正确 / 错误 (the server sets them; anything sent is ignored). */
    options: z.array(optionSchema).max(quizLimits.optionsMax, `选项不超过 ${quizLimits.optionsMax} 个`),
    /** Indexes into options. */
    answer: z.array(z.number({ error: '答案无效' }).int('答案无效').min(0, '答案无效').max(quizLimits.optionsMax - 1, '答案无效')).min(1, '请选择正确答案').max(quizLimits.optionsMax, '答案无效'),
    explanation: plainText({ max: quizLimits.explanationMaxLength, maxMessage: `解析不超过 ${quizLimits.explanationMaxLength} 字`, multiline: true }),
    tags: z.array(questionTagSchema).max(quizLimits.tagsPerQuestion, `标签不超过 ${quizLimits.tagsPerQuestion} 个`),
    difficulty: difficultySchema,
  })
  .strict()
export type SaveQuestionInput = z.infer<typeof saveQuestionInput>

export const saveQuizInput = z
  .object({
    /** Absent: a new draft. Only a draft can be edited. */
    id: quizIdSchema.optional(),
    /** A new quiz's: a retry answers the draft the first call made. */
    requestId: requestIdSchema.optional(),
    branchId: idSchema,
    bankId: bankIdSchema,
    title: plainText({ max: 40, min: 1, minMessage: '请填写测验名称', maxMessage: '测验名称不超过 40 字' }),
    description: plainText({ max: 500, maxMessage: '说明不超过 500 字', multiline: true }),
    mode: z.enum(['practice', 'graded'], { error: '请选择练习或考试' }),
    drawRules: drawRulesSchema,
    timeLimitSeconds: timeLimitSchema,
    /** Attempts a member may submit in all; null: no limit. */
    attemptLimit: z.number({ error: '次数必须是数字' }).int('次数必须是整数').min(1, '次数至少为 1').max(100, '次数不超过 100').nullable(),
    passPercent: z.number({ error: '及格线必须是数字' }).int('及格线必须是整数').min(0, '及格线不能为负').max(100, '及格线不超过 100'),
  })
  .strict()
export type SaveQuizInput = z.infer<typeof saveQuizInput>

export const bankSchemas = {
  /** Banks in the editor's scope, newest first. */
  banks: z.object({ q: plainText({ max: 40, maxMessage: '搜索词不超过 40 字' }).optional(), cursor: cursorSchema, limit: limitSchema }).strict(),
  /** A bank's title and tags in use (editor). */
  bankDetail: z.object({ bankId: bankIdSchema }).strict(),
  saveBank: z
    .object({
      id: bankIdSchema.optional(),
      /** A new bank's: a retry answers the bank the first call made. */
      requestId: requestIdSchema.optional(),
      branchId: idSchema,
      title: plainText({ max: 40, min: 1, minMessage: '请填写题库名称', maxMessage: '题库名称不超过 40 字' }),
      description: plainText({ max: 500, maxMessage: '说明不超过 500 字', multiline: true }),
    })
    .strict(),
  /** A bank's questions, newest first, with filters (editor: the answers are theirs to see). */
  questions: z
    .object({
      bankId: bankIdSchema,
      kind: questionKindSchema.optional(),
      tag: questionTagSchema.optional(),
      difficulty: difficultySchema.optional(),
      q: plainText({ max: 40, maxMessage: '搜索词不超过 40 字' }).optional(),
      status: z.enum(['active', 'retired'], { error: '状态无效' }).default('active'),
      cursor: cursorSchema,
      limit: limitSchema,
    })
    .strict(),
  question: z.object({ questionId: questionIdSchema }).strict(),
  saveQuestion: saveQuestionInput,
  /** No longer drawn; attempts that hold it keep it. */
  retireQuestion: z.object({ questionId: questionIdSchema }).strict(),
  /**
   * Reads an uploaded `question_sheet` xlsx: all rows or none. Retried with the same requestId →
   * the same result. A bad sheet is not an error: the result lists every bad row.
   */
  importQuestions: z.object({ bankId: bankIdSchema, fileId: idSchema, requestId: requestIdSchema }).strict(),
  /** A signed URL of the import template (xlsx with the header and two example rows). */
  importTemplate: z.object({}).strict(),
  /** The editor's quizzes (practice and graded), newest first. */
  quizzes: z.object({ status: z.enum(['draft', 'published', 'closed'], { error: '状态无效' }).optional(), cursor: cursorSchema, limit: limitSchema }).strict(),
  manageQuiz: z.object({ quizId: quizIdSchema }).strict(),
  saveQuiz: saveQuizInput,
  publishQuiz: z.object({ quizId: quizIdSchema }).strict(),
  closeQuiz: z.object({ quizId: quizIdSchema }).strict(),
}

export interface BankSummary {
  id: number
  title: string
  description: string
  branch: BranchRef
  /** Active questions. */
  questionCount: number
  updatedAt: string
}

export interface BankDetail extends BankSummary {
  /** Tags the bank's active questions carry, with how many each (for filters and draw rules). */
  tags: { tag: string; count: number }[]
  /** Active questions per difficulty. */
  difficulties: { difficulty: Difficulty; count: number }[]
}

/** A question as its editor sees it: answer and explanation included. Never sent to a member before submission. */
export interface EditorQuestion {
  id: number
  bankId: number
  kind: QuestionKind
  stem: string
  options: string[]
  answer: number[]
  explanation: string
  tags: string[]
  difficulty: Difficulty
  status: 'active' | 'retired'
  updatedAt: string
}

/** A bad row of an import, as Excel numbers it (the header is row 1). */
export interface QuestionImportRowError {
  row: number
  /** The column's header (题型, 题干, 选项A…, 答案, 解析, 标签, 难度), or null for the whole row. */
  column: string | null
  message: string
}

export interface QuestionImportResult {
  importId: number
  status: 'done' | 'failed'
  /** Data rows read (blank rows skipped). */
  rowCount: number
  importedCount: number
  /** Bad rows' errors in all (status failed); nothing was imported then. */
  errorCount: number
  /** The first 200 of them, in sheet order. */
  errors: QuestionImportRowError[]
}

export interface QuizSummary {
  id: number
  title: string
  branch: BranchRef
  bank: { id: number; title: string }
  mode: QuizMode
  status: QuizStatus
  questionCount: number
  timeLimitSeconds: number
  attemptLimit: number | null
  passPercent: number
  publishedAt: string | null
}

export interface ManagedQuiz extends QuizSummary {
  description: string
  drawRules: DrawRule[]
  /** Submitted attempts so far. */
  attemptCount: number
}

export interface BankOutputs {
  banks: { items: BankSummary[]; nextCursor: string | null }
  bankDetail: BankDetail
  saveBank: { id: number }
  questions: { items: EditorQuestion[]; nextCursor: string | null }
  question: EditorQuestion
  saveQuestion: { id: number }
  retireQuestion: { id: number; status: 'retired' }
  importQuestions: QuestionImportResult
  importTemplate: ExportedFile
  quizzes: { items: QuizSummary[]; nextCursor: string | null }
  manageQuiz: ManagedQuiz
  saveQuiz: { id: number }
  publishQuiz: { id: number; status: QuizStatus }
  closeQuiz: { id: number; status: QuizStatus }
}
