import type { campaignSchemas } from '../../src/shared/api/library-campaign'
import type { PartActions } from '../../server/action'

export const campaignActions: PartActions<'library', keyof typeof campaignSchemas> = {}
