import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { QuestionDetail, ThreadMessage, ThreadPage } from '../../../shared/api'
import { caseKindNames, caseOutcomeNames, caseStatusNames, escalationStepNames, legalCategoryNames, questionStatusNames } from '../../../shared/legal/names'
import { revealReasonMax, revealReasonMin } from '../../../shared/legal/thread-rules'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { dateTimeText, monthDayTimeText } from '../../../utils/time'
import { AssignDialog } from './assign-dialog'
import { Composer } from './composer'
import { RatingDialog } from './rating-dialog'
import { ThreadFiles } from './thread-files'
import { ThreadList } from './thread-list'
import { useThread } from './use-thread'
import './index.scss'

/** What the asker should know now. */
function askerStep(q: QuestionDetail): string {
  if (q.status === 'resolved') return q.rating ? '您已确认问题解决并完成评价，感谢您的反馈。' : '您已确认问题解决，欢迎评价本次咨询。'
  if (q.status === 'closed') return '律师回复后长时间没有收到您的回复，咨询已自动关闭。如仍有问题，可以重新提问。'
  if (!q.lawyer) return `已提交，等待值班律师接手，最迟 ${monthDayTimeText(q.dueAt)} 前答复（节假日顺延）。`
  if (q.awaiting === 'lawyer') return `${q.lawyer}正在处理您的咨询，有回复会通过消息通知您。`
  return '律师已回复。如问题已解决，请点「已解决」并评价；如还有疑问，可以继续追问。长时间不回复，咨询将自动关闭。'
}

/** What staff should know now. */
function staffStep(q: QuestionDetail): string {
  if (q.status !== 'open') return q.status === 'resolved' ? '职工已确认问题解决。' : '职工长时间未回复，咨询已自动关闭。'
  if (!q.lawyer) return `待认领，首次答复期限 ${monthDayTimeText(q.dueAt)}。`
  if (q.awaiting === 'lawyer') return q.firstResponseAt ? '职工有新的追问，请尽快回复。' : `请在 ${monthDayTimeText(q.dueAt)} 前首次答复。`
  return '已答复，等待职工回复。'
}

function askerText(q: QuestionDetail): string {
  if (!q.asker) return ''
  return q.asker.anonymous ? `匿名职工 · ${q.asker.county}` : `${q.asker.name} · ${q.asker.enterprise}`
}

export default function QuestionPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const detail = useResource(`legal-question:${id}`, () => api.legal.question({ id }), { enabled: valid })
  const q = detail.data
  const [rating, setRating] = useState<'resolve' | 'rate' | null>(null)
  const [assigning, setAssigning] = useState(false)
  const [revealing, setRevealing] = useState(false)

  /** A poll saw the question move (claimed, answered, closed by the other side): the detail follows. */
  const onState = (page: ThreadPage) => {
    const current = detail.data
    if (current && (page.status !== current.status || page.awaiting !== current.awaiting || page.claimed !== (current.lawyer !== null))) void detail.reload()
  }
  const thread = useThread(valid ? id : 0, q?.status === 'open', onState)
  const refresh = () => Promise.all([detail.reload(), thread.reload()])
  // Signed attachment links last minutes: coming back or pulling down fetches fresh ones.
  useRefreshOnReturn(() => void refresh())
  usePullToRefresh(refresh)

  const sent = (message: ThreadMessage) => {
    thread.add(message)
    void detail.reload()
    void Taro.pageScrollTo({ scrollTop: 100_000, duration: 200 })
  }

  const claim = useAction(async () => {
    await api.legal.claimQuestion({ questionId: id })
    void Taro.showToast({ title: '已认领，请尽快答复', icon: 'none' })
    await refresh()
  })

  const needsOffline = useAction(async (current: QuestionDetail) => {
    if (current.can.markNeedsOffline) {
      const { confirm } = await Taro.showModal({
        title: '需要线下帮助',
        content: '标记后可将该咨询转交法律援助或劳动争议调解，由职工所在区县的法律服务管理员跟进。',
        confirmText: '去转交',
        cancelText: '取消',
      })
      if (!confirm) return
      await api.legal.markNeedsOffline({ questionId: id })
    }
    await openPage(withQuery(routes.legalHandoff, { questionId: id }))
  })

  const consent = useAction(async (caseId: number) => {
    const { confirm } = await Taro.showModal({
      title: '同意提供联系方式',
      content: '同意后，您所在区县的法律服务管理员可以看到您的姓名和手机号，以便联系您办理线下帮助。',
      confirmText: '同意',
      cancelText: '暂不',
    })
    if (!confirm) return
    await api.legal.consentContact({ caseId })
    void Taro.showToast({ title: '已同意，工作人员会尽快联系您', icon: 'none', duration: 2500 })
    await detail.reload()
  })

  const submitRating = async (stars: number, comment: string) => {
    try {
      // Resolving answers the same when retried, so a failed rating can simply be sent again.
      if (rating === 'resolve') await api.legal.resolveQuestion({ questionId: id })
      await api.legal.rateQuestion({ questionId: id, stars, comment: comment || null })
    } finally {
      void detail.reload()
    }
    setRating(null)
    void Taro.showToast({ title: '感谢您的评价', icon: 'none' })
  }

  const reveal = async (reason: string) => {
    const person = await api.legal.revealIdentity({ questionId: id, reason })
    setRevealing(false)
    await Taro.showModal({
      title: '提问人身份',
      content: `${person.name}，手机 ${person.phone}，会员号 ${person.memberNo}，${person.enterprise}（${person.county}）。本次查看已记录。`,
      showCancel: false,
      confirmText: '知道了',
    })
  }

  if (!valid) return <PageShell><PageState kind='error' message='咨询编号无效' /></PageShell>
  if (detail.status === 'loading') return <PageShell><PageState kind='loading' /></PageShell>
  if (detail.error || !q) {
    return <PageShell>{detail.error && <LoadFailure error={detail.error} onRetry={() => void detail.reload()} />}</PageShell>
  }
  const staff = q.viewer !== 'asker'
  const c = q.case

  return (
    <PageShell className={cx('legal-question', `legal-question--${q.status}`)}>
      <View className='legal-question__card legal-question__head'>
        <View className='legal-question__title-line'>
          <Text className='legal-question__title'>{q.title}</Text>
          <Text className={cx('legal-question__status', `legal-question__status--${q.status}`)}>{questionStatusNames[q.status]}</Text>
        </View>
        <Text className='legal-question__muted'>
          {legalCategoryNames[q.category]} · {dateTimeText(q.askedAt)} · {q.queue}
          {q.anonymous && !staff ? ' · 匿名咨询' : ''}
        </Text>
        {staff && <Text className='legal-question__asker'>提问人：{askerText(q)}</Text>}
        <Text className='legal-question__muted'>承办律师：{q.lawyer ?? '待认领'}</Text>
        {staff && q.overdue && (
          <Text className='legal-question__overdue'>
            已超时 · {escalationStepNames[q.escalationStep]}
          </Text>
        )}
        <Text className={cx('legal-question__callout', staff && q.overdue && 'legal-question__callout--overdue')}>{staff ? staffStep(q) : askerStep(q)}</Text>
        <Text className='legal-question__body' userSelect>
          {q.body}
        </Text>
        <ThreadFiles files={q.attachments} />
        {q.needsOffline && !c && <Text className='legal-question__muted'>律师已标记需要线下帮助</Text>}
        {q.rating && (
          <Text className='legal-question__rated'>
            评价：{'★'.repeat(q.rating.stars)}
            {'☆'.repeat(5 - q.rating.stars)}
            {q.rating.comment ? ` ${q.rating.comment}` : ''}
          </Text>
        )}
      </View>

      {c && (
        <View className='legal-question__card legal-question__case'>
          <View className='legal-question__title-line'>
            <Text className='legal-question__card-title'>线下帮助：{caseKindNames[c.kind]}</Text>
            <Text className={cx('legal-question__case-status', `legal-question__case-status--${c.status}`)}>{caseStatusNames[c.status]}</Text>
          </View>
          {c.outcome && <Text className='legal-question__muted'>办理结果：{caseOutcomeNames[c.outcome]}</Text>}
          {q.viewer === 'asker' && (
            <Text className='legal-question__muted'>
              {c.contactConsented ? '您已同意向区县法律服务站提供姓名和手机号。' : '区县法律服务站需要您的姓名和手机号才能联系您办理。'}
            </Text>
          )}
          {q.can.consentContact && (
            <Button className='legal-question__consent' type='primary' block loading={consent.busy} disabled={consent.busy} onClick={() => void consent.run(c.id)}>
              同意提供联系方式
            </Button>
          )}
        </View>
      )}

      <View className='legal-question__card'>
        <Text className='legal-question__card-title'>咨询记录</Text>
        {thread.status === 'loading' ? (
          <PageState kind='loading' />
        ) : thread.status === 'error' && thread.error ? (
          <LoadFailure error={thread.error} onRetry={() => void thread.reload()} />
        ) : (
          <ThreadList
            messages={thread.messages}
            olderCursor={thread.olderCursor}
            loadingOlder={thread.loadingOlder}
            loadOlder={thread.loadOlder}
            emptyText={staff ? '还没有回复' : '律师回复后会显示在这里'}
          />
        )}
      </View>

      {q.can.reply && <Composer questionId={id} side={q.viewer === 'asker' ? 'member' : 'lawyer'} onSent={sent} />}

      <View className='legal-question__actions'>
        {q.can.claim && (
          <Button className='legal-question__claim' type='primary' block loading={claim.busy} disabled={claim.busy} onClick={() => void claim.run()}>
            认领
          </Button>
        )}
        {q.can.resolve && (
          <Button className='legal-question__resolve' type={q.awaiting === 'member' ? 'primary' : 'default'} block onClick={() => setRating('resolve')}>
            已解决
          </Button>
        )}
        {q.can.rate && (
          <Button className='legal-question__rate' type='primary' block onClick={() => setRating('rate')}>
            评价本次咨询
          </Button>
        )}
        {q.can.handOff && (
          <Button className='legal-question__offline' block loading={needsOffline.busy} disabled={needsOffline.busy} onClick={() => void needsOffline.run(q)}>
            需要线下帮助
          </Button>
        )}
        {q.can.publish && (
          <Button className='legal-question__publish' block onClick={() => void openPage(withQuery(routes.legalPublish, { questionId: id }))}>
            发布到常见问题
          </Button>
        )}
        {q.can.assign && (
          <Button className='legal-question__assign-open' block onClick={() => setAssigning(true)}>
            {q.lawyer ? '改派律师' : '指派律师'}
          </Button>
        )}
        {q.can.reveal && (
          <Button className='legal-question__reveal' block onClick={() => setRevealing(true)}>
            {q.anonymous ? '查看身份' : '查看联系方式'}
          </Button>
        )}
      </View>

      <RatingDialog visible={rating !== null} resolving={rating === 'resolve'} onSubmit={submitRating} onClose={() => setRating(null)} />
      <AssignDialog
        visible={assigning}
        questionId={id}
        onAssigned={() => {
          setAssigning(false)
          void refresh()
        }}
        onClose={() => setAssigning(false)}
      />
      <PromptDialog
        visible={revealing}
        title='查看提问人身份'
        subject='匿名咨询的身份只在确有必要时查看，原因和查看记录将被保存。'
        label='查看原因'
        placeholder='例如：需要联系当事人转交法律援助'
        multiline
        maxLength={revealReasonMax}
        confirmText='查看'
        validate={(value) => (Array.from(value).length < revealReasonMin ? `请填写原因（至少 ${revealReasonMin} 个字）` : null)}
        onSubmit={reveal}
        onClose={() => setRevealing(false)}
      />
    </PageShell>
  )
}
