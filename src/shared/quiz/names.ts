/**
 * 答题 and 答题拉力赛: names of question kinds, quiz modes, statuses and limits, without zod, so
 * pages can show them. src/shared/api/quiz-common.ts re-exports them.
 */

export const questionKindNames = { single: '单选题', multiple: '多选题', judge: '判断题' } as const
export type QuestionKind = keyof typeof questionKindNames
export const questionKinds = Object.keys(questionKindNames) as QuestionKind[]

/** A judge question's two options, in this order: answer [0] is 正确. */
export const judgeOptions = ['正确', '错误'] as const

export const difficultyNames = { 1: '容易', 2: '中等', 3: '困难' } as const
export type Difficulty = 1 | 2 | 3

export const quizModeNames = { practice: '练习', graded: '考试', contest: '竞赛' } as const
export type QuizMode = keyof typeof quizModeNames

export const quizStatusNames = { draft: '未发布', published: '已发布', closed: '已关闭' } as const
export type QuizStatus = keyof typeof quizStatusNames

export const attemptStatusNames = { in_progress: '答题中', submitted: '已交卷', expired: '超时交卷' } as const
export type AttemptStatus = keyof typeof attemptStatusNames

export const contestStatusNames = { draft: '未发布', published: '已发布', cancelled: '已取消', frozen: '已结束' } as const
export type ContestStatus = keyof typeof contestStatusNames

/** Branch levels a contest's branch boards rank (below the contest's own level). */
export const branchLevelNames = { 2: '县（市、区）', 3: '镇（街道）', 4: '企业' } as const
export type BoardLevel = 2 | 3 | 4

/** Limits editors and members see in forms; the contract checks the same numbers. */
export const quizLimits = {
  stemMaxLength: 500,
  optionMaxLength: 200,
  optionsMin: 2,
  optionsMax: 8,
  explanationMaxLength: 1000,
  tagMaxLength: 12,
  tagsPerQuestion: 5,
  /** Rows one Excel import may hold; a larger sheet is refused whole. */
  importMaxRows: 2000,
  questionsPerQuiz: 100,
  timeLimitMinSeconds: 30,
  timeLimitMaxSeconds: 7200,
  /** A submission this long after the deadline is still taken (the network's delay), cut at the limit. */
  submitGraceSeconds: 10,
  contestRoundsMax: 10,
  contestDailyAttemptsMax: 20,
  boardTop: 50,
} as const
