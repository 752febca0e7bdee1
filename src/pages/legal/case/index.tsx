import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import { caseKindNames, caseOutcomeNames, caseStatusNames, legalCategoryNames, questionStatusNames } from '../../../shared/legal/names'
import type { CaseDetail, CaseOutcome, CaseStatus } from '../../../shared/api'
import { caseNoteMax } from '../../../shared/legal/case-rules'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { dateTimeText } from '../../../utils/time'
import { askerText } from '../cases/asker-text'
import './index.scss'

type Step = Exclude<CaseStatus, 'submitted'>
/** The open dialog: a step (closing with its outcome) or a plain note. */
type Sheet = { to: Step; outcome: CaseOutcome | null } | 'note' | null

const stepText: Record<Step, string> = { accepted: '受理', in_progress: '开始处理', closed: '结案' }
const stepPlaceholder: Record<Step, string> = {
  accepted: '例如：已受理，将于三个工作日内电话联系您',
  in_progress: '例如：已指派援助律师，正在准备仲裁材料',
  closed: '例如：双方达成调解协议，公司已补发工资',
}
const outcomes = Object.keys(caseOutcomeNames) as CaseOutcome[]

function Facts({ c }: { c: CaseDetail }) {
  return (
    <View className='legal-case__card'>
      <View className='legal-case__head'>
        <Text className='legal-case__kind'>{caseKindNames[c.kind]}</Text>
        <Text className={cx('legal-case__status', `legal-case__status--${c.status}`)}>
          {caseStatusNames[c.status]}
          {c.outcome ? ` · ${caseOutcomeNames[c.outcome]}` : ''}
        </Text>
      </View>
      <View className='legal-case__facts'>
        <Text>承办区县：{c.county}</Text>
        <Text>
          转交律师：{c.handedOffBy} · {dateTimeText(c.createdAt)}
        </Text>
        {c.acceptedAt && <Text>受理时间：{dateTimeText(c.acceptedAt)}</Text>}
        {c.closedAt && <Text>结案时间：{dateTimeText(c.closedAt)}</Text>}
      </View>
    </View>
  )
}

function Asker({ c }: { c: CaseDetail }) {
  return (
    <View className='legal-case__card legal-case__asker'>
      <Text className='legal-case__title'>咨询人</Text>
      <Text className='legal-case__line'>{askerText(c.asker)}</Text>
      {c.contact ? (
        <View className='legal-case__contact'>
          <Text>姓名：{c.contact.name}</Text>
          <Text>联系电话：{c.contact.phone}</Text>
          <Text className='legal-case__muted'>咨询人已同意向服务中心提供联系方式；本次查看已记录。</Text>
        </View>
      ) : (
        <Text className='legal-case__muted'>咨询人尚未同意提供联系方式。同意后，这里会显示其姓名和联系电话。</Text>
      )}
    </View>
  )
}

/**
 * 案件详情 (legal_admin): the lawyer's summary, the question, who asked (their contact details only
 * once they agreed), the notes, and the next steps: 受理 → 开始处理 → 结案 with an outcome. Each step
 * carries a note the member reads.
 */
export default function LegalCasePage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const detail = useResource(`legal-case:${id}`, () => api.legal.caseDetail({ id }), { enabled: valid })
  const [sheet, setSheet] = useState<Sheet>(null)
  usePullToRefresh(() => detail.reload())

  const after = async (toast: string) => {
    setSheet(null)
    await detail.reload()
    void Taro.showToast({ title: toast, icon: 'none', duration: 2500 })
  }
  const startStep = async (to: Step) => {
    if (to !== 'closed') {
      setSheet({ to, outcome: null })
      return
    }
    try {
      const picked = await Taro.showActionSheet({ itemList: outcomes.map((o) => caseOutcomeNames[o]) })
      setSheet({ to, outcome: outcomes[picked.tapIndex] })
    } catch {
      // The sheet was dismissed: nothing chosen.
    }
  }

  if (!detail.data) {
    return (
      <PageShell className='legal-case'>
        {!valid ? (
          <PageState kind='error' message='案件链接无效' />
        ) : detail.error ? (
          <LoadFailure error={detail.error} onRetry={() => void detail.reload()} />
        ) : (
          <PageState kind='loading' />
        )}
      </PageShell>
    )
  }
  const c = detail.data
  const steps = c.can.advanceTo.filter((to, i) => i === 0 || to === 'closed')
  const step = sheet !== null && sheet !== 'note' ? sheet : null
  return (
    <PageShell className='legal-case'>
      <Facts c={c} />
      <Asker c={c} />
      <View className='legal-case__card'>
        <Text className='legal-case__title'>律师转交摘要</Text>
        <Text className='legal-case__body legal-case__summary'>{c.summary}</Text>
      </View>
      <View className='legal-case__card'>
        <Text className='legal-case__title'>咨询内容</Text>
        <Text className='legal-case__line'>
          {legalCategoryNames[c.category]} · {questionStatusNames[c.question.status]} · {dateTimeText(c.question.askedAt)}
        </Text>
        <Text className='legal-case__question-title'>{c.title}</Text>
        <Text className='legal-case__body'>{c.question.body}</Text>
        <Text className='legal-case__link' onClick={() => void openPage(withQuery(routes.legalQuestion, { id: c.questionId }))}>
          查看咨询对话 ›
        </Text>
      </View>
      <View className='legal-case__card'>
        <Text className='legal-case__title'>办理记录</Text>
        {c.notes.length === 0 && <Text className='legal-case__muted'>暂无办理记录</Text>}
        {c.notes.map((n) => (
          <View key={n.id} className='legal-case__note'>
            <Text className='legal-case__note-meta'>
              {dateTimeText(n.at)} · {n.author} · {caseStatusNames[n.status]}
            </Text>
            <Text className='legal-case__body'>{n.body}</Text>
          </View>
        ))}
      </View>
      <View className='legal-case__actions'>
        <Button className='legal-case__add-note' onClick={() => setSheet('note')}>
          添加备注
        </Button>
        {steps.map((to) => (
          <Button key={to} className={`legal-case__step legal-case__step--${to}`} type='primary' onClick={() => void startStep(to)}>
            {stepText[to]}
          </Button>
        ))}
      </View>
      <PromptDialog
        className='legal-case__step-dialog'
        visible={step !== null}
        title={step ? stepText[step.to] : ''}
        subject={step?.outcome ? `处理结果：${caseOutcomeNames[step.outcome]}` : `${caseKindNames[c.kind]} · ${c.county}`}
        label='办理说明'
        hint='咨询人会收到这段说明'
        multiline
        maxLength={caseNoteMax}
        placeholder={step ? stepPlaceholder[step.to] : ''}
        confirmText={step ? `确认${stepText[step.to]}` : '确认'}
        validate={(note) => (note.length < 2 ? `请填写办理说明（2–${caseNoteMax} 字）` : null)}
        onSubmit={async (note) => {
          if (!step) return
          await api.legal.advanceCase({ caseId: c.id, to: step.to, outcome: step.outcome, note })
          await after(`已${stepText[step.to]}，已通知咨询人`)
        }}
        onClose={() => setSheet(null)}
      />
      <PromptDialog
        className='legal-case__note-dialog'
        visible={sheet === 'note'}
        title='添加备注'
        label='备注'
        hint='仅服务中心可见，不通知咨询人'
        multiline
        maxLength={caseNoteMax}
        placeholder='例如：已电话联系当事人，约定周三面谈'
        confirmText='保存'
        validate={(body) => (body.length < 2 ? `请填写备注（2–${caseNoteMax} 字）` : null)}
        onSubmit={async (body) => {
          await api.legal.addCaseNote({ caseId: c.id, body })
          await after('备注已保存')
        }}
        onClose={() => setSheet(null)}
      />
    </PageShell>
  )
}
