/** 嘉工鹊桥会, part profile (issue 13). Shared names live in ./dating-common. */
export const profileSchemas = {}

export type ProfileOutputs = Record<never, never>
