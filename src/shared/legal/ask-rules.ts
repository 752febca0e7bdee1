/**
 * 在线律师, asking and the queue: limits and names without zod, so the pages can use them (the
 * mini-program bundle must not pull zod in); the contract (src/shared/api/legal-ask.ts) validates with them.
 */

export const maxQuestionTitle = 60
export const minQuestionBody = 10
export const maxQuestionBody = 3000
export const maxQuestionFiles = 9

/** ISO weekdays as the roster stores them (1 = Monday). */
export const weekdayNames = { 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六', 7: '周日' } as const
export type Weekday = keyof typeof weekdayNames

export const queueFilters = ['unclaimed', 'mine', 'all', 'overdue'] as const
export type QueueFilter = (typeof queueFilters)[number]
export const queueFilterNames: Record<QueueFilter, string> = { unclaimed: '待认领', mine: '我的', all: '全部', overdue: '已超时' }
