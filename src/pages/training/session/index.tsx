import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { CheckinQr } from '../../../components/checkin-qr'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { useSubscribeConsent } from '../../../hooks/use-subscribe-consent'
import { canScanCode, scanCode } from '../../../platform/scan-code'
import { routes, withQuery } from '../../../routes'
import type { SessionDetail } from '../../../shared/api'
import { openPage } from '../../../utils/navigate'
import { monthDayTimeText, timeRangeText } from '../../../utils/time'
import { placesText, sessionTag } from '../facts'
import { Roster } from './roster'
import '../training.scss'
import './index.scss'

/** The member's part: 报名, 候补第 N 位, 取消, and at the venue 扫码签到 (or the code typed in). */
function MemberPanel({ session, onChanged }: { session: SessionDetail; onChanged: () => Promise<void> }) {
  const [code, setCode] = useState('')
  const subscribe = useSubscribeConsent('trainingSignUp')
  const started = Date.now() >= Date.parse(session.startsAt)
  const checkinOpen = session.status === 'scheduled' && Date.now() >= Date.parse(session.checkinOpensAt) && Date.now() <= Date.parse(session.endsAt)

  const signUp = useAction(async () => {
    const state = await api.course.signUp({ sessionId: session.id })
    void Taro.showToast({ title: state.status === 'signed' ? '报名成功' : `已加入候补，第 ${state.waitlistPosition ?? '-'} 位`, icon: 'none' })
    await onChanged()
  })
  const cancel = useAction(async () => {
    const { confirm } = await Taro.showModal({
      title: session.myStatus === 'waitlisted' ? '取消候补' : '取消报名',
      content: session.myStatus === 'waitlisted' ? '取消后将失去候补位置。' : '取消后名额将让给候补的学员，再报名需重新排队。',
      confirmText: '确认取消',
      cancelText: '再想想',
    })
    if (!confirm) return
    await api.course.cancelSignup({ sessionId: session.id })
    void Taro.showToast({ title: '已取消', icon: 'success' })
    await onChanged()
  })
  const checkIn = useAction(async (typed: string) => {
    const result = await api.course.checkIn({ code: typed })
    void Taro.showToast({ title: result.firstTime ? '签到成功，课程已完成' : '您已签到', icon: 'none' })
    setCode('')
    await onChanged()
  })
  const scan = useAction(async () => {
    const scanned = await scanCode()
    if (scanned) await checkIn.run(scanned)
  })

  if (session.myStatus === 'attended') {
    return (
      <View className='training-card session-member session-member--done'>
        <Text className='training-card__section'>已签到，课程已完成</Text>
        <Text className='training-card__note'>线下培训计入课程完成，结业证书已发放。</Text>
        {session.certificateCode && (
          <Button type='primary' block onClick={() => void openPage(withQuery(routes.courseCertificate, { code: session.certificateCode ?? '' }))}>
            查看结业证书
          </Button>
        )}
      </View>
    )
  }
  if (session.myStatus === 'signed' || session.myStatus === 'waitlisted') {
    return (
      <View className='training-card session-member'>
        <Text className='training-card__section'>{session.myStatus === 'signed' ? '您已报名' : `候补第 ${session.waitlistPosition ?? '-'} 位`}</Text>
        <Text className='training-card__note'>
          {session.myStatus === 'signed'
            ? `请按时到场。签到从 ${monthDayTimeText(session.checkinOpensAt)} 开放，扫描现场二维码签到。`
            : '有学员取消报名时，按候补顺序自动递补，递补成功会通知您。'}
        </Text>
        {session.myStatus === 'signed' && checkinOpen && (
          <View className='session-checkin'>
            {canScanCode && (
              <Button type='primary' block loading={scan.busy || checkIn.busy} onClick={() => void scan.run()}>
                扫码签到
              </Button>
            )}
            <FormField label={canScanCode ? '或输入签到码' : '签到码'} hint='见培训现场大屏二维码下方，如 42-7KQ2M9XD'>
              <Input className='form-field__input session-checkin__input' value={code} maxlength={20} placeholder='输入现场签到码' onInput={(e) => setCode(e.detail.value)} />
            </FormField>
            <Button type={canScanCode ? 'default' : 'primary'} block loading={checkIn.busy} disabled={code.trim() === ''} onClick={() => void checkIn.run(code)}>
              签到
            </Button>
          </View>
        )}
        {!started && session.status === 'scheduled' && (
          <View className='training-card__actions'>
            <Button size='small' loading={cancel.busy} onClick={() => void cancel.run()}>
              {session.myStatus === 'signed' ? '取消报名' : '取消候补'}
            </Button>
          </View>
        )}
      </View>
    )
  }
  if (!session.canSignUp) return null
  const full = session.signedCount >= session.capacity
  return (
    <View className='training-card session-member'>
      <Text className='training-card__note'>{full ? `名额已满，现在报名将进入候补（前面还有 ${session.waitlistCount} 人）。` : `还剩 ${session.capacity - session.signedCount} 个名额。`}</Text>
      <Button
        type='primary'
        block
        loading={signUp.busy}
        onClick={() => {
          // WeChat shows the consent dialog only within the tap itself.
          subscribe.ask()
          void signUp.run()
        }}
      >
        {full ? '加入候补' : '报名'}
      </Button>
    </View>
  )
}

/** The organiser's part: the check-in QR during the session and the roster. */
function StaffPanel({ session }: { session: SessionDetail }) {
  const [rosterVersion, setRosterVersion] = useState(0)
  const [showQr, setShowQr] = useState(false)
  const checkinOpen = session.status === 'scheduled' && Date.now() >= Date.parse(session.checkinOpensAt) && Date.now() <= Date.parse(session.endsAt)
  return (
    <>
      {checkinOpen && (
        <View className='training-card'>
          <Text className='training-card__section'>现场签到</Text>
          {showQr ? (
            <CheckinQr fetchCode={() => api.course.checkinCode({ sessionId: session.id })} hint='学员用微信扫码，或在报名页输入上方签到码。' />
          ) : (
            <Button type='primary' block onClick={() => setShowQr(true)}>
              显示签到二维码
            </Button>
          )}
          <Text className='training-card__note'>已签到 {session.attendedCount} 人 / 已报名 {session.signedCount} 人</Text>
        </View>
      )}
      <View className='training-card'>
        <View className='training-card__head'>
          <Text className='training-card__section training-card__title'>报名名单</Text>
          <Text className='training-card__note' onClick={() => setRosterVersion((v) => v + 1)}>
            刷新
          </Text>
        </View>
        <Roster sessionId={session.id} version={rosterVersion} />
      </View>
    </>
  )
}

/** The organiser's buttons under the session's facts: 修改 before the start, 结束培训 after it, 取消培训. */
function StaffActions({ session, onChanged }: { session: SessionDetail; onChanged: () => Promise<void> }) {
  const [cancelling, setCancelling] = useState(false)
  const started = Date.now() >= Date.parse(session.startsAt)
  const finish = useAction(async () => {
    const { confirm } = await Taro.showModal({ title: '结束培训', content: '结束后学员不能再签到，点单将标记为已送课。', confirmText: '结束培训', cancelText: '再想想' })
    if (!confirm) return
    await api.course.finishSession({ id: session.id })
    void Taro.showToast({ title: '培训已结束', icon: 'success' })
    await onChanged()
  })
  if (session.status !== 'scheduled') return null
  return (
    <View className='training-card__actions'>
      {!started && (
        <Button size='small' onClick={() => void openPage(withQuery(routes.trainingSessionEdit, { id: session.id }))}>
          修改
        </Button>
      )}
      {started && (
        <Button size='small' type='primary' loading={finish.busy} onClick={() => void finish.run()}>
          结束培训
        </Button>
      )}
      <Button size='small' type='danger' onClick={() => setCancelling(true)}>
        取消培训
      </Button>
      <PromptDialog
        visible={cancelling}
        title='取消培训'
        subject={`${session.course.title} · ${timeRangeText(session)}`}
        label='取消原因'
        multiline
        maxLength={200}
        placeholder='将通知已报名和候补的学员'
        confirmText='确认取消'
        validate={(reason) => (reason.length < 2 ? '请填写取消原因（2–200 字）' : null)}
        onSubmit={async (reason) => {
          await api.course.cancelSession({ id: session.id, reason })
          setCancelling(false)
          void Taro.showToast({ title: '培训已取消', icon: 'success' })
          await onChanged()
        }}
        onClose={() => setCancelling(false)}
      />
    </View>
  )
}

/** 培训场次: where and when, places left, and the member's or the organiser's part. */
export default function TrainingSessionPage() {
  const id = Number(useRouter().params.id)
  const session = useResource(`training-session:${id}`, () => api.course.sessionDetail({ id }))
  usePullToRefresh(() => session.reload())
  useRefreshOnReturn(() => void session.reload())

  if (session.error) {
    return (
      <PageShell className='training-session'>
        <LoadFailure error={session.error} onRetry={() => void session.reload()} />
      </PageShell>
    )
  }
  const s = session.data
  if (!s) {
    return (
      <PageShell className='training-session'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  const tag = sessionTag(s, s.canManage)
  const reload = async () => {
    await session.reload()
  }
  return (
    <PageShell className='training-session'>
      <View className='training-card'>
        <View className='training-card__head'>
          <Text className='training-card__title'>{s.course.title}</Text>
          <Text className={`training-tag training-tag--${tag.tone}`}>{tag.text}</Text>
        </View>
        <Text className='training-card__fact'>时间：{timeRangeText(s)}</Text>
        <Text className='training-card__fact'>地点：{s.place}</Text>
        <Text className='training-card__fact'>授课：{s.course.teacher || '待定'}</Text>
        <Text className='training-card__fact'>主办：{s.organiser.name}</Text>
        <Text className='training-card__fact'>面向：{s.audience.name}{s.audience.level < 4 ? ' 及下级组织' : ''}会员</Text>
        <Text className='training-card__fact'>{placesText(s)}</Text>
        {s.orderId !== null && s.canManage && (
          <Text className='session-link' onClick={() => void openPage(withQuery(routes.trainingOrder, { id: s.orderId ?? 0 }))}>
            查看企业点单 ›
          </Text>
        )}
        {s.canManage && <StaffActions session={s} onChanged={reload} />}
      </View>
      {!s.canManage && <MemberPanel session={s} onChanged={reload} />}
      {s.canManage && <StaffPanel session={s} />}
    </PageShell>
  )
}
