import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api'
import { useAction } from '../../../hooks/use-action'
import type { PickupVerification, QueueOrder } from '../../../shared/api'
import { orderNoText } from '../../../utils/mall-labels'
import { dateTimeText } from '../../../utils/time'
import { ScanButton } from './scan-button'

const codePattern = /^\d{8}$/

/** The member shows an 8-digit code (or its QR); verifying it hands the goods over and completes the order. */
export function PickupVerify({ onVerified }: { onVerified: (order: QueueOrder) => void }) {
  const [code, setCode] = useState('')
  const [verified, setVerified] = useState<PickupVerification | null>(null)

  const verify = useAction(async (raw: string) => {
    const value = raw.trim()
    setVerified(null)
    const order = await api.mall.verifyPickup({ code: value })
    setCode('')
    setVerified(order)
    onVerified(order)
  })

  return (
    <View className='pickup-verify'>
      <Text className='pickup-verify__title'>核销自提订单</Text>
      <Text className='pickup-verify__hint'>请会员打开订单出示核销码，输入 8 位数字核销后交付商品。</Text>
      <View className='pickup-verify__row'>
        <Input
          className='form-field__input pickup-verify__input'
          type='number'
          value={code}
          maxlength={8}
          placeholder='8 位核销码'
          onInput={(e) => setCode(e.detail.value)}
          onConfirm={() => codePattern.test(code) && void verify.run(code)}
        />
        <Button
          className='pickup-verify__submit'
          type='primary'
          loading={verify.busy}
          disabled={verify.busy || !codePattern.test(code)}
          onClick={() => void verify.run(code)}
        >
          核销
        </Button>
      </View>
      <ScanButton disabled={verify.busy} onCode={(scanned) => void verify.run(scanned)} />
      {verified && (
        <View className={verified.replayed ? 'pickup-verify__result pickup-verify__result--repeat' : 'pickup-verify__result'}>
          <Text className='pickup-verify__result-title'>
            {verified.replayed ? `此码已于 ${dateTimeText(verified.updatedAt)} 由您核销，商品已交付，请勿重复发放` : '✓ 核销成功，请交付商品'}
          </Text>
          <Text className='pickup-verify__result-item'>
            {verified.item.title} × {verified.quantity}
          </Text>
          <Text className='pickup-verify__result-no'>订单编号：{orderNoText(verified.orderNo)}</Text>
          <Text>
            {verified.member.name}（{verified.member.memberNo}）· {verified.member.branchName}
          </Text>
        </View>
      )}
    </View>
  )
}
