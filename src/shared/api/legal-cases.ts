/** 在线律师, part cases (issue 10): filled in by its helper. Shared names live in ./legal-common. */
export const casesSchemas = {}

export type CasesOutputs = Record<never, never>
