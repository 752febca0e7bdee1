import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { api, errorText } from '../../../api'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import type { MembershipStatus } from '../../../shared/api'
import { MemberStatus, PendingStatus, RejectedStatus } from './application-status'
import { JoinForm } from './join-form'
import './index.scss'

export default function JoinPage() {
  const [status, setStatus] = useState<MembershipStatus | null>(null)
  const [error, setError] = useState('')
  const [resubmitting, setResubmitting] = useState(false)

  const load = useCallback(async () => {
    setError('')
    try {
      setStatus(await api.member.status())
    } catch (err) {
      setError(errorText(err))
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  let body
  if (!status) {
    body = error ? <PageState kind='error' message={error} onRetry={() => void load()} /> : <PageState kind='loading' />
  } else if (status.member) {
    body = <MemberStatus member={status.member} />
  } else if (status.application?.status === 'pending') {
    body = <PendingStatus application={status.application} />
  } else if (status.application?.status === 'rejected' && !resubmitting) {
    body = <RejectedStatus application={status.application} onResubmit={() => setResubmitting(true)} />
  } else {
    body = (
      <JoinForm
        previous={status.application}
        onSubmitted={(application) => {
          setResubmitting(false)
          setStatus({ member: null, application })
          void Taro.showToast({ title: '申请已提交', icon: 'success' })
          void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
        }}
      />
    )
  }

  return <PageShell className='join-page'>{body}</PageShell>
}
