import { Text, View } from '@tarojs/components'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { api } from '../../../api'
import { LoadFailure, loadErrorOf } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import { QrCode } from '../../../components/qr-code'
import type { CheckinCode } from '../../../shared/api'

/** The code changes every minute and is accepted in its minute and the next: fetching every 30 s keeps the shown one valid. */
const refreshMs = 30_000

/** The event's check-in QR, shown at the venue for attendees to scan (or to type the code under it). */
export function EventCheckinQr({ eventId }: { eventId: number }) {
  const [code, setCode] = useState<CheckinCode | null>(null)
  const [error, setError] = useState<LoadError | null>(null)
  const [visible, setVisible] = useState(true)
  const load = useCallback(async () => {
    try {
      setCode(await api.dating.checkinCode({ eventId }))
      setError(null)
    } catch (failure) {
      setError(loadErrorOf(failure))
    }
  }, [eventId])
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
    <View className='mm-checkin-qr'>
      {code ? <QrCode className='mm-checkin-qr__image' text={code.code} /> : <View className='mm-checkin-qr__image mm-checkin-qr__image--placeholder' />}
      <Text className='mm-checkin-qr__code'>{code?.code ?? '正在生成…'}</Text>
      <Text className='mm-event-card__note'>{error ? `刷新失败：${error.message}` : '签到码每 30 秒刷新，截图转发无效。嘉宾用微信扫码，或在活动页输入上方签到码。'}</Text>
    </View>
  )
}
