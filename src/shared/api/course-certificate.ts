/** 职工课堂, part certificate (issue 12): filled in by its helper. Shared names live in ./course-common. */
export const certificateSchemas = {}

export type CertificateOutputs = Record<never, never>
