import type { Gender } from '../../shared/dating/names'
import { genderNames } from '../../shared/dating/names'

/** 「男 · 28 岁 · 秀洲区」: how matchmakers' pages name a member beside the nickname. */
export function memberFactsText(m: { gender: Gender; age: number; county: { name: string } }): string {
  return `${genderNames[m.gender]} · ${m.age} 岁 · ${m.county.name}`
}
