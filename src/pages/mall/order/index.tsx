import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { OrderSummary } from '../../../components/order-summary'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { QrCode } from '../../../components/qr-code'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import type { Order } from '../../../shared/api'
import { couponValidityText, isCancellable, orderNoText } from '../../../utils/mall-labels'
import { dateTimeText } from '../../../utils/time'
import { PickupPointCard } from '../pickup-point-card'
import { CopyLine } from './copy-line'
import './index.scss'

/** What the member should do next, per status. */
function nextStep(order: Order): string {
  switch (order.status) {
    case 'pending_pickup':
      return order.pickupPoint ? `请到「${order.pickupPoint.name}」出示核销码领取` : '请到自提点出示核销码领取'
    case 'pending_shipment':
      return '工会正在安排发货，发货后可在此查看快递单号'
    case 'shipped':
      return '商品已寄出，请留意查收'
    case 'completed':
      if (order.item.kind !== 'virtual') return '订单已完成，感谢参与'
      if (order.couponValidity?.expired) return `券码已过期，最后使用日为 ${order.couponValidity.until}`
      return order.couponValidity ? `券码已发放，请于 ${order.couponValidity.until} 前使用` : '券码已发放，使用期限以券面说明为准'
    case 'cancelled':
      return `订单已取消，${order.points} 积分已退回`
  }
}

export default function MallOrderPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const order = useResource(`order:${id}`, () => api.mall.myOrder({ id }), { enabled: valid })

  // The operator may have handed it over or shipped it while the member was elsewhere.
  useRefreshOnReturn(() => void order.reload())
  usePullToRefresh(() => order.reload())

  const cancel = useAction(async (current: Order) => {
    const { confirm } = await Taro.showModal({
      title: '取消订单',
      content: `取消后 ${current.points} 积分将退回您的账户，确定取消吗？`,
      confirmText: '取消订单',
      cancelText: '再想想',
      confirmColor: '#c4161c',
    })
    if (!confirm) return
    const cancelled = await api.mall.cancel({ id: current.id })
    order.setData(() => cancelled)
    void Taro.showToast({ title: `已取消，${cancelled.points} 积分已退回`, icon: 'none', duration: 2500 })
  })

  const confirmReceived = useAction(async (current: Order) => {
    const { confirm } = await Taro.showModal({
      title: '确认收货',
      content: '请确认已收到商品。确认后订单完成。',
      confirmText: '已收到',
      cancelText: '还没有',
      confirmColor: '#c4161c',
    })
    if (!confirm) return
    const done = await api.mall.confirmReceived({ id: current.id })
    order.setData(() => done)
    void Taro.showToast({ title: '已确认收货', icon: 'success' })
  })

  if (!order.data) {
    return (
      <PageShell className='mall-order'>
        {!valid ? (
          <LoadFailure error={{ message: '订单链接无效', notMember: false, code: 'NOT_FOUND' }} onRetry={() => void order.reload()} />
        ) : order.error ? (
          <LoadFailure error={order.error} onRetry={() => void order.reload()} />
        ) : (
          <PageState kind='loading' />
        )}
      </PageShell>
    )
  }

  const o = order.data
  return (
    <PageShell className='mall-order'>
      <View className={`mall-order__status mall-order__status--${o.status}`}>
        <Text className='mall-order__next'>{nextStep(o)}</Text>
        {o.cancelReason && <Text className='mall-order__reason'>取消原因：{o.cancelReason}</Text>}
      </View>

      {o.status === 'pending_pickup' && o.pickupCode && (
        <View className='mall-order__card mall-order__pickup'>
          <Text className='mall-order__code-label'>核销码</Text>
          <Text className='mall-order__code'>{o.pickupCode}</Text>
          <QrCode className='mall-order__qr' text={o.pickupCode} />
          <Text className='mall-order__hint'>请勿将核销码告诉他人，工作人员核销后即视为已领取。</Text>
        </View>
      )}

      {o.pickupPoint && (
        <View className='mall-order__card'>
          <Text className='mall-order__section'>自提地点</Text>
          <PickupPointCard point={o.pickupPoint} />
        </View>
      )}

      {o.couponCode && (
        <View className={`mall-order__card${o.couponValidity?.expired ? ' mall-order__card--expired' : ''}`}>
          <CopyLine className='mall-order__coupon' label='券码' value={o.couponCode} />
          {o.couponValidity && (
            <Text className={`mall-order__validity${o.couponValidity.expired ? ' mall-order__validity--expired' : ''}`}>
              {couponValidityText(o.couponValidity)}
            </Text>
          )}
        </View>
      )}

      {o.delivery && (
        <View className='mall-order__card mall-order__delivery'>
          <Text className='mall-order__section'>收货信息</Text>
          <Text className='mall-order__recipient'>
            {o.delivery.name} {o.delivery.phone}
          </Text>
          <Text className='mall-order__address'>{o.delivery.address}</Text>
        </View>
      )}

      {o.trackingNo && (
        <View className='mall-order__card'>
          <CopyLine className='mall-order__tracking' label='快递单号' value={o.trackingNo} />
        </View>
      )}

      <View className='mall-order__card'>
        <OrderSummary order={o} />
        <View className='mall-order__facts'>
          <Text className='mall-order__no'>订单编号：{orderNoText(o.orderNo)}</Text>
          <Text>兑换时间：{dateTimeText(o.createdAt)}</Text>
          {o.updatedAt !== o.createdAt && <Text>更新时间：{dateTimeText(o.updatedAt)}</Text>}
        </View>
      </View>

      {isCancellable(o.status) && (
        <View className='mall-order__actions'>
          <Button className='mall-order__cancel' block loading={cancel.busy} disabled={cancel.busy} onClick={() => void cancel.run(o)}>
            取消订单
          </Button>
        </View>
      )}
      {o.status === 'shipped' && (
        <View className='mall-order__actions'>
          <Button
            className='mall-order__received'
            type='primary'
            block
            loading={confirmReceived.busy}
            disabled={confirmReceived.busy}
            onClick={() => void confirmReceived.run(o)}
          >
            确认收货
          </Button>
        </View>
      )}
    </PageShell>
  )
}
