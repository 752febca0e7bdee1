import type { FunctionActions } from '../../server/action'
import { AppError } from '../../server/errors'
import { fileReadUrl } from '../../server/files/read'
import { fileStoreOf } from '../../server/files/storage'
import { claimTicket, completeUpload, failUpload, issueTicket } from '../../server/files/upload'

/**
 * Uploads and reads. The bytes themselves go to the host's POST /upload (self-hosted, server/host.ts)
 * or to WeChat cloud storage, confirmed here; both end in the same completeUpload.
 */
export const fileActions: FunctionActions<'file'> = {
  uploadTicket: {
    access: 'user',
    handler: (input, ctx) => issueTicket(ctx, ctx.caller, input),
  },

  confirmUpload: {
    access: 'user',
    async handler(input, ctx) {
      const store = fileStoreOf(ctx.env)
      if (store.kind !== 'wechat') throw new AppError('BAD_REQUEST', '请将文件直接上传到 /upload')
      const claimed = await claimTicket(ctx, input.ticket)
      // The ticket names the raw upload; any other fileID could be someone else's file.
      if (!claimed.cloudPath || !input.cloudFileId.endsWith(`/${claimed.cloudPath}`)) {
        await failUpload(ctx.db, claimed.fileId)
        throw new AppError('UPLOAD_TICKET_INVALID')
      }
      try {
        const bytes = await store.get(input.cloudFileId).catch(async () => {
          await failUpload(ctx.db, claimed.fileId)
          throw new AppError('UPLOAD_INCOMPLETE')
        })
        return await completeUpload(ctx, claimed, bytes)
      } finally {
        // Only the processed copy is kept; the raw upload is never served.
        await store.delete([input.cloudFileId])
      }
    },
  },

  readUrl: {
    access: 'user',
    handler: (input, ctx) => fileReadUrl(ctx, ctx.caller, input.id),
  },
}
