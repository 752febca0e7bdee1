import ExcelJS from 'exceljs'
import type { ExportedFile } from '../../src/shared/api/file'
import type { QuestionImportResult, QuestionImportRowError } from '../../src/shared/api/quiz-bank'
import type { Difficulty, QuestionKind } from '../../src/shared/api/quiz-common'
import { judgeOptions, quizLimits } from '../../src/shared/api/quiz-common'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { AppError } from '../errors'
import { attachFiles } from '../files/attach'
import { fileStoreOf } from '../files/storage'
import { addSheet, storeWorkbook } from '../files/workbook'
import { hasForbiddenCharacters } from '../input-guard'
import { editableBank, recountBank } from './banks'
import { letter, normalizeQuestion } from './questions'
import type { QuestionDraft } from './questions'

/**
 * 题库导入 (issue 12 §3): an editor's xlsx, read with exceljs, all rows or none. Columns are found
 * by their headers (any order): 题型 | 题干 | 选项A..选项H | 答案 | 解析 | 标签 | 难度. Every bad row
 * gets its own errors, naming the column; a sheet longer than importMaxRows is refused whole.
 */

const optionLetters = Array.from({ length: quizLimits.optionsMax }, (_, i) => letter(i))
const requiredHeaders = ['题型', '题干', '答案'] as const
const kindWords: Record<string, QuestionKind> = { 单选: 'single', 单选题: 'single', 多选: 'multiple', 多选题: 'multiple', 判断: 'judge', 判断题: 'judge' }
const difficultyWords: Record<string, Difficulty> = { 容易: 1, 简单: 1, '1': 1, 中等: 2, 一般: 2, '2': 2, 困难: 3, 难: 3, '3': 3 }
const judgeWords: Record<string, number> = { 正确: 0, 对: 0, '√': 0, T: 0, A: 0, 错误: 1, 错: 1, '×': 1, F: 1, B: 1 }
/** Enough for the page to show what to fix; the count says how many more there are. */
const maxReportedErrors = 200

interface ParsedSheet {
  rowCount: number
  questions: QuestionDraft[]
  errors: QuestionImportRowError[]
}

function cellText(row: ExcelJS.Row, column: number | undefined): string {
  if (column === undefined) return ''
  return row.getCell(column).text.trim()
}

function isBlank(row: ExcelJS.Row): boolean {
  let blank = true
  row.eachCell((cell) => {
    if (cell.text.trim() !== '') blank = false
  })
  return blank
}

/** Reads the first worksheet: header on its first non-blank row, then one question per non-blank row. */
export async function parseQuestionSheet(bytes: Buffer): Promise<ParsedSheet> {
  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(new Uint8Array(bytes).buffer)
  } catch {
    throw new AppError('QUIZ_IMPORT_UNREADABLE')
  }
  const sheet = book.worksheets[0]
  if (!sheet) throw new AppError('QUIZ_IMPORT_UNREADABLE', '表格中没有工作表')
  const rows: ExcelJS.Row[] = []
  sheet.eachRow((row) => {
    if (!isBlank(row)) rows.push(row)
  })
  const header = rows.shift()
  const columns = new Map<string, number>()
  header?.eachCell((cell, col) => columns.set(cell.text.trim().replace(/\s/g, ''), col))
  const missing = requiredHeaders.filter((h) => !columns.has(h))
  if (!header || missing.length) throw new AppError('QUIZ_IMPORT_COLUMNS', `表格缺少列：${missing.join('、') || requiredHeaders.join('、')}，请使用导入模板`)
  if (rows.length > quizLimits.importMaxRows) {
    throw new AppError('QUIZ_IMPORT_TOO_MANY_ROWS', `表格有 ${rows.length} 行题目，一次最多导入 ${quizLimits.importMaxRows} 行，请拆分后分批导入`)
  }
  const errors: QuestionImportRowError[] = []
  const questions: QuestionDraft[] = []
  const stemRows = new Map<string, number>()
  for (const row of rows) {
    const bad = (column: string | null, message: string) => errors.push({ row: row.number, column, message })
    const before = errors.length
    const text = (name: string) => {
      const value = cellText(row, columns.get(name))
      if (hasForbiddenCharacters(value)) {
        bad(name, '含有不可见的控制字符')
        return ''
      }
      return value
    }
    const kindText = text('题型')
    const kind = kindWords[kindText]
    if (!kind) bad('题型', kindText ? `题型「${kindText}」无效，应为单选题、多选题或判断题` : '缺少题型')
    const stem = text('题干')
    if (!stem) bad('题干', '缺少题干')
    else if (stem.length > quizLimits.stemMaxLength) bad('题干', `题干超过 ${quizLimits.stemMaxLength} 字`)
    else if (stemRows.has(stem)) bad('题干', `与第 ${stemRows.get(stem)} 行的题干重复`)
    else stemRows.set(stem, row.number)

    const cells = optionLetters.map((l) => text(`选项${l}`))
    const lastFilled = cells.reduce((last, c, i) => (c ? i : last), -1)
    const options = cells.slice(0, lastFilled + 1)
    if (kind !== 'judge') {
      options.forEach((o, i) => {
        if (!o) bad(`选项${letter(i)}`, `选项${letter(i)}为空，但后面还有选项`)
        else if (o.length > quizLimits.optionMaxLength) bad(`选项${letter(i)}`, `选项${letter(i)}超过 ${quizLimits.optionMaxLength} 字`)
      })
    }

    const answerText = text('答案').toUpperCase()
    let answer: number[] = []
    if (!answerText) bad('答案', '缺少答案')
    else if (kind === 'judge') {
      const value = judgeWords[answerText]
      if (value === undefined) bad('答案', `判断题的答案应为「正确」或「错误」，不是「${answerText}」`)
      else answer = [value]
    } else {
      const letters = answerText.replace(/[\s,，、;；]/g, '')
      if (!/^[A-H]+$/.test(letters)) bad('答案', `答案「${answerText}」无效，请用选项字母，如 A 或 AC`)
      else answer = [...letters].map((l) => l.charCodeAt(0) - 65)
    }

    const explanation = text('解析')
    if (explanation.length > quizLimits.explanationMaxLength) bad('解析', `解析超过 ${quizLimits.explanationMaxLength} 字`)
    const tags = text('标签').split(/[、,，;；\s]+/).filter(Boolean)
    if (tags.length > quizLimits.tagsPerQuestion) bad('标签', `标签不超过 ${quizLimits.tagsPerQuestion} 个`)
    if (tags.some((t) => t.length > quizLimits.tagMaxLength)) bad('标签', `每个标签不超过 ${quizLimits.tagMaxLength} 字`)
    const difficultyText = text('难度')
    const difficulty = difficultyText ? difficultyWords[difficultyText] : 2
    if (!difficulty) bad('难度', `难度「${difficultyText}」无效，应为容易、中等或困难`)

    if (errors.length > before || !kind) continue
    const { draft, problems } = normalizeQuestion({ kind, stem, options: kind === 'judge' ? [...judgeOptions] : options, answer, explanation, tags, difficulty })
    for (const p of problems) bad(p.column, p.message)
    if (!problems.length) questions.push(draft)
  }
  return { rowCount: rows.length, questions, errors }
}

interface ImportRow {
  id: number
  bank_id: number
  requested_by: number
  status: 'done' | 'failed'
  row_count: number
  imported_count: number
  errors: QuestionImportRowError[]
  error_count: number
}

function toResult(r: ImportRow): QuestionImportResult {
  return { importId: r.id, status: r.status, rowCount: r.row_count, importedCount: r.imported_count, errorCount: r.error_count, errors: r.errors }
}

const importColumns = `id, bank_id, requested_by, status, row_count, imported_count,
  jsonb_path_query_array(errors, '$[0 to ${maxReportedErrors - 1}]') AS errors, jsonb_array_length(errors) AS error_count`

async function importByRequest(deps: Deps, caller: Caller, requestId: string): Promise<ImportRow | null> {
  const [row] = await deps.db.query<ImportRow>(`SELECT ${importColumns} FROM question_import WHERE request_id = $1`, [requestId])
  if (row && row.requested_by !== caller.userId) throw new AppError('VALIDATION_FAILED', '请求编号已被使用，请重试')
  return row ?? null
}

interface SheetFileRow {
  owner_user_id: number
  purpose: string
  status: string
  blob_ref: string | null
  record: string | null
}

/**
 * Imports a sheet into a bank. The sheet is read before the transaction; the transaction records
 * the import (done, or failed with every bad row), attaches the file to it, and inserts the
 * questions only when no row is bad. A retry with the same requestId answers the first result.
 */
export async function importQuestions(deps: Deps, caller: Caller, input: { bankId: number; fileId: number; requestId: string }): Promise<QuestionImportResult> {
  const earlier = await importByRequest(deps, caller, input.requestId)
  if (earlier) return toResult(earlier)
  await editableBank(deps.db, caller, input.bankId)
  const [file] = await deps.db.query<SheetFileRow>('SELECT owner_user_id, purpose, status, blob_ref, record FROM file WHERE id = $1', [input.fileId])
  if (!file || file.owner_user_id !== caller.userId) throw new AppError('FILE_NOT_YOURS')
  if (file.purpose !== 'question_sheet') throw new AppError('FILE_WRONG_PURPOSE', '请上传题库导入表格（.xlsx）')
  if (file.status !== 'ready' || !file.blob_ref) throw new AppError('FILE_NOT_READY')
  if (file.record !== null) throw new AppError('FILE_IN_USE', '该表格已导入过，请重新上传')
  const sheet = await parseQuestionSheet(await fileStoreOf(deps.env).get(file.blob_ref))
  const ok = sheet.errors.length === 0
  return deps.db.transaction(async (tx) => {
    await editableBank(tx, caller, input.bankId, true)
    const [made] = await tx.query<ImportRow>(
      `INSERT INTO question_import (bank_id, file_id, requested_by, request_id, status, row_count, imported_count, errors)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (request_id) DO NOTHING RETURNING ${importColumns}`,
      [
        input.bankId,
        input.fileId,
        caller.userId,
        input.requestId,
        ok ? 'done' : 'failed',
        sheet.rowCount,
        ok ? sheet.questions.length : 0,
        JSON.stringify(sheet.errors),
      ],
    )
    // The same request running twice at once: the first one's row is the answer.
    if (!made) {
      const [first] = await tx.query<ImportRow>(`SELECT ${importColumns} FROM question_import WHERE request_id = $1`, [input.requestId])
      return toResult(first)
    }
    await attachFiles(tx, caller, [input.fileId], { purpose: 'question_sheet', record: `question_import:${made.id}` })
    if (ok && sheet.questions.length) {
      await tx.query(
        `INSERT INTO question (bank_id, kind, stem, options, answer, explanation, tags, difficulty, created_by)
         SELECT $1, x ->> 'kind', x ->> 'stem',
                ARRAY(SELECT jsonb_array_elements_text(x -> 'options')),
                ARRAY(SELECT jsonb_array_elements_text(x -> 'answer')::smallint),
                x ->> 'explanation',
                ARRAY(SELECT jsonb_array_elements_text(x -> 'tags')),
                (x ->> 'difficulty')::smallint, $2
           FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(x, n) ORDER BY n`,
        [input.bankId, caller.userId, JSON.stringify(sheet.questions)],
      )
      await recountBank(tx, input.bankId)
    }
    return toResult(made)
  })
}

const templateColumns = [
  { header: '题型', width: 8 },
  { header: '题干', width: 40 },
  ...optionLetters.slice(0, 6).map((l) => ({ header: `选项${l}`, width: 16 })),
  { header: '答案', width: 8 },
  { header: '解析', width: 30 },
  { header: '标签', width: 16 },
  { header: '难度', width: 8 },
]

/** The import template: the header and one example of each kind (importing it as is works). */
export async function importTemplate(deps: Deps, caller: Caller): Promise<ExportedFile> {
  const book = new ExcelJS.Workbook()
  addSheet(book, '题库', templateColumns, [
    ['单选题', '中国共产党第一次全国代表大会在哪里闭幕？', '上海', '嘉兴南湖', '北京', '武汉', '', '', 'B', '中共一大在嘉兴南湖的红船上闭幕。', '红船精神、党史', '容易'],
    ['多选题', '红船精神包括哪些内容？', '开天辟地、敢为人先的首创精神', '坚定理想、百折不挠的奋斗精神', '立党为公、忠诚为民的奉献精神', '闭关自守的保守精神', '', '', 'ABC', '红船精神是首创精神、奋斗精神和奉献精神。', '红船精神', '中等'],
    ['判断题', '工会会员有权对工会工作提出批评和建议。', '', '', '', '', '', '', '正确', '这是会员的民主权利。', '工会知识', '容易'],
  ])
  addSheet(book, '填写说明', [{ header: '说明', width: 90 }], [
    ['题型：单选题、多选题或判断题。题干不超过 500 字。'],
    ['选项：单选、多选题从选项A起依次填写，2 至 8 个（可加列「选项G」「选项H」），选项不能重复；判断题不填选项。'],
    ['答案：单选填一个字母（如 B），多选填两个以上字母（如 AC）；判断题填「正确」或「错误」。'],
    ['标签：用顿号分隔，最多 5 个；难度：容易、中等或困难（不填为中等）。'],
    [`一次最多导入 ${quizLimits.importMaxRows} 行；任何一行有误时整表不导入，请按提示逐行修改后重新上传。`],
  ])
  return storeWorkbook(deps, caller, book, { purpose: 'question_sheet', name: '题库导入模板.xlsx' })
}
