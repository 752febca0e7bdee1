import { Button } from '@nutui/nutui-react-taro'
import { Image, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { canScanCode, scanCode } from '../../../platform/scan-code'
import { routes, withQuery } from '../../../routes'
import type { DatingEventDetail, ProfileCard } from '../../../shared/api'
import { datingLimits, educationNames, eventSignupStatusNames } from '../../../shared/dating/names'
import { eventTag, placesLeftText } from '../../../utils/dating-events'
import { openPage } from '../../../utils/navigate'
import { monthDayTimeText, timeRangeText } from '../../../utils/time'
import '../events/events.scss'
import './index.scss'

/** Check-in opens this long before the start (the server checks it again). */
const checkinLeadMs = 60 * 60_000

/** My sign-up: 报名, 待审核 / 已通过 / 候补第 N 位, 取消, and at the venue 扫码签到. */
function SignupPanel({ event, onChanged }: { event: DatingEventDetail; onChanged: () => Promise<void> }) {
  const [code, setCode] = useState('')
  const now = Date.now()
  const mine = event.signup
  const live = mine && mine.status !== 'cancelled'
  const checkinOpen = event.status === 'published' && now >= Date.parse(event.startsAt) - checkinLeadMs && now <= Date.parse(event.endsAt)

  const signUp = useAction(async () => {
    const result = await api.dating.signUp({ eventId: event.id })
    void Taro.showToast({ title: result.status === 'pending' ? '报名成功，等待红娘审核' : `名额已满，已加入候补第 ${result.waitlistPosition ?? '-'} 位`, icon: 'none' })
    await onChanged()
  })
  const cancel = useAction(async () => {
    const { confirm } = await Taro.showModal({
      title: mine?.status === 'waitlisted' ? '取消候补' : '取消报名',
      content: '取消后名额将让给候补的会员，再报名需重新排队。',
      confirmText: '确认取消',
      cancelText: '再想想',
    })
    if (!confirm) return
    await api.dating.cancelSignup({ eventId: event.id })
    void Taro.showToast({ title: '已取消', icon: 'success' })
    await onChanged()
  })
  const checkIn = useAction(async (typed: string) => {
    const result = await api.dating.checkIn({ eventId: event.id, code: typed })
    void Taro.showToast({ title: result.firstTime ? '签到成功' : '您已签到', icon: 'none' })
    setCode('')
    await onChanged()
  })
  const scan = useAction(async () => {
    const scanned = await scanCode()
    if (scanned) await checkIn.run(scanned)
  })

  if (event.status === 'cancelled') return null
  if (mine?.checkedInAt) {
    return (
      <View className='dating-event-card'>
        <Text className='dating-event-card__section'>已签到</Text>
        <Text className='dating-event-card__note'>
          签到时间 {monthDayTimeText(mine.checkedInAt)}。{event.phase === 'ongoing' ? '活动结束后可在本页参加互选。' : ''}
        </Text>
      </View>
    )
  }
  if (live && mine) {
    const title = mine.status === 'waitlisted' ? `候补第 ${mine.waitlistPosition ?? '-'} 位` : eventSignupStatusNames[mine.status]
    const note =
      mine.status === 'pending'
        ? '名额已为您保留，等待红娘审核。'
        : mine.status === 'approved'
          ? `报名已通过。请按时到场，签到从活动开始前 1 小时开放。`
          : mine.status === 'waitlisted'
            ? '有人取消报名时，按候补顺序自动递补，递补成功会通知您。'
            : `未通过：${mine.rejectReason ?? ''}`
    return (
      <View className='dating-event-card'>
        <Text className='dating-event-card__section'>{title}</Text>
        <Text className='dating-event-card__note'>{note}</Text>
        {mine.status === 'approved' && checkinOpen && (
          <View className='dating-event-checkin'>
            {canScanCode && (
              <Button type='primary' block loading={scan.busy || checkIn.busy} onClick={() => void scan.run()}>
                扫码签到
              </Button>
            )}
            <FormField label={canScanCode ? '或输入签到码' : '签到码'} hint='见活动现场二维码下方，如 42-7KQ2M9XD'>
              <Input className='form-field__input dating-event-checkin__input' value={code} maxlength={20} placeholder='输入现场签到码' onInput={(e) => setCode(e.detail.value)} />
            </FormField>
            <Button type={canScanCode ? 'default' : 'primary'} block loading={checkIn.busy} disabled={code.trim() === ''} onClick={() => void checkIn.run(code)}>
              签到
            </Button>
          </View>
        )}
        {mine.status !== 'rejected' && now < Date.parse(event.startsAt) && (
          <View className='dating-event-card__actions'>
            <Button size='small' loading={cancel.busy} onClick={() => void cancel.run()}>
              {mine.status === 'waitlisted' ? '取消候补' : '取消报名'}
            </Button>
          </View>
        )}
      </View>
    )
  }
  if (event.phase !== 'signup') return null
  return (
    <View className='dating-event-card'>
      <Text className='dating-event-card__note'>报名截止：{monthDayTimeText(event.signupDeadline)}。名额满后报名进入候补。</Text>
      <Button type='primary' block loading={signUp.busy} onClick={() => void signUp.run()}>
        报名
      </Button>
    </View>
  )
}

function AttendeeRow({ card, picked, matched, onToggle, disabled }: { card: ProfileCard; picked: boolean; matched: boolean; onToggle: () => void; disabled: boolean }) {
  return (
    <View className='dating-attendee'>
      {card.avatar ? (
        <Image className='dating-attendee__avatar' src={card.avatar.thumbUrl ?? card.avatar.url} mode='aspectFill' />
      ) : (
        <View className='dating-attendee__avatar dating-attendee__avatar--none' />
      )}
      <View className='dating-attendee__main' onClick={() => void openPage(withQuery(routes.datingPerson, { id: card.id }))}>
        <Text className='dating-attendee__name'>{card.nickname}</Text>
        <Text className='dating-event-card__note'>
          {card.age} 岁 · {card.heightCm} cm · {educationNames[card.education]} · {card.county.name}
        </Text>
      </View>
      {matched ? (
        <Text className='dating-event-tag dating-event-tag--good'>已配对</Text>
      ) : (
        <Button size='small' type={picked ? 'primary' : 'default'} disabled={disabled} onClick={onToggle}>
          {picked ? '已选' : '选择'}
        </Button>
      )}
    </View>
  )
}

/** 互选: after the event, up to 3 attendees I would like to see again; a pick both ways is a match. */
function PicksPanel({ event, onChanged }: { event: DatingEventDetail; onChanged: () => Promise<void> }) {
  const [picks, setPicks] = useState<number[]>(event.myPicks)
  const open = event.phase === 'picking'
  const save = useAction(async () => {
    const result = await api.dating.savePicks({ eventId: event.id, targetIds: picks })
    const fresh = result.matchedIds.filter((id) => !event.matchedIds.includes(id)).length
    void Taro.showToast({ title: fresh > 0 ? `互选成功 ${fresh} 位，可以去聊天了` : '已保存，对方也选择您时即配对成功', icon: 'none' })
    await onChanged()
  })
  if (!event.attendees || (event.phase !== 'picking' && event.phase !== 'finished')) return null
  const toggle = (id: number) => {
    if (picks.includes(id)) setPicks(picks.filter((p) => p !== id))
    else if (picks.length >= datingLimits.picksPerEvent) void Taro.showToast({ title: `最多选择 ${datingLimits.picksPerEvent} 位`, icon: 'none' })
    else setPicks([...picks, id])
  }
  return (
    <View className='dating-event-card'>
      <Text className='dating-event-card__section'>互选</Text>
      <Text className='dating-event-card__note'>
        {open
          ? `选择最多 ${datingLimits.picksPerEvent} 位想再见面的嘉宾，双方互选即配对成功。互选截止：${monthDayTimeText(event.picksCloseAt)}。`
          : '互选已截止。'}
      </Text>
      {event.attendees.length === 0 && <PageState kind='empty' message='没有可互选的嘉宾' />}
      {event.attendees.map((card) => (
        <AttendeeRow
          key={card.id}
          card={card}
          picked={picks.includes(card.id)}
          matched={event.matchedIds.includes(card.id)}
          disabled={!open}
          onToggle={() => toggle(card.id)}
        />
      ))}
      <View className='dating-picks__actions'>
        {open && (
          <Button type='primary' block loading={save.busy} onClick={() => void save.run()}>
            保存互选（{picks.length}/{datingLimits.picksPerEvent}）
          </Button>
        )}
        {event.matchedIds.length > 0 && (
          <Button block onClick={() => void openPage(routes.datingChats)}>
            去聊天
          </Button>
        )}
      </View>
    </View>
  )
}

/** 联谊活动 detail: when and where, places left, my sign-up, check-in, and after it 互选. */
export default function DatingEventPage() {
  const id = Number(useRouter().params.id)
  const event = useResource(`dating-event:${id}`, () => api.dating.eventDetail({ eventId: id }))
  usePullToRefresh(() => event.reload())
  useRefreshOnReturn(() => void event.reload())
  if (event.error) {
    return (
      <PageShell className='dating-event'>
        <LoadFailure error={event.error} onRetry={() => void event.reload()} />
      </PageShell>
    )
  }
  const e = event.data
  if (!e) {
    return (
      <PageShell className='dating-event'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  const tag = e.signup?.checkedInAt && e.status === 'published' ? { text: '已签到', tone: 'good' as const } : eventTag(e)
  const reload = async () => {
    await event.reload()
  }
  return (
    <PageShell className='dating-event'>
      <View className='dating-event-card'>
        <View className='dating-event-card__head'>
          <Text className='dating-event-card__title'>{e.title}</Text>
          <Text className={`dating-event-tag dating-event-tag--${tag.tone}`}>{tag.text}</Text>
        </View>
        <Text className='dating-event-card__fact'>时间：{timeRangeText(e)}</Text>
        <Text className='dating-event-card__fact'>地点：{e.place}</Text>
        <Text className='dating-event-card__fact'>主办：{e.branch.name}</Text>
        <Text className='dating-event-card__fact'>{placesLeftText(e)}</Text>
        {e.cancelReason && <Text className='dating-event-card__fact'>取消原因：{e.cancelReason}</Text>}
        {e.intro && <Text className='dating-event-intro'>{e.intro}</Text>}
      </View>
      <SignupPanel key={`signup-${e.signup?.status ?? 'none'}`} event={e} onChanged={reload} />
      <PicksPanel key={`picks-${e.myPicks.join(',')}-${e.matchedIds.join(',')}`} event={e} onChanged={reload} />
    </PageShell>
  )
}
