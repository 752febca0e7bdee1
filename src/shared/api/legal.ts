/**
 * 在线律师: the `legal` function's contract, merged from one file per part (ask, thread, cases,
 * sla, kb) so the parts are written side by side. Shared names are in ./legal-common.
 */
import { askSchemas } from './legal-ask'
import type { AskOutputs } from './legal-ask'
import { casesSchemas } from './legal-cases'
import type { CasesOutputs } from './legal-cases'
import { kbSchemas } from './legal-kb'
import type { KbOutputs } from './legal-kb'
import { slaSchemas } from './legal-sla'
import type { SlaOutputs } from './legal-sla'
import { threadSchemas } from './legal-thread'
import type { ThreadOutputs } from './legal-thread'

export const legalSchemas = {
  ...askSchemas,
  ...threadSchemas,
  ...casesSchemas,
  ...slaSchemas,
  ...kbSchemas,
}

export type LegalOutputs = AskOutputs & ThreadOutputs & CasesOutputs & SlaOutputs & KbOutputs

export * from './legal-common'
export type * from './legal-ask'
export type * from './legal-thread'
export type * from './legal-cases'
export type * from './legal-sla'
export type * from './legal-kb'
