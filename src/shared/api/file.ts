import { z } from 'zod'
import { idSchema } from './common'
import { fileNameMaxLength, filePurposeNames, fileTypes, maxUploadBytes } from '../file-purposes'
import type { FilePurpose, FileType } from '../file-purposes'

/**
 * A file's own name as the user's device gave it: shown back to people, never used as a path.
 * No folder separators, no control or format characters, no leading dot (hidden files, `..`).
 */
export const fileNameSchema = z
  .string({ error: '请提供文件名' })
  .trim()
  .min(1, '请提供文件名')
  .max(fileNameMaxLength, `文件名不超过 ${fileNameMaxLength} 个字符`)
  .refine((name) => !/[/\\]/.test(name), '文件名不能包含路径')
  .refine((name) => !name.startsWith('.'), '文件名不能以点开头')
  .refine((name) => !/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/.test(name), '文件名包含不可见字符')

/** The client's session-free secret for one upload: a signed token, single use, valid for minutes. */
const ticketSchema = z.string().min(10).max(1000)

export const fileSchemas = {
  /** Step 1: ask to upload one file; the answer says where to send the bytes. */
  uploadTicket: z
    .object({
      purpose: z.enum(filePurposeNames, { error: '不支持的文件用途' }),
      name: fileNameSchema,
      /** Bytes that will be sent, exactly. */
      size: z.number({ error: '文件大小必须是数字' }).int().min(1, '文件是空的').max(maxUploadBytes, `文件不能超过 ${maxUploadBytes / 1024 / 1024} MB`),
      type: z.enum(fileTypes, { error: '不支持的文件类型：请上传 JPG、PNG、WebP 图片，PDF，CSV、Excel 表格，或 EPUB 电子书' }),
    })
    .strict(),
  /**
   * WeChat cloud only: after `Taro.cloud.uploadFile` put the bytes at `cloudPath`, the function
   * checks and processes them exactly as the host's POST /upload does, and answers the same.
   */
  confirmUpload: z
    .object({
      ticket: ticketSchema,
      /** The `fileID` Taro.cloud.uploadFile answered; it must name the ticket's `cloudPath`. */
      cloudFileId: z.string().min(1).max(1000),
    })
    .strict(),
  /** URLs to show a file: stable for public files, signed and valid for at most 10 minutes for private ones. */
  readUrl: z.object({ id: idSchema }).strict(),
}

/**
 * Where to send the bytes.
 *
 * `via: 'host'` (self-hosted): `POST <url>` on the same origin as /api, headers
 * `x-upload-ticket: <ticket>` and `content-type: application/octet-stream`, the raw bytes as the
 * body (no multipart), exactly `size` of them. The answer is the /api envelope,
 * `{ ok: true, data: StoredFile }` or `{ ok: false, error: { code, message } }` (4xx, never 5xx for
 * anything the client sent). A ticket works once: after any answer, success or failure, ask for a
 * new ticket to retry. Errors: UPLOAD_TICKET_INVALID / _EXPIRED / _USED, FILE_TOO_LARGE (more bytes
 * than declared or than the purpose allows: the host stops reading and closes the connection),
 * UPLOAD_INCOMPLETE (fewer bytes than declared), FILE_TYPE_NOT_ALLOWED (magic bytes), FILE_CORRUPT
 * (truncated or undecodable), IMAGE_TOO_LARGE (absurd dimensions).
 *
 * `via: 'cloud'` (WeChat): `Taro.cloud.uploadFile({ cloudPath, filePath })`, then
 * `api.file.confirmUpload({ ticket, cloudFileId: fileID })`, which answers StoredFile or the same errors.
 */
export type UploadTarget = { via: 'host'; url: string } | { via: 'cloud'; cloudPath: string }

export interface UploadTicket {
  fileId: number
  ticket: string
  expiresAt: string
  upload: UploadTarget
}

/** A file that passed every check and was stored (images re-encoded, metadata stripped). */
export interface StoredFile {
  id: number
  purpose: FilePurpose
  /** The name the user's device gave it, for display. */
  name: string
  /** The stored type: what the bytes are after re-encoding. */
  type: FileType
  /** Stored bytes. */
  size: number
  /** Images only. */
  width: number | null
  height: number | null
  /** Public purposes: a stable, cacheable URL. Private: null, ask `file.readUrl`. */
  url: string | null
  /** Images of public purposes only. */
  thumbUrl: string | null
  /** Videos only: the length read from the MP4 header, in whole seconds. */
  durationSeconds: number | null
}

export interface FileReadUrl {
  url: string
  /** Images only. */
  thumbUrl: string | null
  /** Private files: when the URLs stop working (at most 10 minutes on). Public files: null. */
  expiresAt: string | null
}

/** A workbook or document the server wrote for the caller (an export): a private file only they read. */
export interface ExportedFile {
  fileId: number
  name: string
  readUrl: FileReadUrl
}

export interface FileOutputs {
  uploadTicket: UploadTicket
  confirmUpload: StoredFile
  readUrl: FileReadUrl
}

export type { FilePurpose, FileType, PurposeRule } from '../file-purposes'
