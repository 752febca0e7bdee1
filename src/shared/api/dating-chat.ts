/** 嘉工鹊桥会, part chat (issue 13). Shared names live in ./dating-common. */
export const chatSchemas = {}

export type ChatOutputs = Record<never, never>
