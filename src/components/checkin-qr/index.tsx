import { Text, View } from '@tarojs/components'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { CheckinCode } from '../../shared/api'
import { LoadFailure, loadErrorOf } from '../load-failure'
import type { LoadError } from '../load-failure'
import { QrCode } from '../qr-code'

/** The code changes every minute and is accepted in its minute and the next: fetching every 30 s keeps the shown one always valid. */
const refreshMs = 30_000

/**
 * An organiser's rotating check-in QR, shown at the venue for attendees to scan (or to type the
 * code under it). Refreshes only while the page is shown. `block` names the classes, styled by the
 * page with `@include checkin-qr.checkin-qr(<block>)` from `src/styles/checkin-qr.scss`.
 */
export function CheckinQr({ fetchCode, hint, block = 'checkin-qr' }: { fetchCode: () => Promise<CheckinCode>; hint: string; block?: string }) {
  const [code, setCode] = useState<CheckinCode | null>(null)
  const [error, setError] = useState<LoadError | null>(null)
  const [visible, setVisible] = useState(true)
  // The latest fetcher, so a caller's inline arrow does not restart the timer on every render.
  const fetchRef = useRef(fetchCode)
  fetchRef.current = fetchCode

  const load = useCallback(async () => {
    try {
      setCode(await fetchRef.current())
      setError(null)
    } catch (failure) {
      setError(loadErrorOf(failure))
    }
  }, [])

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
    <View className={block}>
      {code ? <QrCode className={`${block}__image`} text={code.code} /> : <View className={`${block}__image ${block}__image--placeholder`} />}
      <Text className={`${block}__code`}>{code?.code ?? '正在生成…'}</Text>
      <Text className={`${block}__note`}>{error ? `刷新失败：${error.message}` : `签到码每 30 秒刷新，截图转发无效。${hint}`}</Text>
    </View>
  )
}
