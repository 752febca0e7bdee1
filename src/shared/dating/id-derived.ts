import type { Gender } from './names'

/** What 鹊桥会 keeps of an ID number: the birth year and month, and the gender (17th digit odd: male). */
export interface IdDerived {
  gender: Gender
  birthYear: number
  birthMonth: number
}

/** Reads a valid 18-character ID number (check it with idNumberProblem first). Zod-free: pages show it while typing. */
export function deriveFromIdNumber(idNumber: string): IdDerived {
  return {
    birthYear: Number(idNumber.slice(6, 10)),
    birthMonth: Number(idNumber.slice(10, 12)),
    gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
  }
}
