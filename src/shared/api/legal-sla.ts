/** 在线律师, part sla (issue 10): filled in by its helper. Shared names live in ./legal-common. */
export const slaSchemas = {}

export type SlaOutputs = Record<never, never>
