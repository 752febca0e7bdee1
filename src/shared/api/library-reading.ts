/** 电子书屋, part reading (issue 11): filled in by its helper. Shared names live in ./library-common. */
export const readingSchemas = {}

export type ReadingOutputs = Record<never, never>
