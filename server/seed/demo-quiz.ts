import type { SaveQuestionInput } from '../../src/shared/api/quiz-bank'
import { loadCaller } from '../caller'
import type { Db } from '../db'
import { saveBank } from '../quiz/banks'
import { saveQuestion } from '../quiz/questions'
import { publishQuiz, saveQuiz } from '../quiz/quizzes'

/**
 * The demo 答题: a city bank of 红船精神 and 工会知识 questions, with a published practice quiz and a
 * published graded one, built the way the course editor builds them (each create with its request
 * id, so a half-finished first start is completed, not doubled). Run from server/start.ts only.
 */

type DemoQuestion = Omit<SaveQuestionInput, 'bankId' | 'id' | 'requestId'>

const demoQuestions: DemoQuestion[] = [
  { kind: 'single', stem: '中国共产党第一次全国代表大会最后一天的会议在哪里举行？', options: ['上海望志路', '嘉兴南湖的游船上', '北京大学红楼', '武汉'], answer: [1], explanation: '1921 年 7 月底，中共一大从上海转移到嘉兴南湖，在一条游船上完成最后一天的议程。', tags: ['党史', '红船精神'], difficulty: 1 },
  { kind: 'multiple', stem: '红船精神包括以下哪些内容？', options: ['开天辟地、敢为人先的首创精神', '坚定理想、百折不挠的奋斗精神', '立党为公、忠诚为民的奉献精神', '安于现状、因循守旧'], answer: [0, 1, 2], explanation: '红船精神是首创精神、奋斗精神和奉献精神。', tags: ['红船精神'], difficulty: 2 },
  { kind: 'judge', stem: '红船精神是中国革命精神之源。', options: [], answer: [0], explanation: '红船精神被誉为中国革命精神之源。', tags: ['红船精神'], difficulty: 1 },
  { kind: 'single', stem: '红船精神于哪一年首次公开提出？', options: ['1991 年', '2005 年', '2012 年', '2021 年'], answer: [1], explanation: '2005 年 6 月 21 日，《光明日报》发表《弘扬“红船精神” 走在时代前列》一文，首次提出红船精神。', tags: ['红船精神'], difficulty: 3 },
  { kind: 'judge', stem: '工会会员有权对工会工作提出批评和建议。', options: [], answer: [0], explanation: '这是《中国工会章程》规定的会员权利之一。', tags: ['工会知识'], difficulty: 1 },
  { kind: 'single', stem: '我国工会的性质是什么？', options: ['职工自愿结合的工人阶级群众组织', '政府的职能部门', '企业的管理部门', '行业协会'], answer: [0], explanation: '中国工会是中国共产党领导的职工自愿结合的工人阶级群众组织。', tags: ['工会知识'], difficulty: 1 },
  { kind: 'multiple', stem: '以下哪些属于工会会员享有的权利？', options: ['选举权和被选举权', '对工会工作提出批评和建议', '要求工会维护合法权益', '不缴纳会费也可免除义务'], answer: [0, 1, 2], explanation: '按时缴纳会费是会员的义务，其余三项是会员的权利。', tags: ['工会知识'], difficulty: 2 },
  { kind: 'single', stem: '每年的几月几日是国际劳动节？', options: ['3 月 8 日', '5 月 1 日', '5 月 4 日', '10 月 1 日'], answer: [1], explanation: '5 月 1 日为国际劳动节。', tags: ['工会知识'], difficulty: 1 },
  { kind: 'judge', stem: '用人单位可以随意延长劳动者的工作时间，无需与工会和劳动者协商。', options: [], answer: [1], explanation: '《劳动法》规定，延长工作时间须与工会和劳动者协商，并受时长限制。', tags: ['劳动法'], difficulty: 2 },
  { kind: 'single', stem: '《劳动法》规定，用人单位延长工作时间一般每日不得超过几小时？', options: ['1 小时', '2 小时', '3 小时', '4 小时'], answer: [0], explanation: '一般每日不得超过 1 小时；特殊原因需要的，在保障健康的条件下每日不得超过 3 小时。', tags: ['劳动法'], difficulty: 3 },
]

const rid = (slug: string) => `demo-quiz-${slug}`

/** Answers whether anything was made (false on every start after the first). */
export async function seedDemoQuiz(db: Db): Promise<boolean> {
  const [editorRow] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'course-editor'`)
  const editor = editorRow ? await loadCaller(db, editorRow.id) : null
  const [city] = await db.query<{ id: number }>('SELECT id FROM branch WHERE level = 1')
  if (!editor || !city) return false
  const [done] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM quiz WHERE request_id = ANY($1::text[]) AND status = 'published'", [[rid('practice'), rid('graded')]])
  if (done.n === 2) return false
  const bank = await saveBank(db, editor, { branchId: city.id, title: '红船精神与工会知识题库', description: '红船精神、党史、工会知识和劳动法常识。', requestId: rid('bank') })
  for (const [i, question] of demoQuestions.entries()) await saveQuestion(db, editor, { ...question, bankId: bank.id, requestId: rid(`q${i + 1}`) })
  const quizzes = [
    { slug: 'practice', title: '红船精神每日一练', mode: 'practice' as const, drawRules: [{ count: 5 }], timeLimitSeconds: 300, attemptLimit: null, passPercent: 60 },
    {
      slug: 'graded',
      title: '工会知识测试',
      mode: 'graded' as const,
      drawRules: [{ tags: ['工会知识'], count: 4 }, { tags: ['劳动法'], count: 2 }],
      timeLimitSeconds: 600,
      attemptLimit: 3,
      passPercent: 60,
    },
  ]
  for (const { slug, ...quiz } of quizzes) {
    const saved = await saveQuiz(db, editor, { ...quiz, branchId: city.id, bankId: bank.id, description: '', requestId: rid(slug) })
    const [row] = await db.query<{ status: string }>('SELECT status FROM quiz WHERE id = $1', [saved.id])
    if (row.status === 'draft') await publishQuiz(db, editor, saved.id)
  }
  return true
}
