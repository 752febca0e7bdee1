import ExcelJS from 'exceljs'
import type { CaseKind, CaseOutcome, CaseStatus, LegalCategory, LegalExport, QuestionStatus } from '../../src/shared/api'
import { caseKindNames, caseOutcomeNames, caseStatusNames, legalCategoryNames, questionStatusNames } from '../../src/shared/api/legal-common'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { addSheet, storeWorkbook } from '../files/workbook'
import { audit } from '../sql'

interface QuestionRow {
  id: number
  category: LegalCategory
  title: string
  body: string
  anonymous: boolean
  status: QuestionStatus
  lawyer: string | null
  asked_at: Date
  first_response_at: Date | null
  rating: number | null
  rating_comment: string | null
  closed_at: Date | null
  case_kind: CaseKind | null
  case_status: CaseStatus | null
  case_outcome: CaseOutcome | null
}

interface MessageRow {
  question_id: number
  author_side: 'member' | 'lawyer'
  body: string
  created_at: Date
}

/** Shanghai wall-clock time, as the app shows it. */
const timeText = (at: Date | null) =>
  at ? at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }) : ''

/**
 * 导出我的咨询 (issue 10 §7): the caller's own questions with their threads and case status, as a
 * workbook only they may read. Every row is selected by the caller's user id as asker; lawyers
 * appear by display name only. The export is audited.
 */
export async function exportMyQuestions(deps: Deps, caller: Caller): Promise<LegalExport> {
  const { db } = deps
  const questions = await db.query<QuestionRow>(
    `SELECT q.id, q.category, q.title, q.body, q.anonymous, q.status, lu.nickname AS lawyer, q.asked_at, q.first_response_at,
            q.rating, q.rating_comment, q.closed_at, c.kind AS case_kind, c.status AS case_status, c.outcome AS case_outcome
       FROM legal_question q
       LEFT JOIN app_user lu ON lu.id = q.lawyer_user_id
       LEFT JOIN legal_case c ON c.question_id = q.id
      WHERE q.asker_user_id = $1
      ORDER BY q.id`,
    [caller.userId],
  )
  const messages = await db.query<MessageRow>(
    `SELECT m.question_id, m.author_side, m.body, m.created_at
       FROM legal_message m JOIN legal_question q ON q.id = m.question_id
      WHERE q.asker_user_id = $1
      ORDER BY m.question_id, m.id`,
    [caller.userId],
  )
  const book = new ExcelJS.Workbook()
  addSheet(
    book,
    '我的咨询',
    [
      { header: '咨询编号', width: 10 }, { header: '类别', width: 12 }, { header: '标题', width: 30 }, { header: '问题描述', width: 60 },
      { header: '匿名', width: 6 }, { header: '状态', width: 8 }, { header: '承办律师', width: 12 }, { header: '提问时间', width: 18 },
      { header: '首次答复时间', width: 18 }, { header: '结束时间', width: 18 }, { header: '评价（星）', width: 10 }, { header: '评价内容', width: 30 },
      { header: '线下帮助', width: 14 }, { header: '案件状态', width: 10 }, { header: '处理结果', width: 14 },
    ],
    questions.map((q) => [
      q.id, legalCategoryNames[q.category], q.title, q.body, q.anonymous ? '是' : '否', questionStatusNames[q.status], q.lawyer ?? '',
      timeText(q.asked_at), timeText(q.first_response_at), timeText(q.closed_at), q.rating ?? '', q.rating_comment ?? '',
      q.case_kind ? caseKindNames[q.case_kind] : '', q.case_status ? caseStatusNames[q.case_status] : '', q.case_outcome ? caseOutcomeNames[q.case_outcome] : '',
    ]),
  )
  addSheet(
    book,
    '对话记录',
    [{ header: '咨询编号', width: 10 }, { header: '时间', width: 18 }, { header: '发言', width: 8 }, { header: '内容', width: 80 }],
    messages.map((m) => [m.question_id, timeText(m.created_at), m.author_side === 'member' ? '我' : '律师', m.body]),
  )
  const exported = await storeWorkbook(deps, caller, book, { purpose: 'legal_export', name: '我的法律咨询.xlsx' })
  await audit(db, {
    actor: caller.userId,
    action: 'legal.myQuestions.export',
    targetType: 'app_user',
    targetIds: [caller.userId],
    detail: { file: exported.fileId, questions: questions.length, messages: messages.length },
  })
  return exported
}
