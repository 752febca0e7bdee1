import { difficultyNames } from '../../shared/quiz/names'

/** Small texts the 答题 pages share. */

export function optionLetter(index: number): string {
  return String.fromCharCode(65 + index)
}

/** A time limit as people say it: 30 分钟, 1 分 30 秒, 45 秒. */
export function limitText(seconds: number): string {
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  if (!minutes) return `${rest} 秒`
  return rest ? `${minutes} 分 ${rest} 秒` : `${minutes} 分钟`
}

/** Time taken, to the second. */
export function durationText(ms: number): string {
  return limitText(Math.round(ms / 1000))
}

/** The countdown: mm:ss, with hours when a quiz runs that long. */
export function countdownText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const two = (n: number) => String(n).padStart(2, '0')
  return h ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`
}

export function attemptsText(used: number, limit: number | null): string {
  return limit === null ? `已答 ${used} 次（不限次数）` : `已答 ${used} / ${limit} 次`
}

const difficultyTexts: Record<number, string> = difficultyNames

/** A difficulty, or 不限 for a rule that takes any. */
export function difficultyText(difficulty: number): string {
  return difficultyTexts[difficulty] ?? '不限'
}
