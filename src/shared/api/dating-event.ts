/** 嘉工鹊桥会, part event (issue 13). Shared names live in ./dating-common. */
export const eventSchemas = {}

export type EventOutputs = Record<never, never>
