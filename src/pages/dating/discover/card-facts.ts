import type { ProfileCard } from '../../../shared/api'
import { educationNames, maritalNames } from '../../../shared/dating/names'

/** 「小雨 · 28岁 · 秀洲区」: what a card's headline says of a member. */
export function headline(card: ProfileCard): string {
  return `${card.nickname} · ${card.age}岁 · ${countyName(card)}`
}

/** 秀洲区 rather than 秀洲区总工会: members think of the county, not its union. */
export function countyName(card: ProfileCard): string {
  return card.county.name.replace(/总工会$/, '')
}

/** A few short tags under the headline: height, education, occupation, marital, then interests. */
export function cardTags(card: ProfileCard, max = 6): string[] {
  return [`${card.heightCm}cm`, educationNames[card.education], card.occupation, maritalNames[card.marital], ...card.interests].filter(Boolean).slice(0, max)
}
