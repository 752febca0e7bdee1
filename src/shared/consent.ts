/** Bump when the personal-information consent text on the join page changes. */
export const membershipConsentVersion = '2026-11-v1' as const
