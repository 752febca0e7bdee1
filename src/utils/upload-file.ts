import { api, ApiCallError } from '../api'
import { chooseFiles } from '../platform/choose-file'
import type { LocalFile } from '../platform/choose-file'
import { compressImage } from '../platform/compress-image'
import { sendFile } from '../platform/upload'
import type { FilePurpose, FileType, StoredFile } from '../shared/api'
import { errorMessages } from '../shared/errors'
import { epubType, filePurposes, fileTypeNames, mp4Type, sheetTypes } from '../shared/file-purposes'

export type { LocalFile } from '../platform/choose-file'

const isAllowedType = (purpose: FilePurpose, type: string): type is FileType => (filePurposes[purpose].types as readonly string[]).includes(type)

/**
 * Lets the user pick up to `count` files for `purpose` (photos from camera or album; for
 * purposes that take PDFs, a PDF too) and compresses the photos. Resolves to none on cancel.
 */
export async function chooseForUpload(purpose: FilePurpose, count: number): Promise<LocalFile[]> {
  // Sheets are sent as they are: only photos are compressed.
  if (sheetTypes.some((type) => isAllowedType(purpose, type))) return chooseFiles({ accept: 'sheet', count })
  if (isAllowedType(purpose, epubType)) return chooseFiles({ accept: 'book', count })
  if (isAllowedType(purpose, mp4Type)) return chooseFiles({ accept: 'video', count })
  const takesPdf = isAllowedType(purpose, 'application/pdf')
  const chosen = await chooseFiles({ accept: takesPdf ? 'document' : 'image', count })
  return Promise.all(chosen.map((file) => (file.type === 'application/pdf' ? file : compressImage(file))))
}

/** What the server would refuse anyway, told before anything is sent. */
function localProblem(purpose: FilePurpose, file: LocalFile): ApiCallError | null {
  const rule = filePurposes[purpose]
  if (!isAllowedType(purpose, file.type)) {
    return new ApiCallError('FILE_TYPE_NOT_ALLOWED', `${errorMessages.FILE_TYPE_NOT_ALLOWED}：请选择${rule.types.map((t) => fileTypeNames[t]).join('、')}`)
  }
  if (file.size > rule.maxBytes) {
    return new ApiCallError('FILE_TOO_LARGE', `${errorMessages.FILE_TOO_LARGE}（${Math.floor(rule.maxBytes / 1024 / 1024)} MB）`)
  }
  return null
}

export interface Upload {
  /** The stored file; rejects with an ApiCallError whose message is shown as it is. */
  readonly done: Promise<StoredFile>
  /** The user gave up on this file (removed it): stop sending. */
  cancel(): void
}

/**
 * One attempt to upload a file: a new ticket, then the bytes. A ticket works once, so a retry is
 * simply another call (a new ticket); the failed attempt's row is cleaned up by the server's job.
 * `onProgress` gets the share of bytes sent, 0–1; at 1 the server is still checking the file.
 */
export function startUpload(purpose: FilePurpose, file: LocalFile, onProgress: (sent: number) => void): Upload {
  let cancelled = false
  let cancelSend = () => {}
  const run = async (): Promise<StoredFile> => {
    const problem = localProblem(purpose, file)
    if (problem) throw problem
    const ticket = await api.file.uploadTicket({ purpose, name: file.name, size: file.size, type: file.type as FileType })
    if (cancelled) throw new ApiCallError('VALIDATION_FAILED', '已取消上传')
    const task = sendFile(file, ticket, onProgress)
    cancelSend = task.abort
    return task.done
  }
  return {
    done: run(),
    cancel: () => {
      cancelled = true
      cancelSend()
    },
  }
}
