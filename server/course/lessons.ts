import type { Queryable } from '../db'
import { publicFileUrl } from '../files/storage'

/** A live lesson as the editor's pages and the learner's pages both read it. */
export interface LessonRow {
  id: number
  course_id: number
  ord: number
  title: string
  kind: 'video' | 'article'
  video_file_id: number | null
  video_url: string | null
  video_ref: string | null
  duration_seconds: number | null
  article_html: string | null
  article_chars: number | null
}

/** A live (not removed) lesson, or null. */
export async function liveLesson(db: Queryable, lessonId: number): Promise<LessonRow | null> {
  const [row] = await db.query<LessonRow>(
    `SELECT l.id, l.course_id, l.ord, l.title, l.kind, l.video_file_id, l.video_url, l.duration_seconds, l.article_html, l.article_chars,
            (SELECT f.blob_ref FROM file f WHERE f.id = l.video_file_id AND f.status = 'ready') AS video_ref
       FROM course_lesson l WHERE l.id = $1 AND l.removed_at IS NULL`,
    [lessonId],
  )
  return row ?? null
}

/** Where the player loads a video lesson from: the URL the editor gave, or the uploaded file's public URL. */
export function lessonVideoUrl(row: LessonRow): string | null {
  return row.video_url ?? (row.video_ref ? publicFileUrl(row.video_ref) : null)
}
