import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api, errorText } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { openDocument } from '../../../platform/open-document'
import { routes, withQuery } from '../../../routes'
import type { QuestionImportResult } from '../../../shared/api'
import { quizLimits } from '../../../shared/quiz/names'
import { redirectPage } from '../../../utils/navigate'
import { chooseForUpload, startUpload } from '../../../utils/upload-file'
import './index.scss'

type Step = { step: 'none' } | { step: 'uploading'; name: string; sent: number; size: number } | { step: 'importing'; name: string } | { step: 'done'; name: string; result: QuestionImportResult }

const columnsHelp = ['题型：单选题、多选题或判断题', '题干，选项A 至 选项F（判断题不填选项）', '答案：如 B、AC，判断题填「正确」或「错误」', '解析、标签（顿号分隔）、难度（容易/中等/困难）']

/**
 * 导入题目 (course_editor): download the template, upload a filled xlsx, and import it whole. A
 * sheet with bad rows imports nothing: every bad row is listed with its column and what to fix.
 */
export default function QuizImportPage() {
  const bankId = Number(useRouter().params.bankId ?? 0)
  const bank = useResource(`quiz-bank:${bankId}`, () => api.quiz.bankDetail({ bankId }))
  const [state, setState] = useState<Step>({ step: 'none' })
  const requestId = useRequestId()

  const template = useAction(async () => {
    const file = await api.quiz.importTemplate({})
    await openDocument(file.readUrl.url, 'xlsx')
  })

  const choose = async () => {
    const [file] = await chooseForUpload('question_sheet', 1)
    if (!file) return
    setState({ step: 'uploading', name: file.name, sent: 0, size: file.size })
    try {
      const stored = await startUpload('question_sheet', file, (sent) => setState({ step: 'uploading', name: file.name, sent, size: file.size })).done
      setState({ step: 'importing', name: file.name })
      const input = { bankId, fileId: stored.id }
      const result = await api.quiz.importQuestions({ ...input, requestId: requestId.idFor(input) })
      requestId.reset()
      setState({ step: 'done', name: file.name, result })
      if (result.status === 'done') void Taro.showToast({ title: `已导入 ${result.importedCount} 题`, icon: 'success' })
    } catch (error) {
      setState({ step: 'none' })
      void Taro.showModal({ title: '无法导入', content: errorText(error), showCancel: false })
    }
  }

  const busy = state.step === 'uploading' || state.step === 'importing'
  return (
    <PageShell className='quiz-import'>
      {bank.status === 'loading' && <PageState kind='loading' />}
      {bank.error && <LoadFailure error={bank.error} onRetry={() => void bank.reload()} />}
      {bank.data && (
        <>
          <View className='quiz-import__card'>
            <Text className='quiz-import__title'>导入到「{bank.data.title}」</Text>
            <Text className='quiz-import__hint'>
              使用导入模板填写，第一行为表头，每行一题，一次最多 {quizLimits.importMaxRows} 行。任何一行有误时整表不导入，请按下方提示逐行修改后重新上传。
            </Text>
            {columnsHelp.map((line) => (
              <Text key={line} className='quiz-import__column'>
                · {line}
              </Text>
            ))}
            <Button className='quiz-import__template' fill='outline' loading={template.busy} onClick={() => void template.run()}>
              下载导入模板
            </Button>
          </View>
          <View className='quiz-import__card'>
            <Button className='quiz-import__choose' type='primary' block loading={busy} disabled={busy} onClick={() => void choose()}>
              {busy ? '正在导入…' : '选择 Excel 文件并导入'}
            </Button>
            {state.step === 'uploading' && (
              <Text className='quiz-import__progress'>
                正在上传「{state.name}」 {Math.floor((state.sent / Math.max(state.size, 1)) * 100)}%
              </Text>
            )}
            {state.step === 'importing' && <Text className='quiz-import__progress'>正在检查「{state.name}」的每一行…</Text>}
          </View>
          {state.step === 'done' && <ImportOutcome result={state.result} name={state.name} onBack={() => void redirectPage(withQuery(routes.quizBank, { id: bankId }))} />}
        </>
      )}
    </PageShell>
  )
}

function ImportOutcome({ result, name, onBack }: { result: QuestionImportResult; name: string; onBack: () => void }) {
  if (result.status === 'done') {
    return (
      <View className='quiz-import__card quiz-import__outcome quiz-import__outcome--done'>
        <Text className='quiz-import__outcome-title'>导入成功</Text>
        <Text>
          「{name}」共 {result.rowCount} 行，已全部导入 {result.importedCount} 题。
        </Text>
        <Button type='primary' block onClick={onBack}>
          查看题库
        </Button>
      </View>
    )
  }
  return (
    <View className='quiz-import__card quiz-import__outcome quiz-import__outcome--failed'>
      <Text className='quiz-import__outcome-title'>未导入：{result.errorCount} 处错误</Text>
      <Text className='quiz-import__hint'>
        「{name}」共 {result.rowCount} 行，以下各行有误，整表未导入任何题目。修改后请重新上传。
        {result.errorCount > result.errors.length ? `（仅列出前 ${result.errors.length} 处）` : ''}
      </Text>
      <View className='quiz-import__errors'>
        {result.errors.map((e, i) => (
          <View key={i} className='quiz-import__error'>
            <Text className='quiz-import__error-row'>第 {e.row} 行</Text>
            <Text className='quiz-import__error-column'>{e.column ?? '整行'}</Text>
            <Text className='quiz-import__error-message'>{e.message}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
