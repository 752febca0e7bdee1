import type { casesSchemas } from '../../src/shared/api/legal-cases'
import type { PartActions } from '../../server/action'
import { addCaseNote, advanceCase, caseDetail, consentContact, handOff, listCases } from '../../server/legal/cases'
import { exportMyQuestions } from '../../server/legal/export'

/**
 * Hand-offs and the cases that follow them (server/legal/cases.ts), and the member's export of
 * their own questions. The role lists turn away callers holding neither role; each handler checks
 * the question's or the case's branch against the caller's grants.
 */
export const casesActions: PartActions<'legal', keyof typeof casesSchemas> = {
  handOff: { access: 'roles', roles: ['lawyer'], handler: (input, ctx) => handOff(ctx, ctx.caller, input) },
  cases: { access: 'roles', roles: ['legal_admin'], handler: (input, ctx) => listCases(ctx, ctx.caller, input) },
  caseDetail: { access: 'roles', roles: ['legal_admin'], handler: (input, ctx) => caseDetail(ctx, ctx.caller, input.id) },
  consentContact: { access: 'member', handler: (input, ctx) => consentContact(ctx, ctx.caller, input.caseId) },
  advanceCase: { access: 'roles', roles: ['legal_admin'], handler: (input, ctx) => advanceCase(ctx, ctx.caller, input) },
  addCaseNote: { access: 'roles', roles: ['legal_admin'], handler: (input, ctx) => addCaseNote(ctx, ctx.caller, input) },
  myQuestionsExport: { access: 'member', handler: (_input, ctx) => exportMyQuestions(ctx, ctx.caller) },
}
