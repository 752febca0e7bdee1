/** 在线律师, part thread (issue 10): filled in by its helper. Shared names live in ./legal-common. */
export const threadSchemas = {}

export type ThreadOutputs = Record<never, never>
