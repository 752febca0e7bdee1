/** Member numbers as the contract checks them: "JX" and 10 digits. */
export const memberNoPattern = /^JX\d{10}$/
export const memberNoHint = '会员号格式为 JX 加 10 位数字'

/** Members often type the prefix in lower case. */
export function normalizeMemberNo(raw: string): string {
  return raw.trim().toUpperCase()
}
