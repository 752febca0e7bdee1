import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { CellValue, Row } from 'exceljs'
import { idNumberMessages, idNumberProblem, normalizeIdNumber } from '../../src/shared/id-number'
import { maxSheetRows, sheetColumns } from '../../src/shared/aid/enrol-sheet'
import type { SheetRowProblem } from '../../src/shared/api/aid-enrolment'
import { AppError } from '../errors'

/** A data row of the sheet as read: its Excel row number, and either the values or what is wrong. */
export type SheetRow =
  | { row: number; name: string; idNumber: string; problem: null }
  | { row: number; name: string; idNumber: string | null; problem: SheetRowProblem }

const rowProblem = (row: number, name: string, idNumber: string | null, code: SheetRowProblem['code'], message: string): SheetRow => ({
  row,
  name,
  idNumber,
  problem: { code, message },
})

type Cell = { kind: 'text'; text: string } | { kind: 'formula' } | { kind: 'number'; value: number } | { kind: 'other' }

/** What a cell holds, read without evaluating anything: a formula is reported, never its cached result. */
function readCell(value: CellValue): Cell {
  if (value === null || value === undefined) return { kind: 'text', text: '' }
  if (typeof value === 'string') return { kind: 'text', text: value.trim() }
  if (typeof value === 'number') return { kind: 'number', value }
  if (typeof value === 'object' && 'richText' in value) return { kind: 'text', text: value.richText.map((r) => r.text).join('').trim() }
  if (typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) return { kind: 'formula' }
  return { kind: 'other' }
}

function cellValue(row: Row, column: number): CellValue {
  return row.getCell(column).value
}

type Columns = Record<(typeof sheetColumns)[number], number>

/** A title or note above the header is skipped, this far down at most. */
const headerSearchRows = 10

const missingColumns = (missing: readonly string[]) =>
  new AppError('AID_SHEET_COLUMNS', `表格缺少列：${missing.join('、')}（表头须有「${sheetColumns.join('」「')}」两列）`)

/**
 * The header's columns by name, when `row` is the header: a row naming at least one of them. A
 * header naming only some is refused with the missing ones named.
 */
function headerColumns(row: Row): Columns | null {
  const found = new Map<string, number>()
  row.eachCell((cell, column) => {
    const read = readCell(cell.value)
    // Headers are often typed with spaces or a bracketed note: 身份证号（18位）.
    if (read.kind === 'text') found.set(read.text.replace(/\s+/g, '').replace(/[（(].*$/, ''), column)
  })
  const missing = sheetColumns.filter((name) => !found.has(name))
  if (missing.length === sheetColumns.length) return null
  if (missing.length) throw missingColumns(missing)
  return { 姓名: found.get('姓名') as number, 身份证号: found.get('身份证号') as number }
}

function isBlank(row: Row): boolean {
  let blank = true
  row.eachCell((cell) => {
    const read = readCell(cell.value)
    if (read.kind !== 'text' || read.text) blank = false
  })
  return blank
}

/** One data row's values, or its own error: formulas, numbers where text belongs, bad ID numbers. */
function readDataRow(row: Row, columns: Columns): SheetRow {
  const nameCell = readCell(cellValue(row, columns.姓名))
  const idCell = readCell(cellValue(row, columns.身份证号))
  const name = nameCell.kind === 'text' ? nameCell.text : ''
  if (nameCell.kind === 'formula' || idCell.kind === 'formula') {
    return rowProblem(row.number, name, null, 'formula', '单元格含公式，请复制后「粘贴为数值」再上传')
  }
  if (idCell.kind === 'number') {
    // 18 digits are more than a double holds: Excel shows 3.30402E+17 and the last digits are lost.
    return rowProblem(row.number, name, null, 'id_number_as_number', '身份证号被存成了数字（如 3.30402E+17），末几位已丢失；请把该列设为「文本」后重新录入')
  }
  if (nameCell.kind !== 'text' || idCell.kind !== 'text') return rowProblem(row.number, name, null, 'cell_type', '姓名和身份证号须为文本')
  if (!name) return rowProblem(row.number, name, null, 'name_missing', '请填写姓名')
  const idNumber = normalizeIdNumber(idCell.text)
  const problem = idNumberProblem(idNumber)
  if (problem === 'empty') return rowProblem(row.number, name, null, 'id_number_invalid', idNumberMessages.empty)
  if (problem === 'checksum') return rowProblem(row.number, name, idNumber, 'id_number_checksum', '身份证号校验位不正确，请核对')
  if (problem) return rowProblem(row.number, name, idNumber, 'id_number_invalid', idNumberMessages[problem])
  return { row: row.number, name, idNumber, problem: null }
}

/**
 * Reads the first worksheet of an enrolment sheet (表头 姓名, 身份证号; other columns ignored),
 * streaming: a sheet of more than maxSheetRows data rows is refused as soon as its row
 * maxSheetRows + 1 is read, never held whole in memory. Rows of problems are answered with the
 * rest; only a sheet that cannot be read at all, lacks the columns or is too long throws.
 */
export async function readEnrolSheet(bytes: Buffer): Promise<SheetRow[]> {
  try {
    return await readOnce(bytes)
  } catch (error) {
    // exceljs's streaming reader now and then (a few in a thousand reads, measured) loses a race
    // between the workbook part and a worksheet it deferred, and fails on a sound file; the same
    // bytes read again succeed. A broken file fails both times.
    if (error instanceof AppError && error.code === 'AID_SHEET_UNREADABLE') return readOnce(bytes)
    throw error
  }
}

async function readOnce(bytes: Buffer): Promise<SheetRow[]> {
  const source = Readable.from(bytes)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  })
  const rows: SheetRow[] = []
  let columns: Columns | null = null
  let rowsBeforeHeader = 0
  const worksheets = reader[Symbol.asyncIterator]()
  try {
    // Only the first worksheet is the list; the rest (notes, instructions) are not read.
    const first = await worksheets.next()
    if (!first.done) {
      for await (const row of first.value as AsyncIterable<Row>) {
        if (isBlank(row)) continue
        if (!columns) {
          columns = headerColumns(row)
          rowsBeforeHeader += 1
          if (!columns && rowsBeforeHeader >= headerSearchRows) throw missingColumns(sheetColumns)
          continue
        }
        if (rows.length >= maxSheetRows) {
          throw new AppError('AID_SHEET_TOO_MANY_ROWS', `名单超过 ${maxSheetRows.toLocaleString('en-US')} 行，请拆分为多个文件分批上传`)
        }
        rows.push(readDataRow(row, columns))
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError('AID_SHEET_UNREADABLE')
  } finally {
    // Stopping the reader before the end of the zip may fail on what follows the first worksheet
    // (exceljs reads a worksheet stored before the shared strings only once the zip is through):
    // nothing of that is needed, so that failure is not the sheet's.
    await worksheets.return?.(undefined).catch(() => undefined)
    source.destroy()
  }
  if (!columns) throw missingColumns(sheetColumns)
  return rows
}
