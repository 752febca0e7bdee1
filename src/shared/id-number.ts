import { isRegionCode } from './region-codes'

/** GB 11643-1999 resident ID number: 17 digits, then a mod-11 check character. */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const checkChars = '10X98765432'

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase()
}

/** What is wrong with an ID number, in the order a person would fix it. */
export type IdNumberProblem = 'empty' | 'format' | 'region' | 'birthDate' | 'checksum'

export const idNumberMessages: Record<IdNumberProblem, string> = {
  empty: '请填写身份证号码',
  format: '身份证号码应为 18 位，最后一位可以是 X',
  region: '身份证号码的地区码无效',
  birthDate: '身份证号码中的出生日期无效',
  checksum: '身份证号码无效，请核对后重新填写',
}

export function idNumberProblem(raw: string): IdNumberProblem | null {
  const id = normalizeIdNumber(raw)
  if (!id) return 'empty'
  if (!/^\d{17}[\dX]$/.test(id)) return 'format'
  if (!isRegionCode(id.slice(0, 6))) return 'region'
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return 'birthDate'
  if (birth.getTime() > Date.now()) return 'birthDate'
  return idCheckChar(id.slice(0, 17)) === id[17] ? null : 'checksum'
}

export function isValidIdNumber(raw: string): boolean {
  return idNumberProblem(raw) === null
}

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]
  return checkChars[sum % 11]
}

export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****'
}
