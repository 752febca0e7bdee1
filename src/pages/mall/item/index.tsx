import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { ItemImage } from '../../../components/item-image'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { SaleTag } from '../../../components/sale-tag'
import { useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { useSubscribeConsent } from '../../../hooks/use-subscribe-consent'
import { routes, withQuery } from '../../../routes'
import type { RedeemResult } from '../../../shared/api'
import { itemKindNames, limitText, memberBlockedText, redeemBlockedText } from '../../../utils/mall-labels'
import { dateTimeText } from '../../../utils/time'
import { PickupPointCard } from '../pickup-point-card'
import { RedeemSheet } from './redeem-sheet'
import { redirectPage } from '../../../utils/navigate'
import './index.scss'

export default function MallItemPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const item = useResource(`item:${id}`, () => api.mall.item({ id }), { enabled: valid })
  const [confirming, setConfirming] = useState(false)
  // Fetched with the page, so 确认兑换 can ask WeChat for consent within its tap.
  const consent = useSubscribeConsent('redeem')
  // Back from elsewhere (an order cancelled, points earned): balance and limit use may have moved.
  useRefreshOnReturn(() => void item.reload())

  const redeemed = (result: RedeemResult) => {
    setConfirming(false)
    void Taro.showToast({ title: result.replayed ? '该兑换已提交过，未重复扣分' : '兑换成功', icon: 'none', duration: 2000 })
    // The order replaces the item page: going back from it should not land on a stale confirmation.
    void redirectPage(withQuery(routes.mallOrder, { id: result.order.id }))
  }

  if (!item.data) {
    return (
      <PageShell className='mall-item'>
        {!valid ? (
          <LoadFailure error={{ message: '商品链接无效', notMember: false, code: 'NOT_FOUND' }} onRetry={() => void item.reload()} />
        ) : item.error ? (
          <LoadFailure error={item.error} onRetry={() => void item.reload()} />
        ) : (
          <PageState kind='loading' />
        )}
      </PageShell>
    )
  }

  const it = item.data
  // The item's own state first (已兑完 says more than 积分不足), then this member's limit and balance.
  const blocked = redeemBlockedText(it) ?? memberBlockedText(it, it.balance)
  const limit = limitText(it.limit)
  return (
    <PageShell className='mall-item'>
      <ItemImage className='mall-item__image' src={it.images[0]} title={it.title} kind={it.kind} caption={it.category.name} />
      <View className='mall-item__card'>
        <View className='mall-item__price'>
          <Text className='mall-item__points'>{it.pricePoints}</Text>
          <Text className='mall-item__unit'>积分</Text>
          <SaleTag item={it} />
        </View>
        <Text className='mall-item__title'>{it.title}</Text>
        <View className='mall-item__chips'>
          <Text className='mall-item__chip'>{itemKindNames[it.kind]}</Text>
          <Text className='mall-item__chip'>库存 {it.stock}</Text>
          {limit && <Text className='mall-item__chip'>{limit}</Text>}
        </View>
      </View>

      <View className='mall-item__card mall-item__facts'>
        <Text>分类：{it.category.name}</Text>
        <Text>
          兑换时间：{dateTimeText(it.saleStart)} 起{it.saleEnd ? `，至 ${dateTimeText(it.saleEnd)}` : ''}
        </Text>
        {it.kind === 'delivery' && <Text>配送方式：兑换时填写收货地址，由工会安排快递寄送</Text>}
        {it.kind === 'virtual' && <Text>发放方式：兑换成功后立即发放券码</Text>}
      </View>

      {it.kind === 'pickup' && it.pickupPoint && (
        <View className='mall-item__card'>
          <Text className='mall-item__section'>自提地点</Text>
          <PickupPointCard point={it.pickupPoint} />
        </View>
      )}

      {it.description && (
        <View className='mall-item__card'>
          <Text className='mall-item__section'>商品介绍</Text>
          <Text className='mall-item__description'>{it.description}</Text>
        </View>
      )}

      <View className='mall-item__bar'>
        <View className='mall-item__bar-row'>
          <Text className='mall-item__balance'>我的积分 {it.balance}</Text>
          {blocked && <Text className='mall-item__blocked'>{blocked}</Text>}
        </View>
        <Button className='mall-item__redeem' type='primary' block disabled={blocked !== null} onClick={() => setConfirming(true)}>
          {blocked ? '暂不可兑换' : '立即兑换'}
        </Button>
      </View>

      <RedeemSheet
        item={it}
        visible={confirming}
        onClose={() => setConfirming(false)}
        onRedeemed={redeemed}
        askConsent={consent.ask}
        onItemChanged={() => {
          setConfirming(false)
          void item.reload()
        }}
      />
    </PageShell>
  )
}
