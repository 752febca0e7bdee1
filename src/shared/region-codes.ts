import { packedRegionCodes } from './region-codes-data'

/**
 * The packing of region-codes-data.ts (written by scripts/pack-region-codes.ts): the sorted codes
 * as runs of consecutive codes, each run two numbers (its distance from the end of the previous
 * run, then its length minus one). A number is written in base 32, most significant digit first;
 * the digits 32-63 of this alphabet say that more digits follow, 0-31 end the number.
 */
export const regionCodeDigits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_'

/** [start, end] of every run, flattened; unpacked on first use, since most callers never need it. */
let runs: Int32Array | null = null

function unpackRuns(): Int32Array {
  const numbers: number[] = []
  let value = 0
  for (const char of packedRegionCodes) {
    const digit = regionCodeDigits.indexOf(char)
    value = value * 32 + (digit & 31)
    if (digit < 32) {
      numbers.push(value)
      value = 0
    }
  }
  const unpacked = new Int32Array(numbers.length)
  let end = 0
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    unpacked[i] = end + numbers[i]
    end = unpacked[i] + numbers[i + 1]
    unpacked[i + 1] = end
  }
  return unpacked
}

/** Every code of the data file, in ascending order: what the tests check the packing against. */
export function allRegionCodes(): number[] {
  runs ??= unpackRuns()
  const codes: number[] = []
  for (let i = 0; i < runs.length; i += 2) {
    for (let code = runs[i]; code <= runs[i + 1]; code++) codes.push(code)
  }
  return codes
}

/**
 * Whether six digits are an administrative division code (GB/T 2260) that is or ever was in use
 * since 1980: a person keeps the code of the place where, and the year when, they were registered.
 */
export function isRegionCode(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false
  runs ??= unpackRuns()
  const wanted = Number(code)
  let low = 0
  let high = runs.length / 2 - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    if (wanted < runs[middle * 2]) high = middle - 1
    else if (wanted > runs[middle * 2 + 1]) low = middle + 1
    else return true
  }
  return false
}
