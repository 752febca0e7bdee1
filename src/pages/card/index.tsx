import { Text, View } from '@tarojs/components'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../api'
import { LoadFailure, loadErrorOf } from '../../components/load-failure'
import type { LoadError } from '../../components/load-failure'
import { PageShell } from '../../components/page-shell'
import { QrCode } from '../../components/qr-code'
import type { MemberCard } from '../../shared/api'
import { dateText } from '../../utils/time'
import { refreshDelayMs } from './refresh-timing'
import './index.scss'

export default function CardPage() {
  const [card, setCard] = useState<MemberCard | null>(null)
  const [loadError, setLoadError] = useState<LoadError | null>(null)
  const [refreshError, setRefreshError] = useState('')
  const [refreshing, setRefreshing] = useState(false)
  const [refreshAt, setRefreshAt] = useState(0)
  const [now, setNow] = useState(() => Date.now())
  const [visible, setVisible] = useState(true)
  const inFlight = useRef(false)

  const load = useCallback(async () => {
    if (inFlight.current) return
    inFlight.current = true
    setRefreshing(true)
    try {
      const next = await api.card.mine()
      setCard(next)
      setLoadError(null)
      setRefreshError('')
      setRefreshAt(Date.now() + refreshDelayMs(next.qrExpiresAt, Date.now()))
    } catch (error) {
      const failure = loadErrorOf(error)
      setLoadError(failure)
      setRefreshError(failure.message)
      // Retry a failed refresh on its own a little later; the button retries at once.
      setRefreshAt(Date.now() + 10_000)
    } finally {
      inFlight.current = false
      setRefreshing(false)
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  // The token lives about a minute: tick once a second while the page is on screen.
  useEffect(() => {
    if (!visible || !card) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [visible, card])

  useEffect(() => {
    if (visible && card && refreshAt > 0 && now >= refreshAt) void load()
  }, [visible, card, now, refreshAt, load])

  useDidShow(() => {
    setNow(Date.now())
    setVisible(true)
  })
  useDidHide(() => setVisible(false))

  const secondsLeft = Math.max(0, Math.ceil((refreshAt - now) / 1000))
  const expired = card ? now >= Date.parse(card.qrExpiresAt) && !refreshing : false

  if (!card) {
    if (loadError) {
      return (
        <PageShell className='card-page'>
          <LoadFailure error={loadError} onRetry={() => void load()} />
        </PageShell>
      )
    }
    return (
      <PageShell className='card-page'>
        <View className='member-card member-card--skeleton'>
          <View className='skeleton-line skeleton-line--short' />
          <View className='skeleton-line' />
          <View className='skeleton-line skeleton-line--long' />
        </View>
        <View className='card-page__qr-box'>
          <View className='card-page__qr card-page__qr--placeholder' />
          <Text className='card-page__hint'>正在生成会员码…</Text>
        </View>
      </PageShell>
    )
  }

  return (
    <PageShell className='card-page'>
      <View className='member-card'>
        <View className='member-card__top'>
          <Text className='member-card__brand'>嘉工卡</Text>
          <Text className='member-card__issuer'>嘉兴市总工会</Text>
        </View>
        <Text className='member-card__name'>{card.name}</Text>
        <View className='member-card__row'>
          <Text className='member-card__label'>会员号</Text>
          <Text className='member-card__value member-card__no'>{card.memberNo}</Text>
        </View>
        <View className='member-card__row'>
          <Text className='member-card__label'>所属工会</Text>
          <Text className='member-card__value'>{card.branch.fullName}</Text>
        </View>
        <View className='member-card__row'>
          <Text className='member-card__label'>入会日期</Text>
          <Text className='member-card__value'>{dateText(card.joinedAt)}</Text>
        </View>
      </View>

      <View className='card-page__qr-box'>
        <Text className='card-page__qr-title'>会员码</Text>
        <View className='card-page__qr-frame' onClick={() => void load()}>
          <QrCode className={`card-page__qr${expired ? ' card-page__qr--expired' : ''}`} text={card.qrToken} />
          {expired && <View className='card-page__qr-overlay'>会员码已过期，点击刷新</View>}
        </View>
        {refreshError ? (
          <Text className='card-page__hint card-page__hint--error' onClick={() => void load()}>
            刷新失败：{refreshError}，点击重试
          </Text>
        ) : (
          <Text className='card-page__hint'>
            {refreshing ? '正在刷新…' : `${secondsLeft} 秒后自动刷新`}
          </Text>
        )}
        <Text className='card-page__note'>请向工作人员出示此码以核验会员身份，截图无效。</Text>
      </View>
    </PageShell>
  )
}
