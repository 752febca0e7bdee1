import type { slaSchemas } from '../../src/shared/api/legal-sla'
import type { PartActions } from '../../server/action'
import { legalFigures } from '../../server/legal/figures'
import { readPolicy, savePolicy } from '../../server/legal/policy'

/** Response times (the policy a city legal_admin sets) and 法律服务统计 for legal_admins in scope. */
export const slaActions: PartActions<'legal', keyof typeof slaSchemas> = {
  policy: { access: 'roles', roles: ['legal_admin'], handler: (_input, { db, caller }) => readPolicy(db, caller) },
  savePolicy: { access: 'roles', roles: ['legal_admin'], handler: (input, { db, caller }) => savePolicy(db, caller, input) },
  legalFigures: { access: 'roles', roles: ['legal_admin'], handler: (input, { db, caller }) => legalFigures(db, caller, input) },
}
