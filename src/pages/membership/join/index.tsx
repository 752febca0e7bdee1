import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { api } from '../../../api'
import { LoadFailure, loadErrorOf } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import type { MembershipStatus } from '../../../shared/api'
import { MemberStatus, PendingStatus, RejectedStatus } from './application-status'
import { JoinForm } from './join-form'
import './index.scss'

export default function JoinPage() {
  const [status, setStatus] = useState<MembershipStatus | null>(null)
  const [error, setError] = useState<LoadError | null>(null)
  const [resubmitting, setResubmitting] = useState(false)

  const load = useCallback(async () => {
    setError(null)
    try {
      setStatus(await api.member.status())
    } catch (err) {
      setError(loadErrorOf(err))
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  let body
  if (!status) {
    body = error ? <LoadFailure error={error} onRetry={() => void load()} /> : <PageState kind='loading' />
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
