/**
 * 常见问题 limits and names without zod, for the pages (the mini-program bundle must not pull zod
 * in); src/shared/api/legal-kb builds its schemas from them.
 */

export const articleTitleMax = 60
export const articleTextMax = 5000

/** What the masking of a publish draft replaced, by kind, so the lawyer knows what to read for. */
export type MaskedKind = 'name' | 'phone' | 'member_no' | 'id_number' | 'enterprise'
export const maskedKindNames: Record<MaskedKind, string> = {
  name: '姓名',
  phone: '手机号',
  member_no: '会员号',
  id_number: '身份证号',
  enterprise: '工作单位',
}
