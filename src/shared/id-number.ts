/** GB 11643-1999 resident ID number: 17 digits, then a mod-11 check character. */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const checkChars = '10X98765432'

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase()
}

export function isValidIdNumber(raw: string): boolean {
  const id = normalizeIdNumber(raw)
  if (!/^\d{17}[\dX]$/.test(id)) return false
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false
  if (birth.getTime() > Date.now()) return false
  return idCheckChar(id.slice(0, 17)) === id[17]
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
