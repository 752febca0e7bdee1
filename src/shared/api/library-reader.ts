/** 电子书屋, part reader (issue 11): filled in by its helper. Shared names live in ./library-common. */
export const readerSchemas = {}

export type ReaderOutputs = Record<never, never>
