import type { PhotoView } from '../../src/shared/api/dating-common'
import type { Deps } from '../action'
import { readUrlTtlSeconds } from '../files/read'
import { fileStoreOf } from '../files/storage'

/**
 * Signed URLs of dating photos and chat images, for a response whose action has already decided
 * the caller may see them (a visible profile, one's own match). Private files never get a stable
 * URL: these stop working after readUrlTtlSeconds, so a screenshot of a link leads nowhere.
 * Files that are not ready (or not dating files) are left out.
 */
export async function signPhotos({ db, env }: Deps, fileIds: readonly number[]): Promise<Map<number, PhotoView>> {
  const views = new Map<number, PhotoView>()
  const ids = [...new Set(fileIds)]
  if (ids.length === 0) return views
  const rows = await db.query<{ id: number; blob_ref: string; thumb_ref: string | null }>(
    `SELECT id, blob_ref, thumb_ref FROM file
      WHERE id = ANY($1::int[]) AND status = 'ready' AND purpose IN ('dating_photo', 'dating_chat_image')`,
    [ids],
  )
  const store = fileStoreOf(env)
  await Promise.all(
    rows.map(async (row) => {
      const [url, thumbUrl] = await Promise.all([
        store.signedUrl(row.blob_ref, readUrlTtlSeconds),
        row.thumb_ref ? store.signedUrl(row.thumb_ref, readUrlTtlSeconds) : Promise.resolve(null),
      ])
      views.set(row.id, { fileId: row.id, url, thumbUrl })
    }),
  )
  return views
}

/** When the URLs signed now stop working, for the response's photosExpireAt. */
export function photosExpireAt(nowMs = Date.now()): string {
  return new Date(nowMs + readUrlTtlSeconds * 1000).toISOString()
}
