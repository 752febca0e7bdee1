import { Button } from '@nutui/nutui-react-taro'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { CheckinQr } from '../../../components/checkin-qr'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useResource } from '../../../hooks/use-resource'
import type { EventSignupStatus, ManagedEvent, RosterEntry } from '../../../shared/api'
import { eventSignupStatusNames } from '../../../shared/dating/names'
import { eventPhaseNames, placesTakenText } from '../../../utils/dating-events'
import { monthDayTimeText, timeRangeText } from '../../../utils/time'
import { memberFactsText } from '../member-facts'
import '../events/matchmaker-events.scss'
import './index.scss'

type Filter = 'all' | EventSignupStatus
const tabs = [
  { value: 'all' as const, title: '全部' },
  { value: 'pending' as const, title: '待审核' },
  { value: 'approved' as const, title: '已通过' },
  { value: 'waitlisted' as const, title: '候补' },
]
const checkinLeadMs = 60 * 60_000

function RosterLine({ entry, open, onDecide, onReject }: { entry: RosterEntry; open: boolean; onDecide: () => Promise<void>; onReject: () => void }) {
  const m = entry.member
  const approve = useAction(onDecide)
  const tone = entry.status === 'approved' ? 'good' : entry.status === 'pending' || entry.status === 'waitlisted' ? 'wait' : 'plain'
  return (
    <View className='mm-roster-line'>
      {m.avatar ? <Image className='mm-roster-line__avatar' src={m.avatar.thumbUrl ?? m.avatar.url} mode='aspectFill' /> : <View className='mm-roster-line__avatar mm-roster-line__avatar--none' />}
      <View className='mm-roster-line__main'>
        <Text className='mm-roster-line__name'>
          {m.nickname} <Text className='mm-event-card__note'>{memberFactsText(m)}</Text>
        </Text>
        <Text className='mm-event-card__note'>
          报名 {monthDayTimeText(entry.queuedAt)}
          {entry.checkedInAt ? ` · 已签到 ${monthDayTimeText(entry.checkedInAt)}` : ''}
          {entry.rejectReason ? ` · ${entry.rejectReason}` : ''}
        </Text>
      </View>
      <Text className={`mm-event-tag mm-event-tag--${tone}`}>{eventSignupStatusNames[entry.status]}</Text>
      {open && !entry.checkedInAt && (entry.status === 'pending' || entry.status === 'approved' || entry.status === 'waitlisted') && (
        <View className='mm-roster-line__actions'>
          {entry.status === 'pending' && (
            <Button size='small' type='primary' loading={approve.busy} onClick={() => void approve.run()}>
              通过
            </Button>
          )}
          <Button size='small' onClick={onReject}>
            不通过
          </Button>
        </View>
      )}
    </View>
  )
}

function Roster({ event, onChanged }: { event: ManagedEvent; onChanged: () => Promise<void> }) {
  const [filter, setFilter] = useState<Filter>('all')
  const [rejecting, setRejecting] = useState<RosterEntry | null>(null)
  const list = usePagedList(`matchmaker-roster:${event.id}:${filter}`, (cursor) =>
    api.dating.eventRoster({ eventId: event.id, status: filter === 'all' ? undefined : filter, cursor, limit: 20 }),
  )
  useReachBottom(() => void list.loadMore())
  const open = event.status === 'published' && Date.now() < Date.parse(event.endsAt)
  const changed = async () => {
    await Promise.all([list.reload(), onChanged()])
  }
  return (
    <View className='mm-event-card'>
      <Text className='mm-event-card__section'>报名名单</Text>
      <FilterTabs tabs={tabs} value={filter} onChange={setFilter} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='还没有人报名' />}
      {list.items.map((entry) => (
        <RosterLine
          key={entry.member.id}
          entry={entry}
          open={open}
          onDecide={async () => {
            await api.dating.decideSignup({ eventId: event.id, memberId: entry.member.id, decision: 'approve' })
            void Taro.showToast({ title: '已通过', icon: 'success' })
            await changed()
          }}
          onReject={() => setRejecting(entry)}
        />
      ))}
      {list.items.length > 0 && <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />}
      <PromptDialog
        visible={rejecting !== null}
        title='不通过'
        subject={rejecting?.member.nickname}
        label='原因'
        multiline
        maxLength={200}
        placeholder='将通知报名的会员'
        confirmText='确认'
        validate={(reason) => (reason.trim().length === 0 ? '请填写不通过的原因' : null)}
        onSubmit={async (reason) => {
          if (!rejecting) return
          await api.dating.decideSignup({ eventId: event.id, memberId: rejecting.member.id, decision: 'reject', reason })
          setRejecting(null)
          void Taro.showToast({ title: '已处理，名额已递补给候补', icon: 'none' })
          await changed()
        }}
        onClose={() => setRejecting(null)}
      />
    </View>
  )
}

/** 红娘: one published event — facts and counts, 取消活动, the check-in QR during it, the sign-ups to decide. */
export default function MatchmakerEventRosterPage() {
  const id = Number(useRouter().params.id)
  const event = useResource(`matchmaker-event:${id}`, () => api.dating.managedEvent({ eventId: id }))
  const [cancelling, setCancelling] = useState(false)
  const [showQr, setShowQr] = useState(false)
  usePullToRefresh(() => event.reload())
  useRefreshOnReturn(() => void event.reload())
  if (event.error) {
    return (
      <PageShell className='matchmaker-event-roster'>
        <LoadFailure error={event.error} onRetry={() => void event.reload()} />
      </PageShell>
    )
  }
  const e = event.data
  if (!e) {
    return (
      <PageShell className='matchmaker-event-roster'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  const now = Date.now()
  const checkinOpen = e.status === 'published' && now >= Date.parse(e.startsAt) - checkinLeadMs && now <= Date.parse(e.endsAt)
  const reload = async () => {
    await event.reload()
  }
  return (
    <PageShell className='matchmaker-event-roster'>
      <View className='mm-event-card'>
        <View className='mm-event-card__head'>
          <Text className='mm-event-card__title'>{e.title}</Text>
          <Text className='mm-event-tag'>{eventPhaseNames[e.phase]}</Text>
        </View>
        <Text className='mm-event-card__fact'>时间：{timeRangeText(e)}</Text>
        <Text className='mm-event-card__fact'>地点：{e.place}</Text>
        <Text className='mm-event-card__fact'>面向：{e.branch.name}</Text>
        <Text className='mm-event-card__fact'>报名截止：{monthDayTimeText(e.signupDeadline)}</Text>
        <Text className='mm-event-card__fact'>互选截止：{monthDayTimeText(e.picksCloseAt)}</Text>
        <Text className='mm-event-card__fact'>{placesTakenText(e)}</Text>
        <Text className='mm-event-card__fact'>
          待审核 {e.counts.pending} · 已通过 {e.counts.approved} · 候补 {e.counts.waitlisted} · 已签到 {e.counts.attended} · 互选配对 {e.eventMatches}
        </Text>
        {e.cancelReason && <Text className='mm-event-card__fact'>取消原因：{e.cancelReason}</Text>}
        {e.status !== 'cancelled' && now < Date.parse(e.endsAt) && (
          <View className='mm-event-card__actions'>
            <Button size='small' type='danger' onClick={() => setCancelling(true)}>
              取消活动
            </Button>
          </View>
        )}
      </View>
      {checkinOpen && (
        <View className='mm-event-card'>
          <Text className='mm-event-card__section'>现场签到</Text>
          {showQr ? (
            <CheckinQr block='mm-checkin-qr' fetchCode={() => api.dating.checkinCode({ eventId: e.id })} hint='嘉宾用微信扫码，或在活动页输入上方签到码。' />
          ) : (
            <Button type='primary' block onClick={() => setShowQr(true)}>
              显示签到二维码
            </Button>
          )}
        </View>
      )}
      <Roster event={e} onChanged={reload} />
      <PromptDialog
        visible={cancelling}
        title='取消活动'
        subject={e.title}
        label='取消原因'
        multiline
        maxLength={200}
        placeholder='将通知所有报名和候补的会员'
        confirmText='确认取消'
        validate={(reason) => (reason.trim().length === 0 ? '请填写取消原因' : null)}
        onSubmit={async (reason) => {
          await api.dating.cancelEvent({ eventId: e.id, reason })
          setCancelling(false)
          void Taro.showToast({ title: '活动已取消', icon: 'success' })
          await reload()
        }}
        onClose={() => setCancelling(false)}
      />
    </PageShell>
  )
}
