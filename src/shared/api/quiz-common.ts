import { z } from 'zod'

/**
 * 答题 and 答题拉力赛: names every part of the `quiz` function shares (issue 12). The part files
 * (quiz-bank, quiz-attempt, quiz-contest) import from here, never from each other's files.
 */

export * from '../quiz/names'

export const bankIdSchema = z.number({ error: '请选择题库' }).int().positive().max(2_147_483_647)
export const quizIdSchema = z.number({ error: '请选择测验' }).int().positive().max(2_147_483_647)
export const attemptIdSchema = z.number({ error: '请选择答卷' }).int().positive().max(2_147_483_647)
export const contestIdSchema = z.number({ error: '请选择竞赛' }).int().positive().max(2_147_483_647)
