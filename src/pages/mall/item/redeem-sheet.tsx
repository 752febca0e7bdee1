import { Button, InputNumber, Popup } from '@nutui/nutui-react-taro'
import { ScrollView, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { ApiCallError, api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import type { MallItemDetail, RedeemResult } from '../../../shared/api'
import { itemKindNames, limitText, memberBlockedText, redeemableQuantity } from '../../../utils/mall-labels'
import { AddressFields, emptyAddress, validateAddress } from './address-fields'
import type { Address, AddressErrors } from './address-fields'

/** The contract allows at most 10 per redemption. */
const maxPerRedeem = 10

/** Refusals after which the item page is out of date (stock, sale window, shelf, the member's limit). */
const staleItemCodes: readonly ApiCallError['code'][] = ['SOLD_OUT', 'SALE_NOT_STARTED', 'SALE_ENDED', 'ITEM_OFF_SHELF', 'NOT_FOUND', 'LIMIT_REACHED']

interface RedeemSheetProps {
  item: MallItemDetail
  visible: boolean
  onClose: () => void
  onRedeemed: (result: RedeemResult) => void
  /** Asks for subscribe-message consent; must run within the 确认兑换 tap, before any await. */
  askConsent: () => void
  /** The server refused because the item changed: the page reloads it. */
  onItemChanged: () => void
}

/** The confirmation step: quantity, balance before and after, and the address for delivery items. */
export function RedeemSheet(props: RedeemSheetProps) {
  return (
    <Popup visible={props.visible} position='bottom' round closeable destroyOnClose title='确认兑换' onClose={props.onClose}>
      {/* Mounted per opening: each opening is a new intent with its own request id and a fresh balance. */}
      {props.visible && <RedeemForm {...props} />}
    </Popup>
  )
}

function RedeemForm({ item, onRedeemed, onItemChanged, askConsent }: RedeemSheetProps) {
  const [quantity, setQuantity] = useState(1)
  const [address, setAddress] = useState<Address>(emptyAddress)
  const [addressErrors, setAddressErrors] = useState<AddressErrors>({})
  const summary = useResource('summary', () => api.points.summary())
  const requestId = useRequestId()

  const balance = summary.data?.balance ?? null
  // Capped by balance, limit and stock, so the sheet never offers a quantity the server would refuse
  // and never shows a negative balance; the balance is read afresh, the item page's may be stale.
  const maxQuantity = balance === null ? 0 : redeemableQuantity(item, balance, maxPerRedeem)
  const chosen = Math.max(1, Math.min(quantity, maxQuantity))
  const cost = item.pricePoints * chosen
  const after = balance === null || maxQuantity < 1 ? null : balance - cost
  const refusal = balance !== null && maxQuantity < 1 ? (memberBlockedText(item, balance) ?? '库存不足，暂不可兑换') : null
  const delivery = item.kind === 'delivery'

  const redeem = useAction(async () => {
    if (delivery) {
      const found = validateAddress(address)
      setAddressErrors(found)
      if (Object.keys(found).length > 0) return
    }
    // Still inside the tap: WeChat shows its consent dialog only for a request made before any await.
    askConsent()
    const payload = {
      itemId: item.id,
      quantity: chosen,
      address: delivery ? { name: address.name.trim(), phone: address.phone.trim(), address: address.address.trim() } : null,
    }
    try {
      // Same payload, same id: a retry after a lost answer gets the first order back, charged once.
      onRedeemed(await api.mall.redeem({ ...payload, requestId: requestId.idFor(payload) }))
    } catch (error) {
      if (error instanceof ApiCallError && staleItemCodes.includes(error.code)) onItemChanged()
      if (error instanceof ApiCallError && error.code === 'INSUFFICIENT_POINTS') void summary.reload()
      throw error
    }
  })

  const limit = limitText(item.limit)
  return (
    <View className='redeem-sheet'>
      <ScrollView className='redeem-sheet__scroll' scrollY>
        <View className='redeem-sheet__item'>
          <Text className='redeem-sheet__title'>{item.title}</Text>
          <Text className='redeem-sheet__meta'>
            {item.pricePoints} 积分/件 · {itemKindNames[item.kind]}
            {limit ? ` · ${limit}` : ''}
          </Text>
        </View>

        <View className='redeem-sheet__row'>
          <Text className='redeem-sheet__label'>兑换数量</Text>
          {maxQuantity > 1 ? (
            <InputNumber
              className='redeem-sheet__quantity'
              value={chosen}
              min={1}
              max={maxQuantity}
              onChange={(value) => setQuantity(Math.min(maxQuantity, Math.max(1, Number(value) || 1)))}
            />
          ) : (
            <Text className='redeem-sheet__quantity-fixed'>1 件</Text>
          )}
        </View>

        {summary.status === 'loading' && <PageState kind='loading' text='正在查询积分…' />}
        {summary.status === 'error' && summary.error && <LoadFailure error={summary.error} onRetry={() => void summary.reload()} />}
        {refusal && <Text className='redeem-sheet__refusal'>{refusal}</Text>}
        {balance !== null && after !== null && (
          <View className='redeem-sheet__ledger'>
            <View className='redeem-sheet__row'>
              <Text className='redeem-sheet__label'>当前积分</Text>
              <Text className='redeem-sheet__before'>{balance}</Text>
            </View>
            <View className='redeem-sheet__row'>
              <Text className='redeem-sheet__label'>本次兑换</Text>
              <Text className='redeem-sheet__cost'>-{cost}</Text>
            </View>
            <View className='redeem-sheet__row redeem-sheet__row--total'>
              <Text className='redeem-sheet__label'>兑换后积分</Text>
              <Text className='redeem-sheet__after'>{after}</Text>
            </View>
          </View>
        )}

        {delivery && (
          <AddressFields
            value={address}
            errors={addressErrors}
            onChange={(field, value) => {
              setAddress((a) => ({ ...a, [field]: value }))
              setAddressErrors((e) => ({ ...e, [field]: undefined }))
            }}
          />
        )}
        {item.kind === 'pickup' && item.pickupPoint && (
          <Text className='redeem-sheet__note'>
            兑换后凭核销码到「{item.pickupPoint.name}」领取：{item.pickupPoint.address}
          </Text>
        )}
        {item.kind === 'virtual' && <Text className='redeem-sheet__note'>兑换成功后券码立即发放，可在订单详情中查看</Text>}
      </ScrollView>

      <Button
        className='redeem-sheet__confirm'
        type='primary'
        block
        loading={redeem.busy}
        disabled={redeem.busy || after === null}
        onClick={() => void redeem.run()}
      >
        {refusal ? '暂不可兑换' : redeem.busy ? '正在兑换…' : `确认兑换（${cost} 积分）`}
      </Button>
    </View>
  )
}
