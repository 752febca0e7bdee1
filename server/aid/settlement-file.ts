import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { idNumberMessages, idNumberProblem, normalizeIdNumber } from '../../src/shared/id-number'
import { AppError } from '../errors'
import { hasForbiddenCharacters } from '../input-guard'

/**
 * The 医保 one-stop settlement file: CSV (UTF-8, with or without BOM) or xlsx, first row the
 * header, one discharge per row. Columns are found by their header, in any order.
 */
export const settlementColumns = ['身份证号', '医院', '入院日期', '出院日期', '总费用', '医保支付', '自付', '互助金支付'] as const
export type SettlementColumn = (typeof settlementColumns)[number]

export type SettlementFileKind = 'csv' | 'xlsx'

/**
 * A file this long is no county's month of settlements; refusing the rest keeps one import's
 * work bounded (a 20 MB xlsx can unpack to far more rows than that).
 */
export const maxSettlementRows = 200_000

/** The longest stay a bill may span (the engine counts hospital days within a year). */
export const maxStayDays = 366

/** An amount above this (10,000,000.00 元) is a typing error, not a hospital bill. */
export const maxAmountFen = 1_000_000_000

/** One cell as the file holds it: text (every CSV cell), or what an xlsx cell is typed as. */
export type Cell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; date: string }
  | { kind: 'formula' }
  | { kind: 'empty' }

export interface RawRow {
  /** The row's line in the file (the header is line 1), as the admin will look for it. */
  line: number
  cells: Record<SettlementColumn, Cell>
}

export interface SettlementRow {
  idNumber: string
  hospital: string
  /** YYYY-MM-DD */
  admittedOn: string
  dischargedOn: string
  totalFen: number
  insuranceFen: number
  selfFen: number
  aidFen: number
}

export type ParsedRow = { line: number; ok: true; row: SettlementRow } | { line: number; ok: false; idLast4: string | null; error: string }

/**
 * 元 with at most two decimals to 分, from the text alone: the digits before and after the dot
 * are read as integers, so no binary fraction ever stands between the file and the ledger.
 */
export function yuanToFen(text: string): { fen: number } | { error: string } {
  const trimmed = text.trim().replace(/,/g, '')
  if (!trimmed) return { error: '为空' }
  if (trimmed.startsWith('-')) return { error: '不能为负数' }
  const match = /^(\d+)(?:\.(\d*))?$/.exec(trimmed)
  if (!match) return { error: `“${trimmed.slice(0, 20)}”不是金额` }
  const [, whole, decimals = ''] = match
  if (decimals.length > 2) return { error: '最多两位小数' }
  if (whole.length > 10) return { error: '金额过大（上限 10,000,000.00 元）' }
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'))
  if (fen > maxAmountFen) return { error: '金额过大（上限 10,000,000.00 元）' }
  return { fen }
}

/** A calendar date as YYYY-MM-DD; also 2026/3/5 and 2026.3.5, which spreadsheets like to write. */
export function parseDate(text: string): string | null {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text.trim())
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (year < 2000 || year > 2099 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return date.toISOString().slice(0, 10)
}

function cellText(cell: Cell, column: SettlementColumn): string | { error: string } {
  switch (cell.kind) {
    case 'text':
      return cell.text.trim()
    case 'empty':
      return ''
    case 'formula':
      return { error: `${column}是公式，请粘贴为数值后重新导出` }
    case 'date':
      return cell.date
    case 'number':
      // Shortest round-trip decimal of what the sheet stored: 1234.5 stays "1234.5"; a sum that
      // drifted (0.30000000000000004) shows more than two decimals and is refused as such.
      return String(cell.value)
  }
}

function amount(cells: RawRow['cells'], column: SettlementColumn): number | string {
  const text = cellText(cells[column], column)
  if (typeof text !== 'string') return text.error
  const parsed = yuanToFen(text)
  return 'fen' in parsed ? parsed.fen : `${column}${parsed.error}`
}

function date(cells: RawRow['cells'], column: SettlementColumn): string | { error: string } {
  const cell = cells[column]
  if (cell.kind === 'number') return { error: `${column}不是日期` }
  const text = cellText(cell, column)
  if (typeof text !== 'string') return text
  if (!text) return { error: `${column}为空` }
  return parseDate(text) ?? { error: `${column}“${text.slice(0, 20)}”不是有效日期（应为 YYYY-MM-DD）` }
}

/** One row's checks, each with its own message; the first problem found is the row's error. */
export function parseRow(raw: RawRow): ParsedRow {
  const fail = (error: string, idLast4: string | null = null): ParsedRow => ({ line: raw.line, ok: false, idLast4, error })
  const idCell = raw.cells['身份证号']
  if (idCell.kind === 'number') return fail(`身份证号是数字格式（${String(idCell.value).slice(0, 20)}），已丢失末位，请将该列设为文本后重新导出`)
  const idText = cellText(idCell, '身份证号')
  if (typeof idText !== 'string') return fail(idText.error)
  const idNumber = normalizeIdNumber(idText)
  const problem = idNumberProblem(idNumber)
  const idLast4 = /^\d{17}[\dX]$/.test(idNumber) ? idNumber.slice(-4) : null
  if (problem) return fail(idNumberMessages[problem], idLast4)
  const hospital = cellText(raw.cells['医院'], '医院')
  if (typeof hospital !== 'string') return fail(hospital.error, idLast4)
  if (!hospital) return fail('医院为空', idLast4)
  if (hospital.length > 100 || hasForbiddenCharacters(hospital) || /[\r\n]/.test(hospital)) return fail('医院名称过长或含有不可见字符', idLast4)
  const admittedOn = date(raw.cells, '入院日期')
  if (typeof admittedOn !== 'string') return fail(admittedOn.error, idLast4)
  const dischargedOn = date(raw.cells, '出院日期')
  if (typeof dischargedOn !== 'string') return fail(dischargedOn.error, idLast4)
  if (dischargedOn < admittedOn) return fail(`出院日期 ${dischargedOn} 早于入院日期 ${admittedOn}`, idLast4)
  if (Date.parse(dischargedOn) - Date.parse(admittedOn) > maxStayDays * 24 * 3600 * 1000) return fail(`住院超过 ${maxStayDays} 天，请核对入院和出院日期`, idLast4)
  const amounts: number[] = []
  for (const column of ['总费用', '医保支付', '自付', '互助金支付'] as const) {
    const value = amount(raw.cells, column)
    if (typeof value === 'string') return fail(value, idLast4)
    amounts.push(value)
  }
  const [totalFen, insuranceFen, selfFen, aidFen] = amounts
  // The insurer pays its share and the patient the rest; the mutual aid comes out of the patient's part.
  if (insuranceFen + selfFen !== totalFen) return fail('医保支付与自付之和不等于总费用', idLast4)
  if (aidFen > selfFen) return fail('互助金支付超过自付金额', idLast4)
  return { line: raw.line, ok: true, row: { idNumber, hospital: hospital.normalize('NFC'), admittedOn, dischargedOn, totalFen, insuranceFen, selfFen, aidFen } }
}

function headerIndex(header: string[]): Record<SettlementColumn, number> {
  const names = header.map((name) => name.replace(/^\uFEFF/, '').trim())
  const missing = settlementColumns.filter((column) => !names.includes(column))
  if (missing.length) {
    throw new AppError('SETTLEMENT_FILE_INVALID', `结算文件缺少列：${missing.join('、')}（第一行应为表头：${settlementColumns.join('、')}）`)
  }
  return Object.fromEntries(settlementColumns.map((column) => [column, names.indexOf(column)])) as Record<SettlementColumn, number>
}

const emptyCell: Cell = { kind: 'empty' }

function rowOf(line: number, cells: Cell[], index: Record<SettlementColumn, number>): RawRow {
  return { line, cells: Object.fromEntries(settlementColumns.map((column) => [column, cells[index[column]] ?? emptyCell])) as RawRow['cells'] }
}

function isBlank(cells: Cell[]): boolean {
  return cells.every((cell) => cell.kind === 'empty' || (cell.kind === 'text' && !cell.text.trim()))
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
function* csvRecords(text: string): Generator<{ line: number; fields: string[] }> {
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let recordLine = 1
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else {
        if (ch === '\n') line++
        field += ch
      }
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') {
      fields.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      fields.push(field)
      yield { line: recordLine, fields }
      fields = []
      field = ''
      line++
      recordLine = line
    } else field += ch
  }
  if (field !== '' || fields.length) {
    fields.push(field)
    yield { line: recordLine, fields }
  }
}

async function* csvRows(bytes: Buffer): AsyncGenerator<RawRow> {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new AppError('SETTLEMENT_FILE_INVALID', '结算文件不是 UTF-8 编码的 CSV，请另存为“CSV UTF-8”后重新上传')
  }
  let index: Record<SettlementColumn, number> | null = null
  for (const { line, fields } of csvRecords(text)) {
    const cells: Cell[] = fields.map((f) => ({ kind: 'text', text: f }))
    if (!index) {
      index = headerIndex(fields)
      continue
    }
    if (!isBlank(cells)) yield rowOf(line, cells, index)
  }
  if (!index) throw new AppError('SETTLEMENT_FILE_INVALID', '结算文件是空的')
}

function xlsxCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return emptyCell
  if (typeof value === 'string') return { kind: 'text', text: value }
  if (typeof value === 'number') return { kind: 'number', value }
  if (typeof value === 'boolean') return { kind: 'text', text: String(value) }
  // Date cells come as UTC midnight of the date the sheet shows.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { kind: 'text', text: '' } : { kind: 'date', date: value.toISOString().slice(0, 10) }
  if ('formula' in value || 'sharedFormula' in value) return { kind: 'formula' }
  if ('richText' in value) return { kind: 'text', text: value.richText.map((run) => run.text).join('') }
  if ('text' in value && typeof value.text === 'string') return { kind: 'text', text: value.text }
  return { kind: 'text', text: '#错误值' }
}

async function* xlsxRows(bytes: Buffer): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  })
  let index: Record<SettlementColumn, number> | null = null
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        // row.values is 1-based: a hole at 0.
        const values = (row.values as ExcelJS.CellValue[]).slice(1)
        const cells = Array.from(values, (v) => xlsxCell(v))
        if (!index) {
          index = headerIndex(cells.map((c) => (c.kind === 'text' ? c.text : '')))
          continue
        }
        if (!isBlank(cells)) yield rowOf(row.number, cells, index)
      }
      // Only the first sheet is the settlement list.
      break
    }
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError('SETTLEMENT_FILE_INVALID', '无法读取该 Excel 文件，请确认是 .xlsx 格式且未损坏')
  }
  if (!index) throw new AppError('SETTLEMENT_FILE_INVALID', '结算文件是空的')
}

/**
 * The file's rows in order, from `fromLine` on (a resumed import skips what it already did),
 * each parsed and checked on its own: a bad row is yielded with its error, never stops the file.
 * A missing column, a file that is not CSV/xlsx, or more than maxSettlementRows rows is an
 * AppError for the whole file.
 */
export async function* readSettlementFile(bytes: Buffer, kind: SettlementFileKind, fromLine = 0): AsyncGenerator<ParsedRow> {
  let count = 0
  for await (const raw of kind === 'csv' ? csvRows(bytes) : xlsxRows(bytes)) {
    count += 1
    if (count > maxSettlementRows) throw tooManyRows()
    if (raw.line >= fromLine) yield parseRow(raw)
  }
}

/** The file's data rows, for the progress bar; refuses a file with wrong columns or too many rows before anything is written. */
export async function countSettlementRows(bytes: Buffer, kind: SettlementFileKind): Promise<number> {
  let count = 0
  const rows = kind === 'csv' ? csvRows(bytes) : xlsxRows(bytes)
  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    count += 1
    if (count > maxSettlementRows) throw tooManyRows()
  }
  return count
}

function tooManyRows(): AppError {
  return new AppError('SETTLEMENT_FILE_INVALID', `结算文件超过 ${maxSettlementRows.toLocaleString('en-US')} 行，请按月拆分后分别导入`)
}

/** CSV or xlsx, told from the bytes: xlsx is a zip archive. */
export function settlementFileKind(bytes: Buffer): SettlementFileKind {
  return bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) ? 'xlsx' : 'csv'
}
