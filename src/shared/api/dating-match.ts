/** 嘉工鹊桥会, part match (issue 13). Shared names live in ./dating-common. */
export const matchSchemas = {}

export type MatchOutputs = Record<never, never>
