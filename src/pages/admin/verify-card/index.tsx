import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { api, errorText } from '../../../api'
import { PageShell } from '../../../components/page-shell'
import { dateTimeText } from '../../../utils/time'
import { TokenEntry } from './token-entry'
import './index.scss'

type Outcome =
  | { ok: true; name: string; branchName: string; at: string; replayed: boolean }
  | { ok: false; message: string }

export default function VerifyCardPage() {
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  const verify = async (token: string) => {
    if (busy) return
    setBusy(true)
    setOutcome(null)
    try {
      const member = await api.card.verify({ token })
      setOutcome({ ok: true, name: member.name, branchName: member.branchName, at: member.verifiedAt, replayed: member.replayed })
    } catch (error) {
      setOutcome({ ok: false, message: errorText(error) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className='verify-page'>
      <TokenEntry busy={busy} onToken={(token) => void verify(token)} />
      {outcome?.ok === true && (
        <View className='verify-result verify-result--ok'>
          <Text className='verify-result__title'>✓ 会员身份有效</Text>
          <Text className='verify-result__name'>{outcome.name}</Text>
          <Text className='verify-result__branch'>{outcome.branchName}</Text>
          <Text className='verify-result__time'>核验时间 {dateTimeText(outcome.at)}</Text>
          {outcome.replayed && <Text className='verify-result__message'>该会员码此前已由您核验过一次，以上为首次核验结果</Text>}
        </View>
      )}
      {outcome?.ok === false && (
        <View className='verify-result verify-result--failed'>
          <Text className='verify-result__title'>✗ 核验未通过</Text>
          <Text className='verify-result__message'>{outcome.message}</Text>
        </View>
      )}
    </PageShell>
  )
}
