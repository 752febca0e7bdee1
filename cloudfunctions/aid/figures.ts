import type { FunctionActions } from '../../server/action'
import { aidFigures, exportAidFigures, exportMyAidRecords } from '../../server/aid/figures'

/** 互助统计 for aid_admins and admins in scope, and a member's export of their own records. */
export const figuresActions: Pick<FunctionActions<'aid'>, 'figures' | 'figuresExport' | 'myRecordsExport'> = {
  figures: { access: 'roles', roles: ['admin', 'aid_admin'], handler: (input, ctx) => aidFigures(ctx, ctx.caller, input) },
  figuresExport: { access: 'roles', roles: ['admin', 'aid_admin'], handler: (input, ctx) => exportAidFigures(ctx, ctx.caller, input) },
  myRecordsExport: { access: 'member', handler: (_input, ctx) => exportMyAidRecords(ctx, ctx.caller) },
}
