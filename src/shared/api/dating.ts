/**
 * 嘉工鹊桥会: the `dating` function's contract, merged from one file per part (profile, review,
 * match, chat, event) so the parts are written side by side. Shared names are in ./dating-common.
 */
import { chatSchemas } from './dating-chat'
import type { ChatOutputs } from './dating-chat'
import { eventSchemas } from './dating-event'
import type { EventOutputs } from './dating-event'
import { matchSchemas } from './dating-match'
import type { MatchOutputs } from './dating-match'
import { profileSchemas } from './dating-profile'
import type { ProfileOutputs } from './dating-profile'
import { reviewSchemas } from './dating-review'
import type { ReviewOutputs } from './dating-review'

export const datingSchemas = {
  ...profileSchemas,
  ...reviewSchemas,
  ...matchSchemas,
  ...chatSchemas,
  ...eventSchemas,
}

export type DatingOutputs = ProfileOutputs & ReviewOutputs & MatchOutputs & ChatOutputs & EventOutputs

export * from './dating-common'
export type * from './dating-profile'
export type * from './dating-review'
export type * from './dating-match'
export type * from './dating-chat'
export type * from './dating-event'
