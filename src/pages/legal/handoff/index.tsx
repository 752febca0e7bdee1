import { Button } from '@nutui/nutui-react-taro'
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useLeaveGuard } from '../../../hooks/use-leave-guard'
import { setLeaveGuard } from '../../../platform/leave-guard'
import { routes, withQuery } from '../../../routes'
import { caseKindNames } from '../../../shared/legal/names'
import type { CaseKind } from '../../../shared/api'
import { handOffSummaryMax } from '../../../shared/legal/case-rules'
import { redirectPage } from '../../../utils/navigate'
import './index.scss'

const kindOptions = (Object.keys(caseKindNames) as CaseKind[]).map((value) => ({ value, label: caseKindNames[value] }))

const kindHelp: Record<CaseKind, string> = {
  legal_aid: '由区县法律援助机构指派律师代理仲裁或诉讼，适合需要代写文书、出庭的情形。',
  mediation: '由区县劳动争议调解组织约双方调解，适合双方愿意协商解决的情形。',
}

/**
 * 转交线下帮助 (lawyer): the question needs help the thread cannot give. The lawyer picks 法律援助 or
 * 劳动争议调解 and writes a summary for the county's service centre; the question is marked as needing
 * offline help and the county's legal_admin follows the case.
 */
export default function HandoffPage() {
  const questionId = Number(useRouter().params.questionId)
  const valid = Number.isInteger(questionId) && questionId > 0
  const [kind, setKind] = useState<CaseKind | null>(null)
  const [summary, setSummary] = useState('')
  const length = Array.from(summary.trim()).length
  useLeaveGuard(kind !== null || summary.trim() !== '', '转交内容尚未提交，离开后将丢失。')

  const submit = useAction(async () => {
    if (!kind) {
      void Taro.showToast({ title: '请选择转交类型', icon: 'none' })
      return
    }
    if (length < 10) {
      void Taro.showToast({ title: '请写明案情摘要（至少 10 个字）', icon: 'none' })
      return
    }
    const { confirm } = await Taro.showModal({
      title: `转交${caseKindNames[kind]}`,
      content: '转交后由咨询人所在区县的法律服务管理员跟进，咨询人会收到通知。每个咨询只能转交一次。',
      confirmText: '确认转交',
    })
    if (!confirm) return
    await api.legal.handOff({ questionId, kind, summary: summary.trim() })
    // Handed off: leaving now loses nothing.
    setLeaveGuard(null)
    void Taro.showToast({ title: `已转交${caseKindNames[kind]}`, icon: 'none', duration: 2500 })
    await redirectPage(withQuery(routes.legalQuestion, { id: questionId }))
  })

  if (!valid) {
    return (
      <PageShell className='legal-handoff'>
        <PageState kind='error' message='咨询链接无效' />
      </PageShell>
    )
  }
  return (
    <PageShell className='legal-handoff'>
      <View className='legal-handoff__card'>
        <Text className='legal-handoff__intro'>
          咨询需要线下帮助时，转交咨询人所在区县的服务中心办理。咨询人同意后，服务中心才能看到其姓名和联系电话。
        </Text>
        <FormField label='转交类型' required hint={kind ? kindHelp[kind] : undefined}>
          <ChoiceChips className='legal-handoff__kind' options={kindOptions} value={kind} onChange={setKind} />
        </FormField>
        <FormField label='案情摘要' required hint='写给服务中心：争议事实、诉求和已给出的法律意见；不必写咨询人的姓名和电话'>
          <Textarea
            className='form-field__textarea legal-handoff__summary'
            value={summary}
            maxlength={handOffSummaryMax}
            placeholder='例如：当事人被拖欠三个月工资约两万元，多次催讨无果，建议申请劳动仲裁。'
            onInput={(e) => setSummary(e.detail.value)}
          />
          <Text className='legal-handoff__count'>
            {length}/{handOffSummaryMax}
          </Text>
        </FormField>
      </View>
      <View className='legal-handoff__actions'>
        <Button className='legal-handoff__submit' type='primary' block loading={submit.busy} disabled={submit.busy} onClick={() => void submit.run()}>
          转交
        </Button>
      </View>
    </PageShell>
  )
}
