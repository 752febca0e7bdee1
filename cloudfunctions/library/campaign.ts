import type { campaignSchemas } from '../../src/shared/api/library-campaign'
import type { PartActions } from '../../server/action'
import {
  campaignBookOptions,
  campaignDetail,
  campaignLeaderboard,
  cancelCampaign,
  joinCampaign,
  listCampaigns,
  publishCampaign,
  saveCampaign,
} from '../../server/library/campaigns'

/** 读书活动: members see and join the campaigns of their branch and above; branch admins run them for their subtree. */
export const campaignActions: PartActions<'library', keyof typeof campaignSchemas> = {
  campaigns: { access: 'user', handler: (input, { db, caller }) => listCampaigns(db, caller, input) },
  campaignDetail: { access: 'user', handler: (input, { db, caller }) => campaignDetail(db, caller, input.campaignId) },
  saveCampaign: { access: 'roles', roles: ['admin'], handler: (input, { db, caller }) => saveCampaign(db, caller, input) },
  publishCampaign: { access: 'roles', roles: ['admin'], handler: (input, { db, caller }) => publishCampaign(db, caller, input.campaignId) },
  cancelCampaign: { access: 'roles', roles: ['admin'], handler: (input, { db, caller }) => cancelCampaign(db, caller, input.campaignId) },
  campaignBookOptions: { access: 'roles', roles: ['admin'], handler: (input, { db, caller }) => campaignBookOptions(db, caller, input) },
  joinCampaign: { access: 'member', handler: (input, { db, caller }) => joinCampaign(db, caller, input.campaignId) },
  campaignLeaderboard: { access: 'user', handler: (input, { db, caller }) => campaignLeaderboard(db, caller, input) },
}
