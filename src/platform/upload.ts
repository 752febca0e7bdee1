// Taro resolves `./upload` to upload.weapp.ts or upload.h5.ts; this declaration is for tsc.
import type { StoredFile, UploadTicket } from '../shared/api'
import type { LocalFile } from './choose-file'

export interface UploadTask {
  /** The stored file, or an ApiCallError (the server's code and message, or NETWORK). */
  readonly done: Promise<StoredFile>
  /** Stops sending (the user removed the file); `done` then rejects. */
  abort(): void
}

/**
 * Sends one file's bytes where its ticket says (the host's POST /upload, or WeChat cloud storage
 * followed by file.confirmUpload). `onProgress` gets the share of bytes sent, 0–1.
 */
export declare function sendFile(file: LocalFile, ticket: UploadTicket, onProgress: (sent: number) => void): UploadTask
