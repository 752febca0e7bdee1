import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import { courseCategoryNames, courseOrderStatusNames } from '../../../shared/course/names'
import { openPage } from '../../../utils/navigate'
import { dateText, dateTimeText, timeRangeText } from '../../../utils/time'
import { placesText } from '../facts'
import { OrderForm } from './order-form'
import '../training.scss'
import './index.scss'

/** One order: what the enterprise asked for, the decision, and the sessions scheduled for it. */
function OrderDetailView({ id }: { id: number }) {
  const order = useResource(`training-order:${id}`, () => api.course.orderDetail({ id }))
  const [declining, setDeclining] = useState(false)
  usePullToRefresh(() => order.reload())
  useRefreshOnReturn(() => void order.reload())

  const accept = useAction(async () => {
    const { confirm } = await Taro.showModal({ title: '受理点单', content: '受理后请为该单位安排培训场次，点单单位会收到通知。', confirmText: '受理', cancelText: '再想想' })
    if (!confirm) return
    await api.course.acceptOrder({ id })
    void Taro.showToast({ title: '已受理', icon: 'success' })
    await order.reload()
  })
  const cancel = useAction(async () => {
    const { confirm } = await Taro.showModal({ title: '撤回点单', content: '撤回后上级工会将不再处理这次点单。', confirmText: '撤回', cancelText: '再想想' })
    if (!confirm) return
    await api.course.cancelOrder({ id })
    void Taro.showToast({ title: '已撤回', icon: 'success' })
    await order.reload()
  })

  if (order.error) {
    return (
      <PageShell className='training-order'>
        <LoadFailure error={order.error} onRetry={() => void order.reload()} />
      </PageShell>
    )
  }
  const o = order.data
  if (!o) {
    return (
      <PageShell className='training-order'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  return (
    <PageShell className='training-order'>
      <View className='training-card'>
        <View className='training-card__head'>
          <Text className='training-card__title'>{o.course.title}</Text>
          <Text className={`training-tag training-tag--${o.status === 'requested' ? 'wait' : o.status === 'accepted' || o.status === 'delivered' ? 'good' : 'plain'}`}>
            {courseOrderStatusNames[o.status]}
          </Text>
        </View>
        <Text className='training-card__fact'>
          {courseCategoryNames[o.course.category]} · 授课 {o.course.teacher || '待定'}
        </Text>
        <Text className='training-card__fact'>点单单位：{o.branch.name}</Text>
        <Text className='training-card__fact'>参训人数：{o.headcount} 人</Text>
        <Text className='training-card__fact'>期望日期：{o.preferredDates.join('、')}</Text>
        <Text className='training-card__fact'>
          联系人：{o.contactName} {o.contactPhone}
        </Text>
        {o.note && <Text className='training-card__fact order-page__note'>备注：{o.note}</Text>}
        <Text className='training-card__note'>
          {o.orderedBy} 于 {dateText(o.createdAt)} 提交
        </Text>
        {o.decidedBy && o.decidedAt && (
          <Text className='training-card__note'>
            {o.decidedBy} 于 {dateTimeText(o.decidedAt)} {o.status === 'declined' ? '未受理' : '受理'}
          </Text>
        )}
        {o.declineReason && <Text className='order-page__reason'>未受理原因：{o.declineReason}</Text>}
        {(o.canDecide || o.canCancel) && (
          <View className='training-card__actions'>
            {o.canCancel && (
              <Button size='small' loading={cancel.busy} onClick={() => void cancel.run()}>
                撤回点单
              </Button>
            )}
            {o.canDecide && (
              <>
                <Button size='small' type='danger' onClick={() => setDeclining(true)}>
                  不受理
                </Button>
                <Button size='small' type='primary' loading={accept.busy} onClick={() => void accept.run()}>
                  受理
                </Button>
              </>
            )}
          </View>
        )}
      </View>

      {(o.status === 'accepted' || o.status === 'delivered') && (
        <View className='training-card'>
          <View className='training-card__head'>
            <Text className='training-card__section training-card__title'>培训场次（{o.sessions.length}）</Text>
            {o.canSchedule && (
              <Button size='small' type='primary' onClick={() => void openPage(withQuery(routes.trainingSessionEdit, { orderId: o.id }))}>
                安排培训
              </Button>
            )}
          </View>
          {o.sessions.length === 0 && <Text className='training-card__note'>{o.canSchedule ? '请安排培训的时间、地点和名额，本单位职工即可报名。' : '上级工会正在安排培训场次。'}</Text>}
          {o.sessions.map((s) => (
            <View key={s.id} className='training-line' onClick={() => void openPage(withQuery(routes.trainingSession, { id: s.id }))}>
              <View className='training-line__main'>
                <Text>{timeRangeText(s)}</Text>
                <Text className='training-line__sub'>
                  {s.place} · {placesText(s)}
                </Text>
              </View>
              <Text className='training-line__sub'>›</Text>
            </View>
          ))}
        </View>
      )}

      <PromptDialog
        visible={declining}
        title='不受理点单'
        subject={`${o.branch.name} · ${o.course.title}`}
        label='原因'
        multiline
        maxLength={200}
        placeholder='点单单位将看到这一原因'
        confirmText='确认'
        validate={(reason) => (reason.length < 2 ? '请填写原因（2–200 字）' : null)}
        onSubmit={async (reason) => {
          await api.course.declineOrder({ id, reason })
          setDeclining(false)
          await order.reload()
        }}
        onClose={() => setDeclining(false)}
      />
    </PageShell>
  )
}

/** ?courseId= : the order form (企业点单); ?id= : an order's detail. */
export default function TrainingOrderPage() {
  const params = useRouter().params
  const courseId = params.courseId ? Number(params.courseId) : null
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: courseId !== null ? '企业点单' : '点单详情' })
  }, [courseId])
  if (courseId !== null) return <OrderForm courseId={courseId} />
  return <OrderDetailView id={Number(params.id)} />
}
