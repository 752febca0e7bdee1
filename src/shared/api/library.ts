/**
 * 电子书屋: the `library` function's contract, merged from one file per part (import, catalogue,
 * reader, reading, campaign) so the parts are written side by side. Shared names are in
 * ./library-common.
 */
import { campaignSchemas } from './library-campaign'
import type { CampaignOutputs } from './library-campaign'
import { catalogueSchemas } from './library-catalogue'
import type { CatalogueOutputs } from './library-catalogue'
import { importSchemas } from './library-import'
import type { ImportOutputs } from './library-import'
import { readerSchemas } from './library-reader'
import type { ReaderOutputs } from './library-reader'
import { readingSchemas } from './library-reading'
import type { ReadingOutputs } from './library-reading'

export const librarySchemas = {
  ...importSchemas,
  ...catalogueSchemas,
  ...readerSchemas,
  ...readingSchemas,
  ...campaignSchemas,
}

export type LibraryOutputs = ImportOutputs & CatalogueOutputs & ReaderOutputs & ReadingOutputs & CampaignOutputs

export * from './library-common'
export type * from './library-import'
export type * from './library-catalogue'
export type * from './library-reader'
export type * from './library-reading'
export type * from './library-campaign'
