/** 在线律师, part ask (issue 10): filled in by its helper. Shared names live in ./legal-common. */
export const askSchemas = {}

export type AskOutputs = Record<never, never>
