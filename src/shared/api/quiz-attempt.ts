import { z } from 'zod'
import { cursorSchema, limitSchema } from './common'
import type { BranchRef } from './common'
import { requestIdSchema } from './points'
import { attemptIdSchema, quizIdSchema, quizLimits } from './quiz-common'
import type { AttemptStatus, QuestionKind, QuizMode } from './quiz-common'

/**
 * 答题, part attempt (issue 12 §3): a member takes a quiz. Questions are drawn and options
 * shuffled when the attempt starts; time is the server's; scoring happens on the server at
 * submission. Nothing before submission carries an answer or an explanation.
 */

const questionIdSchema = z.number({ error: '请选择题目' }).int().positive().max(2_147_483_647)

/** Option indexes as SHOWN in this attempt, each once. Empty: no answer (clears a saved one). */
export const choiceSchema = z
  .array(z.number({ error: '选项无效' }).int('选项无效').min(0, '选项无效').max(quizLimits.optionsMax - 1, '选项无效'))
  .max(quizLimits.optionsMax, '选项无效')
  .refine((choice) => new Set(choice).size === choice.length, '同一选项只能选一次')

const answerInput = z.object({ questionId: questionIdSchema, choice: choiceSchema }).strict()

export const attemptSchemas = {
  /** Published practice and graded quizzes for the member's branch and above, newest first, with the member's use of each. */
  openQuizzes: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  quizDetail: z.object({ quizId: quizIdSchema }).strict(),
  /**
   * Starts an attempt, or answers the one already in progress (two devices → one attempt). A retry
   * with the same requestId answers the same attempt.
   */
  startAttempt: z.object({ quizId: quizIdSchema, requestId: requestIdSchema }).strict(),
  /** Resumes an attempt: the same shape as startAttempt. */
  attempt: z.object({ attemptId: attemptIdSchema }).strict(),
  /** Saves one answer as chosen; before the deadline only. */
  saveAnswer: z.object({ attemptId: attemptIdSchema, questionId: questionIdSchema, choice: choiceSchema }).strict(),
  /**
   * 交卷: scores the attempt once. Final answers may come along (saved first, if in time). Late
   * beyond the grace: scored from what was saved by the deadline (`late: true`).
   */
  submitAttempt: z
    .object({ attemptId: attemptIdSchema, answers: z.array(answerInput).max(quizLimits.questionsPerQuiz, '答案过多').optional() })
    .strict(),
  /** After submission only: every question with my answer, the right one and the explanation (a contest round's once the round has closed). */
  attemptResult: z.object({ attemptId: attemptIdSchema }).strict(),
  /** The member's attempts, newest first (one quiz's, or all). */
  myAttempts: z.object({ quizId: quizIdSchema.optional(), cursor: cursorSchema, limit: limitSchema }).strict(),
}

/** A question as a member sees it during an attempt: no answer, no explanation. */
export interface AttemptQuestion {
  id: number
  kind: QuestionKind
  stem: string
  /** In the order shown in this attempt. */
  options: string[]
}

export interface OpenAttempt {
  attemptId: number
  quiz: { id: number; title: string; mode: QuizMode; contestId: number | null }
  attemptNo: number
  status: AttemptStatus
  startedAt: string
  /** The server's deadline; pages count down from deadlineAt − serverNow, not from their own clock. */
  deadlineAt: string
  serverNow: string
  timeLimitSeconds: number
  questions: AttemptQuestion[]
  /** Saved answers, option indexes as shown. */
  choices: { questionId: number; choice: number[] }[]
}

export interface AttemptScore {
  attemptId: number
  quizId: number
  status: AttemptStatus
  correctCount: number
  questionCount: number
  /** Percentage of correct answers, rounded down. */
  score: number
  /** Graded quizzes: reached the pass mark; others: null. */
  passed: boolean | null
  /** Time taken by the server's clock, capped at the limit. */
  durationMs: number
  /** Submitted after the deadline and its grace: scored from what was saved by the deadline. */
  late: boolean
}

export interface AttemptResultItem {
  questionId: number
  kind: QuestionKind
  stem: string
  /** In the order shown in the attempt. */
  options: string[]
  /** My answer, indexes as shown; empty when unanswered. */
  myChoice: number[]
  /** The right answer, indexes as shown. */
  answer: number[]
  correct: boolean
  explanation: string
}

export interface AttemptResult extends AttemptScore {
  quiz: { id: number; title: string; mode: QuizMode; contestId: number | null; passPercent: number }
  attemptNo: number
  startedAt: string
  submittedAt: string
  /**
   * A contest round's answers stay hidden until the round closes (its questions come from one
   * bank and members may try again): until then `items` is empty and this says when they show.
   */
  answersHiddenUntil: string | null
  items: AttemptResultItem[]
}

export interface AttemptSummary {
  attemptId: number
  quiz: { id: number; title: string; mode: QuizMode }
  attemptNo: number
  status: AttemptStatus
  startedAt: string
  deadlineAt: string
  submittedAt: string | null
  correctCount: number | null
  questionCount: number
  score: number | null
  passed: boolean | null
  durationMs: number | null
}

export interface MemberQuizSummary {
  id: number
  title: string
  branch: BranchRef
  mode: 'practice' | 'graded'
  questionCount: number
  timeLimitSeconds: number
  attemptLimit: number | null
  passPercent: number
  /** Attempts the member has submitted (or that expired). */
  attemptsUsed: number
  bestScore: number | null
  passed: boolean
  /** The attempt in progress, to continue. */
  openAttemptId: number | null
}

export interface MemberQuizDetail extends MemberQuizSummary {
  description: string
  /** Whether 开始答题 can start a new attempt now (an open one can always be continued). */
  canStart: boolean
  /** Why not, in words, when canStart is false and no attempt is open. */
  blockedReason: string | null
  /** The member's latest attempts at this quiz (up to 10). */
  attempts: AttemptSummary[]
}

export interface AttemptOutputs {
  openQuizzes: { items: MemberQuizSummary[]; nextCursor: string | null }
  quizDetail: MemberQuizDetail
  startAttempt: OpenAttempt
  attempt: OpenAttempt
  saveAnswer: { questionId: number; answeredCount: number }
  submitAttempt: AttemptScore
  attemptResult: AttemptResult
  myAttempts: { items: AttemptSummary[]; nextCursor: string | null }
}
