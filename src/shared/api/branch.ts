import { z } from 'zod'
import { cursorSchema, idSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import type { Page } from '../errors'

export const branchSchemas = {
  /** Name search over the whole tree (joining), or only where the caller holds a staff role. */
  search: z.object({
    q: plainText({ max: 40, maxMessage: '搜索词不超过 40 字' }).default(''),
    scope: z.enum(['all', 'admin', 'mall_operator', 'aid_admin', 'librarian', 'course_editor', 'matchmaker']).default('all'),
    cursor: cursorSchema,
    limit: limitSchema,
  }).strict(),
  /** One level of the tree: the roots when parentId is absent. */
  children: z.object({ parentId: idSchema.nullish(), cursor: cursorSchema, limit: limitSchema }).strict(),
}

export interface BranchNode extends BranchRef {
  childCount: number
}

export interface BranchOutputs {
  search: Page<BranchRef>
  children: Page<BranchNode>
}
