import type ExcelJS from 'exceljs'
import type { ExportedFile } from '../../src/shared/api/file'
import { xlsxType } from '../../src/shared/file-purposes'
import type { FilePurpose } from '../../src/shared/file-purposes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { storeGeneratedFile } from './generated'
import { fileReadUrl } from './read'

export interface SheetColumn {
  header: string
  width: number
}

/** A sheet with a bold header row. */
export function addSheet(book: ExcelJS.Workbook, name: string, columns: SheetColumn[], rows: (string | number)[][]): void {
  const sheet = book.addWorksheet(name)
  sheet.columns = columns
  sheet.getRow(1).font = { bold: true }
  sheet.addRows(rows)
}

/** Stores a workbook as a private file of the caller's and answers with a signed URL to it. */
export async function storeWorkbook(deps: Deps, caller: Caller, book: ExcelJS.Workbook, file: { purpose: FilePurpose; name: string }): Promise<ExportedFile> {
  const bytes = Buffer.from(await book.xlsx.writeBuffer())
  const fileId = await storeGeneratedFile(deps, caller, { purpose: file.purpose, name: file.name, type: xlsxType, bytes })
  return { fileId, name: file.name, readUrl: await fileReadUrl(deps, caller, fileId) }
}
