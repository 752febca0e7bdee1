import { Button } from '@nutui/nutui-react-taro'
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { useAction } from '../../../hooks/use-action'
import { useRequestId } from '../../../hooks/use-request-id'
import { datingLimits, reportReasonNames, reportReasons } from '../../../shared/dating/names'
import type { ReportReason } from '../../../shared/dating/names'
import './index.scss'

const options = reportReasons.map((value) => ({ value, label: reportReasonNames[value] }))

function positiveInt(value: string | undefined): number | null {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? n : null
}

/** 举报: the reason and what happened; it goes to the matchmakers over the reported member. */
export default function DatingReportPage() {
  const params = useRouter().params
  const targetId = positiveInt(params.targetId)
  const matchId = positiveInt(params.matchId)
  const [reason, setReason] = useState<ReportReason | null>(null)
  const [detail, setDetail] = useState('')
  const [error, setError] = useState('')
  const [sent, setSent] = useState(false)
  const requestId = useRequestId()

  const submit = useAction(async () => {
    if (!targetId) return
    if (!reason) return setError('请选择举报原因')
    const input = { targetId, reason, detail: detail.trim(), ...(matchId ? { matchId } : {}) }
    await api.dating.report({ ...input, requestId: requestId.idFor(input) })
    requestId.reset()
    setSent(true)
    void Taro.showToast({ title: '已提交，红娘会尽快处理', icon: 'none', duration: 2500 })
  })

  if (!targetId) {
    return (
      <PageShell className='dating-report'>
        <LoadFailure error={{ message: '举报链接无效', notMember: false, code: 'NOT_FOUND' }} onRetry={() => undefined} />
      </PageShell>
    )
  }
  if (sent) {
    return (
      <PageShell className='dating-report'>
        <View className='dating-report__card dating-report__done'>
          <Text className='dating-report__title'>举报已提交</Text>
          <Text className='dating-report__hint'>红娘会核实并处理，处理结果不会告诉对方是谁举报的。如果不想再看到对方，可以在对方的资料页拉黑。</Text>
          <Button className='dating-report__back' block onClick={() => void Taro.navigateBack()}>
            返回
          </Button>
        </View>
      </PageShell>
    )
  }
  return (
    <PageShell className='dating-report'>
      <View className='dating-report__card'>
        <Text className='dating-report__hint'>
          举报会交给所在地区的红娘核实处理，对方不会知道是谁举报的。{matchId ? '你们最近的聊天记录会作为证据提供给红娘。' : ''}每天最多举报 {datingLimits.reportsPerDay} 次。
        </Text>
        <FormField label='举报原因' required error={error}>
          <ChoiceChips
            className='dating-report__reasons'
            options={options}
            value={reason}
            onChange={(value) => {
              setReason(value)
              setError('')
            }}
          />
        </FormField>
        <FormField label='补充说明' hint={`选填，不超过 ${datingLimits.reportDetailMaxLength} 字`}>
          <Textarea
            className='form-field__textarea dating-report__detail'
            value={detail}
            maxlength={datingLimits.reportDetailMaxLength}
            placeholder='发生了什么？例如对方要求转账、发送骚扰信息'
            onInput={(e) => setDetail(e.detail.value)}
          />
        </FormField>
        <Button className='dating-report__submit' type='primary' block loading={submit.busy} onClick={() => void submit.run()}>
          提交举报
        </Button>
      </View>
    </PageShell>
  )
}
