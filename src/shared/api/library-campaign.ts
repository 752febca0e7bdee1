/** 电子书屋, part campaign (issue 11): filled in by its helper. Shared names live in ./library-common. */
export const campaignSchemas = {}

export type CampaignOutputs = Record<never, never>
