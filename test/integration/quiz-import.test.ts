/**
 * 题库导入 (issue 12 §3): an editor's xlsx (built here with exceljs, uploaded through the file
 * service) imported whole; every bad row reported with its column and nothing written; a sheet
 * over the row limit refused whole; retries answer the first result; the template imports as is.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { CellValue } from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput, ActionName, ActionOutput } from '../../src/shared/api'
import type { ApiResult } from '../../src/shared/errors'
import { xlsxType } from '../../src/shared/file-purposes'
import { quizLimits } from '../../src/shared/quiz/names'
import { dispatch } from '../../server/action'
import { loadCaller } from '../../server/caller'
import type { Caller } from '../../server/caller'
import type { Env } from '../../server/env'
import { claimTicket, completeUpload, issueTicket } from '../../server/files/upload'
import { registry } from '../../server/registry'
import { openTestApp, tokenFor } from '../support/app'
import type { TestApp } from '../support/app'
import { insertBank } from '../support/course-fixtures'
import { testEnv } from '../support/env'

let app: TestApp
let env: Env
let dataDir: string
let editor: number
const deps = () => ({ db: app.db, env })

async function call<A extends ActionName<'quiz'>>(as: number, action: A, input: ActionInput<'quiz', A>): Promise<ApiResult<ActionOutput<'quiz', A>>> {
  return dispatch(deps(), registry, 'quiz', { action, input }, { kind: 'token', token: tokenFor(as) }) as Promise<ApiResult<ActionOutput<'quiz', A>>>
}
async function ok<A extends ActionName<'quiz'>>(as: number, action: A, input: ActionInput<'quiz', A>): Promise<ActionOutput<'quiz', A>> {
  const result = await call(as, action, input)
  if (!result.ok) throw new Error(`quiz.${action} 失败：${result.error.code} ${result.error.message}`)
  return result.data
}
async function fail<A extends ActionName<'quiz'>>(as: number, action: A, input: ActionInput<'quiz', A>) {
  const result = await call(as, action, input)
  if (result.ok) throw new Error(`quiz.${action} 本应失败，却成功了`)
  return result.error
}

/** Uploads bytes as a question_sheet through the file service, as the host's POST /upload does. */
async function upload(userId: number, bytes: Buffer): Promise<number> {
  const caller = (await loadCaller(app.db, userId)) as Caller
  const ticket = await issueTicket(deps(), caller, { purpose: 'question_sheet', name: '题库.xlsx', size: bytes.length, type: xlsxType })
  const stored = await completeUpload(deps(), await claimTicket(deps(), ticket.ticket), bytes)
  return stored.id
}

const header = ['题型', '题干', '选项A', '选项B', '选项C', '选项D', '答案', '解析', '标签', '难度']

async function xlsx(rows: CellValue[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('题库')
  sheet.addRow(header)
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

const good: CellValue[][] = [
  ['单选题', '中共一大在哪里闭幕？', '上海', '嘉兴南湖', '北京', '', 'B', '南湖红船。', '党史、红船精神', '容易'],
  ['多选', '红船精神包括哪些？', '首创精神', '奋斗精神', '奉献精神', '保守精神', 'A、B、C', '三种精神。', '红船精神', '中等'],
  ['判断题', '会员有权提出批评建议。', '', '', '', '', '正确', '民主权利。', '工会知识', ''],
]

let serial = 0
const requestId = () => `quiz-import-${Date.now()}-${(serial += 1)}`

beforeAll(async () => {
  app = await openTestApp()
  dataDir = mkdtempSync(join(tmpdir(), 'jx-quiz-import-'))
  env = { ...testEnv, dataDir }
  editor = app.users['course-editor']
})
afterAll(async () => {
  await app?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

async function newBank(): Promise<number> {
  return (await insertBank(app.db, { title: '导入题库', createdBy: editor, questions: [] })).bankId
}

describe('importing a question sheet', () => {
  it('imports a good sheet whole, with kinds, answers, tags and difficulty read; a retry answers the same result', async () => {
    const bankId = await newBank()
    const fileId = await upload(editor, await xlsx(good))
    const id = requestId()
    const result = await ok(editor, 'importQuestions', { bankId, fileId, requestId: id })
    expect(result).toMatchObject({ status: 'done', rowCount: 3, importedCount: 3, errorCount: 0, errors: [] })
    expect(await ok(editor, 'importQuestions', { bankId, fileId, requestId: id })).toEqual(result)
    const questions = await app.db.query('SELECT kind, options, answer, tags, difficulty FROM question WHERE bank_id = $1 ORDER BY id', [bankId])
    expect(questions).toEqual([
      { kind: 'single', options: ['上海', '嘉兴南湖', '北京'], answer: [1], tags: ['党史', '红船精神'], difficulty: 1 },
      { kind: 'multiple', options: ['首创精神', '奋斗精神', '奉献精神', '保守精神'], answer: [0, 1, 2], tags: ['红船精神'], difficulty: 2 },
      { kind: 'judge', options: ['正确', '错误'], answer: [0], tags: ['工会知识'], difficulty: 2 },
    ])
    const [bank] = await app.db.query<{ question_count: number }>('SELECT question_count FROM question_bank WHERE id = $1', [bankId])
    expect(bank.question_count).toBe(3)
    // The file now belongs to the import: it cannot be imported a second time under another request.
    expect((await fail(editor, 'importQuestions', { bankId, fileId, requestId: requestId() })).code).toBe('FILE_IN_USE')
  })

  it('reports every bad row with its column and imports nothing', async () => {
    const bankId = await newBank()
    const rows: CellValue[][] = [
      good[0],
      ['单选题', '缺少答案的题', '甲', '乙', '', '', '', '', '', '容易'],
      ['单选题', '选项重复的题', '甲', '乙', '甲', '', 'A', '', '', '容易'],
      ['多选题', '答案不在选项中的题', '甲', '乙', '丙', '', 'AE', '', '', '中等'],
      ['填空题', '不认识的题型', '', '', '', '', 'A', '', '', ''],
      ['单选题', '难度写错的题', '甲', '乙', '', '', 'A', '', '', '很难'],
      ['单选题', '单选两个答案', '甲', '乙', '', '', 'AB', '', '', ''],
      ['判断题', '判断题答案写成字母 C', '', '', '', '', 'C', '', '', ''],
      ['单选题', '中共一大在哪里闭幕？', '上海', '嘉兴南湖', '', '', 'B', '', '', ''],
      ['单选题', '选项有空缺', '甲', '', '丙', '', 'A', '', '', ''],
      ['单选题', 'x'.repeat(quizLimits.stemMaxLength + 1), '甲', '乙', '', '', 'A', '', '', ''],
    ]
    const fileId = await upload(editor, await xlsx(rows))
    const before = await app.snapshot()
    const result = await ok(editor, 'importQuestions', { bankId, fileId, requestId: requestId() })
    expect(result.status).toBe('failed')
    expect(result.importedCount).toBe(0)
    const byRow = new Map<number, { column: string | null; message: string }[]>()
    for (const e of result.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e])
    // Excel rows: the header is row 1, so the sheet's data starts at row 2; the good row (2) has none.
    expect([...byRow.keys()].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(byRow.get(3)).toEqual([{ row: 3, column: '答案', message: '缺少答案' }])
    expect(byRow.get(4)?.[0]).toMatchObject({ column: '选项', message: expect.stringContaining('重复') })
    expect(byRow.get(5)?.[0]).toMatchObject({ column: '答案', message: expect.stringContaining('不在选项之中') })
    expect(byRow.get(6)?.[0]).toMatchObject({ column: '题型' })
    expect(byRow.get(7)?.[0]).toMatchObject({ column: '难度' })
    expect(byRow.get(8)?.[0]).toMatchObject({ column: '答案', message: expect.stringContaining('只能有一个') })
    expect(byRow.get(9)?.[0]).toMatchObject({ column: '答案' })
    expect(byRow.get(10)?.[0]).toMatchObject({ column: '题干', message: expect.stringContaining('第 2 行') })
    expect(byRow.get(11)?.[0]).toMatchObject({ column: '选项B' })
    expect(byRow.get(12)?.[0]).toMatchObject({ column: '题干', message: expect.stringContaining('500') })
    const after = await app.snapshot()
    expect(after).toEqual(before)
    const [{ n }] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM question WHERE bank_id = $1', [bankId])
    expect(n).toBe(0)
  })

  it(`refuses a sheet of 10,000 rows whole (more than ${quizLimits.importMaxRows})`, async () => {
    const bankId = await newBank()
    const rows = Array.from({ length: 10_000 }, (_, i) => ['单选题', `第${i + 1}题`, '甲', '乙', '', '', 'A', '', '', '容易'])
    const fileId = await upload(editor, await xlsx(rows))
    const error = await fail(editor, 'importQuestions', { bankId, fileId, requestId: requestId() })
    expect(error.code).toBe('QUIZ_IMPORT_TOO_MANY_ROWS')
    const [{ n }] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM question_import WHERE bank_id = $1', [bankId])
    expect(n).toBe(0)
  })

  it('refuses a file that is not a sheet, a sheet without the columns, and another editor\'s file', async () => {
    const bankId = await newBank()
    const noColumns = new ExcelJS.Workbook()
    noColumns.addWorksheet('x').addRow(['姓名', '电话'])
    const fileId = await upload(editor, Buffer.from(await noColumns.xlsx.writeBuffer()))
    expect((await fail(editor, 'importQuestions', { bankId, fileId, requestId: requestId() })).code).toBe('QUIZ_IMPORT_COLUMNS')
    const county = app.users['county-course-editor']
    const countyBank = (await insertBank(app.db, { title: '区题库', branchName: '秀洲区总工会', createdBy: county, questions: [] })).bankId
    const mine = await upload(editor, await xlsx(good))
    expect((await fail(county, 'importQuestions', { bankId: countyBank, fileId: mine, requestId: requestId() })).code).toBe('FILE_NOT_YOURS')
    expect((await fail(county, 'importQuestions', { bankId, fileId: mine, requestId: requestId() })).code).toBe('OUT_OF_SCOPE')
    // A sheet the file service accepted whose stored bytes exceljs cannot open (damaged in storage).
    const broken = await upload(editor, await xlsx([['单选题', '损坏的表格', '甲', '乙', '', '', 'A', '', '', '']]))
    const [brokenFile] = await app.db.query<{ blob_ref: string }>('SELECT blob_ref FROM file WHERE id = $1', [broken])
    writeFileSync(join(dataDir, 'files', brokenFile.blob_ref), Buffer.from('PK\u0003\u0004 not a zip'))
    expect((await fail(editor, 'importQuestions', { bankId, fileId: broken, requestId: requestId() })).code).toBe('QUIZ_IMPORT_UNREADABLE')
  })

  it('makes a template that imports as it is', async () => {
    const bankId = await newBank()
    const template = await ok(editor, 'importTemplate', {})
    expect(template.name).toBe('题库导入模板.xlsx')
    const result = await ok(editor, 'importQuestions', { bankId, fileId: template.fileId, requestId: requestId() })
    expect(result).toMatchObject({ status: 'done', importedCount: 3 })
  })
})
