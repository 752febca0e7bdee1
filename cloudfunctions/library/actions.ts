import type { FunctionActions } from '../../server/action'
import { campaignActions } from './campaign'
import { catalogueActions } from './catalogue'
import { importActions } from './import'
import { readerActions } from './reader'
import { readingActions } from './reading'

/** 电子书屋: one cloud function whose actions are written in one file per part. */
export const libraryActions: FunctionActions<'library'> = {
  ...importActions,
  ...catalogueActions,
  ...readerActions,
  ...readingActions,
  ...campaignActions,
}
