/** Roles are granted at a branch and cover that branch and all its descendants. */
export const roleNames = {
  admin: '工会管理员',
  mall_operator: '商城运营',
  claim_reviewer: '互助审核员',
  aid_admin: '互助管理员',
  lawyer: '律师',
  matchmaker: '红娘',
  legal_admin: '法律服务管理员',
  librarian: '图书管理员',
  course_editor: '课程编辑',
} as const

export type Role = keyof typeof roleNames
export const roles = Object.keys(roleNames) as Role[]

export const branchLevelNames = { 1: '市', 2: '县(市、区)', 3: '镇(街道)', 4: '企业' } as const
export type BranchLevel = keyof typeof branchLevelNames
