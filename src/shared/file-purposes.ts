/**
 * File purposes and limits, without zod: the client's chooser reads them too (limits, accepted
 * types), and the mini-program bundle must not pull zod in.
 */
import type { Role } from './roles'

/** An Excel workbook, as sheets of names and settlement files come. */
export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** An EPUB book (电子书屋 imports them). */
export const epubType = 'application/epub+zip'
/** An MP4 video (职工课堂's video lessons): H.264/AAC plays in WeChat and every browser. */
export const mp4Type = 'video/mp4'

/**
 * Real file types the service accepts, told by magic bytes on the server (never by name or header).
 * Images are re-encoded: what is stored is JPEG, or PNG for images with transparency.
 */
export const fileTypes = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
  'text/csv',
  xlsxType,
  epubType,
  mp4Type,
] as const
export type FileType = (typeof fileTypes)[number]

/** How people call each type, in messages naming what a purpose takes. */
export const fileTypeNames: Record<FileType, string> = {
  'image/jpeg': 'JPG 图片',
  'image/png': 'PNG 图片',
  'image/webp': 'WebP 图片',
  'application/pdf': 'PDF',
  'text/csv': 'CSV',
  [xlsxType]: 'Excel（.xlsx）',
  [epubType]: 'EPUB 电子书',
  [mp4Type]: 'MP4 视频',
}

const imageTypes: readonly FileType[] = ['image/jpeg', 'image/png', 'image/webp']
const imageOrPdf: readonly FileType[] = [...imageTypes, 'application/pdf']
/** Spreadsheets staff import: xlsx by its zip signature; CSV is whatever is not another known type (checked as UTF-8 when read). */
export const sheetTypes: readonly FileType[] = ['text/csv', xlsxType]

const mb = 1024 * 1024

export interface PublicPurpose {
  visibility: 'public'
  label: string
  types: readonly FileType[]
  /** Upper bound of the bytes sent (before re-encoding). */
  maxBytes: number
  /** Stored by the server alone (images it takes out of a book), never uploaded by anyone. */
  serverOnly?: true
  /** Who uploads them, where not the goods and notice editors (publicUploaderRoles). */
  uploaderRoles?: readonly Role[]
}

export interface PrivatePurpose {
  visibility: 'private'
  label: string
  types: readonly FileType[]
  maxBytes: number
  /**
   * Staff roles that may read these files at the owner's member branch or above it; the module that
   * owns the record may narrow that further (server/files/record-readers.ts).
   */
  readerRoles: readonly Role[]
  /** Staff files (an import sheet): only holders of one of these roles upload them, members need not. */
  uploaderRoles?: readonly Role[]
  /** Member files that staff of these roles add to as well (a lawyer's reply in a member's thread), member or not. */
  staffUploaderRoles?: readonly Role[]
}

export type PurposeRule = PublicPurpose | PrivatePurpose

/**
 * What a file is for decides who may upload it, how large and of what type it may be, and who may
 * read it. Closed on purpose: a module adds its purposes here.
 * Public: anyone reads them through stable, cacheable URLs; uploaded by staff who edit goods or
 * notices (mall_operator or admin at some branch). Private: uploaded by members, read through
 * short-lived signed URLs by the owner and by staff holding one of `readerRoles` over the owner's branch.
 */
export const filePurposes = {
  goods_image: { visibility: 'public', label: '商品图片', types: imageTypes, maxBytes: 10 * mb },
  notice_cover: { visibility: 'public', label: '通知封面', types: imageTypes, maxBytes: 10 * mb },
  notice_image: { visibility: 'public', label: '通知正文图片', types: imageTypes, maxBytes: 10 * mb },
  claim_document: { visibility: 'private', label: '互助申请材料', types: imageOrPdf, maxBytes: 20 * mb, readerRoles: ['claim_reviewer', 'aid_admin'] },
  // Who reads them is the question's to say (server/legal/question-access.ts); these roles bound it.
  lawyer_attachment: { visibility: 'private', label: '法律咨询附件', types: imageOrPdf, maxBytes: 20 * mb, readerRoles: ['lawyer', 'legal_admin'], staffUploaderRoles: ['lawyer'] },
  dating_photo: { visibility: 'private', label: '交友照片', types: imageTypes, maxBytes: 10 * mb, readerRoles: ['matchmaker'] },
  // Read by the two sides of the match through signed URLs in the chat's responses; a matchmaker only for a match someone reported (record-readers.ts).
  dating_chat_image: { visibility: 'private', label: '聊天图片', types: imageTypes, maxBytes: 10 * mb, readerRoles: ['matchmaker'] },
  aid_sheet: {
    visibility: 'private',
    label: '医疗互助参保名单',
    types: [xlsxType],
    maxBytes: 5 * mb,
    readerRoles: ['aid_admin'],
    uploaderRoles: ['admin', 'aid_admin'],
  },
  aid_settlement: {
    visibility: 'private',
    label: '医保结算文件',
    types: sheetTypes,
    maxBytes: 20 * mb,
    readerRoles: ['aid_admin'],
    uploaderRoles: ['aid_admin'],
  },
  // Made by the server (figures, a member's own records), never uploaded: no role may upload it.
  // Left unattached, so only its owner reads it and the housekeeping job removes it after a day.
  aid_export: {
    visibility: 'private',
    label: '医疗互助导出表格',
    types: [xlsxType],
    maxBytes: 5 * mb,
    readerRoles: ['aid_admin'],
    uploaderRoles: [],
  },
  // A member's export of their own legal questions (server/legal/export.ts): like aid_export, only
  // its owner reads it.
  legal_export: {
    visibility: 'private',
    label: '法律咨询导出表格',
    types: [xlsxType],
    maxBytes: 5 * mb,
    readerRoles: [],
    uploaderRoles: [],
  },
  // A librarian's EPUB, read by the import (server/library/import.ts) and kept as the book's source.
  library_epub: {
    visibility: 'private',
    label: '电子书文件',
    types: [epubType],
    maxBytes: 50 * mb,
    readerRoles: ['librarian'],
    uploaderRoles: ['librarian'],
  },
  // Covers and chapter images the import takes out of a book, re-encoded and stored by the server
  // (server/files/generated.ts storeServerFile), never uploaded.
  library_image: { visibility: 'public', label: '图书图片', types: imageTypes, maxBytes: 20 * mb, serverOnly: true },
  // 职工课堂: course covers, video lessons and images in article lessons, public like notice images
  // (union courses are not secret, and a video's name is its unguessable content hash).
  course_cover: { visibility: 'public', label: '课程封面', types: imageTypes, maxBytes: 10 * mb, uploaderRoles: ['course_editor'] },
  course_image: { visibility: 'public', label: '课程图文图片', types: imageTypes, maxBytes: 10 * mb, uploaderRoles: ['course_editor'] },
  course_video: { visibility: 'public', label: '课程视频', types: [mp4Type], maxBytes: 500 * mb, uploaderRoles: ['course_editor'] },
  // A certificate's PDF, drawn by the server for its member (server/course), never uploaded.
  course_certificate: { visibility: 'private', label: '结业证书', types: ['application/pdf'], maxBytes: 5 * mb, readerRoles: [], uploaderRoles: [] },
  // A question bank sheet an editor imports (server/quiz).
  question_sheet: {
    visibility: 'private',
    label: '题库导入表格',
    types: [xlsxType],
    maxBytes: 5 * mb,
    readerRoles: ['course_editor'],
    uploaderRoles: ['course_editor'],
  },
} as const satisfies Record<string, PurposeRule>

export type FilePurpose = keyof typeof filePurposes
/** The largest any purpose allows: a declared size beyond it is malformed, not merely too large. */
export const maxUploadBytes = Math.max(...Object.values(filePurposes).map((rule: PurposeRule) => rule.maxBytes))
export const filePurposeNames = Object.keys(filePurposes) as [FilePurpose, ...FilePurpose[]]

/** Roles that may upload public files (goods images, notice covers and images). */
export const publicUploaderRoles: readonly Role[] = ['mall_operator', 'admin']

/** Longest edge of a stored image and of its thumbnail, in pixels. */
export const maxImageEdge = 2048
export const thumbEdge = 320

export const fileNameMaxLength = 100
