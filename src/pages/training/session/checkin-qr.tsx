import { Text, View } from '@tarojs/components'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { api } from '../../../api'
import { LoadFailure, loadErrorOf } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import { QrCode } from '../../../components/qr-code'
import type { CheckinCode } from '../../../shared/api'

/** The code changes every minute and is accepted in its minute and the next: fetching every 30 s keeps the shown one always valid. */
const refreshMs = 30_000

/** The organiser's check-in QR, shown at the venue for members to scan (or to type the code under it). */
export function CheckinQr({ sessionId }: { sessionId: number }) {
  const [code, setCode] = useState<CheckinCode | null>(null)
  const [error, setError] = useState<LoadError | null>(null)
  const [visible, setVisible] = useState(true)

  const load = useCallback(async () => {
    try {
      setCode(await api.course.checkinCode({ sessionId }))
      setError(null)
    } catch (failure) {
      setError(loadErrorOf(failure))
    }
  }, [sessionId])

  useEffect(() => {
    if (!visible) return
    void load()
    const timer = setInterval(() => void load(), refreshMs)
    return () => clearInterval(timer)
  }, [visible, load])
  useDidShow(() => setVisible(true))
  useDidHide(() => setVisible(false))

  if (error && !code) return <LoadFailure error={error} onRetry={() => void load()} />
  return (
    <View className='checkin-qr'>
      {code ? <QrCode className='checkin-qr__image' text={code.code} /> : <View className='checkin-qr__image checkin-qr__image--placeholder' />}
      <Text className='checkin-qr__code'>{code?.code ?? '正在生成…'}</Text>
      <Text className='training-card__note'>{error ? `刷新失败：${error.message}` : '签到码每 30 秒刷新，截图转发无效。学员用微信扫码，或在报名页输入上方签到码。'}</Text>
    </View>
  )
}
