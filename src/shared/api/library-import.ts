import { z } from 'zod'
import { cursorSchema, idSchema, limitSchema } from './common'
import { bookCategorySchema } from './library-common'
import type { BookCategory, ImportStatus } from './library-common'
import { requestIdSchema } from './points'

/**
 * 电子书屋, part import (issue 11): librarians import EPUB files uploaded through the file service
 * (purpose library_epub); the work runs in the background and reports its progress. Shared names
 * live in ./library-common.
 */
export const importSchemas = {
  /**
   * A librarian covering branchId imports their own ready library_epub file as a draft book of
   * that branch's scope. The same bytes again end as `duplicate` naming the book; the same bytes in
   * flight answer that import; a retried requestId answers the first answer.
   */
  startImport: z
    .object({ fileId: idSchema, branchId: idSchema, category: bookCategorySchema, requestId: requestIdSchema })
    .strict(),
  /** Librarian: imports in their scope, newest first, with progress. */
  imports: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  importStatus: z.object({ importId: idSchema }).strict(),
}

/** One import as the librarian follows it. */
export interface LibraryImport {
  id: number
  fileName: string
  status: ImportStatus
  /** 0..100. */
  progress: number
  /** What is being done, in words (读取文件, 章节 3/12, 处理图片, 建立索引). */
  stage: string
  errorCode: string | null
  errorMessage: string | null
  /** The book it made (done) or found (duplicate). */
  book: { id: number; title: string } | null
  branchName: string
  category: BookCategory
  /** What sanitising took out of the book (done imports). */
  stripped: { scripts: number; externalResources: number } | null
  createdAt: string
  finishedAt: string | null
}

export interface ImportOutputs {
  startImport: LibraryImport
  imports: { items: LibraryImport[]; nextCursor: string | null }
  importStatus: LibraryImport
}
