/** 电子书屋, part import (issue 11): filled in by its helper. Shared names live in ./library-common. */
export const importSchemas = {}

export type ImportOutputs = Record<never, never>
