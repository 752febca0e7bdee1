/** 电子书屋, part catalogue (issue 11): filled in by its helper. Shared names live in ./library-common. */
export const catalogueSchemas = {}

export type CatalogueOutputs = Record<never, never>
