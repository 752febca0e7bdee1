import type { DrawRule } from '../../src/shared/api/quiz-bank'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { covers } from '../scope'

/**
 * Drawing questions by rules (issue 12 §3), shared by quizzes (part bank) and contest rounds
 * (part contest, through createContestQuiz). A rule takes `count` of the bank's active questions
 * that carry any of its tags and have its difficulty; rules draw in order and never twice the same.
 */

interface CandidateRow {
  id: number
  tags: string[]
  difficulty: number
}

function matches(rule: DrawRule, q: CandidateRow): boolean {
  if (rule.difficulty !== undefined && q.difficulty !== rule.difficulty) return false
  if (rule.tags && rule.tags.length > 0 && !rule.tags.some((t) => q.tags.includes(t))) return false
  return true
}

export function questionCountOf(rules: DrawRule[]): number {
  return rules.reduce((sum, r) => sum + r.count, 0)
}

/**
 * Refuses rules the bank cannot always fill. Rules may overlap (a tag rule and a difficulty rule),
 * and each draws at random, so an earlier rule may take questions a later one needed: rule i is
 * safe when its own matches outnumber its count plus what every earlier rule j could have taken
 * from them, min(count_j, |matches_j ∩ matches_i|). That bound is sufficient, never optimistic.
 * Reads the bank's active questions' tags and difficulty (a bank holds at most a few thousand).
 */
export async function saveDrawRulesCheck(db: Queryable, bankId: number, rules: DrawRule[]): Promise<void> {
  const questions = await db.query<CandidateRow>("SELECT id, tags, difficulty FROM question WHERE bank_id = $1 AND status = 'active'", [bankId])
  const matched = rules.map((rule) => new Set(questions.filter((q) => matches(rule, q)).map((q) => q.id)))
  rules.forEach((rule, i) => {
    let takenBefore = 0
    for (let j = 0; j < i; j += 1) {
      let overlap = 0
      for (const id of matched[j]) if (matched[i].has(id)) overlap += 1
      takenBefore += Math.min(rules[j].count, overlap)
    }
    const available = matched[i].size - takenBefore
    if (available < rule.count) {
      throw new AppError('QUIZ_NOT_ENOUGH_QUESTIONS', `第 ${i + 1} 条抽题规则需要 ${rule.count} 题，题库中符合条件的题目只够 ${Math.max(available, 0)} 题`)
    }
  })
}

/**
 * Draws the questions of one attempt, in random order. `ORDER BY random()` reads the rule's whole
 * slice of the bank: fine for banks up to ~10,000 questions (one index range, then a sort).
 * A bank thinned since the quiz was saved (questions retired) may fall short: refused then.
 */
export async function drawQuestions(tx: Queryable, bankId: number, rules: DrawRule[]): Promise<number[]> {
  const picked: number[] = []
  for (const rule of rules) {
    const rows = await tx.query<{ id: number }>(
      `SELECT id FROM question
        WHERE bank_id = $1 AND status = 'active' AND id <> ALL($2::int[])
          AND ($3::int IS NULL OR difficulty = $3) AND ($4::text[] IS NULL OR tags && $4::text[])
        ORDER BY random() LIMIT $5`,
      [bankId, picked, rule.difficulty ?? null, rule.tags && rule.tags.length > 0 ? rule.tags : null, rule.count],
    )
    if (rows.length < rule.count) throw new AppError('QUIZ_NOT_ENOUGH_QUESTIONS', '题库中的题目不足以组卷，请联系出题人')
    picked.push(...rows.map((r) => r.id))
  }
  return shuffle(picked)
}

/** Fisher–Yates with Math.random: the order only has to be unpredictable to the member, not secret. */
export function shuffle<T>(items: T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** A contest round's quiz, as part contest's saveContest describes it. */
export interface ContestQuizSpec {
  contestId: number
  /** The round's existing quiz (of this contest) to update; absent: a new one. */
  quizId?: number
  /** The contest's branch: the round quiz is scoped like the contest. */
  branchId: number
  branchPath: string
  bankId: number
  title: string
  drawRules: DrawRule[]
  timeLimitSeconds: number
}

/**
 * Creates or updates a contest round's quiz (mode 'contest'), in the caller's transaction: the
 * bank must exist, lie in the caller's course_editor scope and fill the rules. The quiz is
 * 'published' from the start: members reach it only through the contest, whose own status and
 * round windows checkContestStart enforces. The question count is the rules' sum.
 */
export async function createContestQuiz(tx: Queryable, caller: Caller, spec: ContestQuizSpec): Promise<{ quizId: number; questionCount: number }> {
  const [bank] = await tx.query<{ branch_path: string; title: string }>('SELECT branch_path, title FROM question_bank WHERE id = $1', [spec.bankId])
  if (!bank) throw new AppError('NOT_FOUND', '所选题库不存在')
  if (!covers(caller, 'course_editor', bank.branch_path)) throw new AppError('OUT_OF_SCOPE', `题库「${bank.title}」不在您可管理的范围内`)
  await saveDrawRulesCheck(tx, spec.bankId, spec.drawRules)
  const questionCount = questionCountOf(spec.drawRules)
  const params = [spec.branchId, spec.branchPath, spec.bankId, spec.title, JSON.stringify(spec.drawRules), questionCount, spec.timeLimitSeconds, spec.contestId]
  if (spec.quizId !== undefined) {
    const [row] = await tx.query<{ id: number }>(
      `UPDATE quiz SET branch_id = $1, branch_path = $2, bank_id = $3, title = $4, draw_rules = $5, question_count = $6,
              time_limit_seconds = $7, updated_at = now()
        WHERE id = $9 AND contest_id = $8 AND mode = 'contest' RETURNING id`,
      [...params, spec.quizId],
    )
    if (!row) throw new AppError('NOT_FOUND', '竞赛轮次的测验不存在')
    return { quizId: row.id, questionCount }
  }
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO quiz (branch_id, branch_path, bank_id, title, mode, draw_rules, question_count, time_limit_seconds, contest_id,
                       status, published_at, pass_percent, created_by)
     VALUES ($1, $2, $3, $4, 'contest', $5, $6, $7, $8, 'published', now(), 0, $9) RETURNING id`,
    [...params, caller.userId],
  )
  return { quizId: row.id, questionCount }
}
