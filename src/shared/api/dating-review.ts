/** 嘉工鹊桥会, part review (issue 13). Shared names live in ./dating-common. */
export const reviewSchemas = {}

export type ReviewOutputs = Record<never, never>
