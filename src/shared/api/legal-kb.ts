/** 在线律师, part kb (issue 10): filled in by its helper. Shared names live in ./legal-common. */
export const kbSchemas = {}

export type KbOutputs = Record<never, never>
