import { z } from 'zod'
import { courseCategories } from '../course/names'
import type { CourseCategory } from '../course/names'
import type { BranchRef } from './common'

/**
 * 职工课堂: names every part of the `course` function shares (issue 12). The part files
 * (course-learn, course-certificate, course-training) import from here, never from each other's
 * files, so they can be written side by side.
 */

export * from '../course/names'

export const courseCategorySchema = z.enum(courseCategories as [CourseCategory, ...CourseCategory[]], { error: '请选择课程分类' })

export const courseIdSchema = z.number({ error: '请选择课程' }).int().positive().max(2_147_483_647)
export const lessonIdSchema = z.number({ error: '请选择课时' }).int().positive().max(2_147_483_647)

/** A course as lists show it (catalogue, my courses, orders, sessions). */
export interface CourseSummary {
  id: number
  title: string
  teacher: string
  category: CourseCategory
  /** Public URL of the cover's thumbnail, or null (pages draw a plain cover with the title). */
  coverUrl: string | null
  lessonCount: number
  enrolledCount: number
  branch: BranchRef
}
