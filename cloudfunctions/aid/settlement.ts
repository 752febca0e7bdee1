import { z } from 'zod'
import type { settlementSchemas } from '../../src/shared/api/aid-settlement'
import type { PartActions } from '../../server/action'
import {
  listSettlementImports,
  processSettlementImport,
  resolveSettlementRow,
  rowViewSql,
  settlementImportFor,
  startSettlementImport,
  toImport,
  toRowView,
} from '../../server/aid/settlement'
import type { RowViewRow } from '../../server/aid/settlement'
import { cursorId, decodeCursor, pageOf } from '../../server/cursor'
import { audit } from '../../server/sql'

const importCursor = z.object({ i: cursorId }).strict()
const rowCursor = z.object({ l: cursorId }).strict()

/**
 * A page's continue call works this long, then answers the progress: short enough for a cloud
 * function's timeout and for the bar to move, long enough to settle several batches.
 */
const continueBudgetMs = 5_000

/** 一站式结算: imports of the 医保 settlement file, their rows, and the review of flagged rows (aid_admin). */
export const settlementActions: PartActions<'aid', keyof typeof settlementSchemas> = {
  settlementStart: {
    access: 'roles',
    roles: ['aid_admin'],
    handler: (input, ctx) => startSettlementImport(ctx, ctx.caller, input),
  },

  settlementContinue: {
    access: 'roles',
    roles: ['aid_admin'],
    async handler(input, ctx) {
      // Scope first: a continue call on another county's import reads as not found and does no work.
      await settlementImportFor(ctx.db, ctx.caller, input.id)
      await processSettlementImport(ctx, input.id, { until: Date.now() + continueBudgetMs })
      return settlementImportFor(ctx.db, ctx.caller, input.id)
    },
  },

  settlementImport: {
    access: 'roles',
    roles: ['aid_admin'],
    handler: (input, ctx) => settlementImportFor(ctx.db, ctx.caller, input.id),
  },

  settlementImports: {
    access: 'roles',
    roles: ['aid_admin'],
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, importCursor)
      const rows = await listSettlementImports(ctx.db, ctx.caller, after?.i ?? null, input.limit)
      return pageOf(rows, input.limit, toImport, (r) => ({ i: r.id }))
    },
  },

  settlementRows: {
    access: 'roles',
    roles: ['aid_admin'],
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, rowCursor)
      await settlementImportFor(ctx.db, ctx.caller, input.importId)
      const rows = await ctx.db.query<RowViewRow>(
        `${rowViewSql} WHERE r.import_id = $1 AND r.outcome = $2 AND r.line > $3 ORDER BY r.line LIMIT $4`,
        [input.importId, input.outcome, after?.l ?? 0, input.limit + 1],
      )
      const page = pageOf(rows, input.limit, toRowView, (r) => ({ l: r.line }))
      // Matched rows name a member and a hospital stay: health data, so the staff read is logged.
      if (page.items.some((row) => row.memberName !== null)) {
        await audit(ctx.db, {
          actor: ctx.caller.userId,
          action: 'aid.settlementRows',
          targetType: 'aid_settlement_import',
          targetIds: [input.importId],
          detail: { outcome: input.outcome, rows: page.items.map((row) => row.id) },
        })
      }
      return page
    },
  },

  settlementResolve: {
    access: 'roles',
    roles: ['aid_admin'],
    handler: (input, ctx) => resolveSettlementRow(ctx.db, ctx.caller, input),
  },
}
