import { z } from 'zod'

export const idSchema = z.number({ error: '编号必须是数字' }).int().positive().max(2147483647)
export const cursorSchema = z.string().max(200).nullish()
export const limitSchema = z.number().int().min(1).max(50).default(20)
export const pageInput = z.object({ cursor: cursorSchema, limit: limitSchema })
export const emptyInput = z.object({}).strict()

export interface BranchRef {
  id: number
  name: string
  fullName: string
  level: 1 | 2 | 3 | 4
}
