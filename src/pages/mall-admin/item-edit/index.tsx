import { Button, Checkbox } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { ChoiceChips } from '../../../components/choice-chips'
import { DateTimeField } from '../../../components/datetime-field'
import { FormField } from '../../../components/form-field'
import { ImageUpload } from '../../../components/image-upload'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { routes } from '../../../routes'
import type { Category, ItemKind, ManagedItem } from '../../../shared/api'
import { itemKindNames, limitPeriodNames } from '../../../utils/mall-labels'
import type { LimitPeriod } from '../../../utils/mall-labels'
import { draftOf, newDraft, saveInput, validateDraft } from './draft'
import { PickupPointPicker } from './pickup-point-picker'
import type { Draft, DraftErrors } from './draft'
import { redirectPage } from '../../../utils/navigate'
import './index.scss'

const kindOptions = (['pickup', 'delivery', 'virtual'] as const).map((k) => ({ value: k, label: itemKindNames[k] }))
const limitOptions: { value: LimitPeriod | 'none'; label: string }[] = [
  { value: 'none', label: '不限' },
  ...(['day', 'month', 'lifetime'] as const).map((p) => ({ value: p, label: limitPeriodNames[p] })),
]

function leave() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void redirectPage(routes.mallAdminItems)
}

export default function ItemEditPage() {
  const idParam = useRouter().params.id
  const id = idParam ? Number(idParam) : null
  const categories = useResource('categories', () => api.mall.categories())
  const existing = useResource(`manage-item:${id}`, () => api.mall.manageItem({ id: id ?? 0 }), { enabled: id !== null })

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id === null ? '新建商品' : '编辑商品' })
  }, [id])

  const failure = categories.error ?? (id !== null ? existing.error : null)
  if (failure) {
    const retry = () => void Promise.all([categories.reload(), id !== null ? existing.reload() : undefined])
    return (
      <PageShell className='item-edit'>
        <LoadFailure error={failure} onRetry={retry} />
      </PageShell>
    )
  }
  if (!categories.data || (id !== null && !existing.data)) {
    return (
      <PageShell className='item-edit'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  return <ItemEditor item={id !== null ? existing.data : null} categories={categories.data} />
}

function ItemEditor({ item, categories }: { item: ManagedItem | null; categories: Category[] }) {
  const creating = item === null
  const [draft, setDraft] = useState<Draft>(() => (item ? draftOf(item) : newDraft()))
  const [errors, setErrors] = useState<DraftErrors>({})

  const update = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const newItem = useRequestId()
  const [uploading, setUploading] = useState(false)

  const save = useAction(async () => {
    if (uploading) {
      void Taro.showToast({ title: '图片上传中，请稍候', icon: 'none' })
      return
    }
    const found = validateDraft(draft, creating)
    setErrors(found)
    const input = saveInput(draft, item?.id ?? null)
    if (Object.keys(found).length > 0 || !input) {
      void Taro.showToast({ title: Object.values(found)[0] ?? '请检查填写内容', icon: 'none' })
      return
    }
    // One id per editor opened to create: a resend after a lost answer finds the item it made.
    const saved = await api.mall.saveItem({ ...input, requestId: creating ? newItem.idFor('new-item') : null })
    void Taro.showToast({ title: creating ? '商品已创建' : '已保存', icon: 'success' })
    if (creating && saved.kind === 'virtual') {
      await Taro.showModal({ title: '请上传券码', content: '虚拟券的库存来自上传的券码：请在商品列表点击「上传券码」。', showCancel: false })
    }
    leave()
  })

  const categoryOptions = categories.map((c) => ({ value: c.id, label: c.name }))
  const today = dayjs().format('YYYY-MM-DD')
  return (
    <PageShell className='item-edit'>
      <View className='item-edit__card'>
        <FormField label='商品名称' required error={errors.title}>
          <Input
            className='form-field__input item-edit__title'
            value={draft.title}
            maxlength={40}
            placeholder='2–40 字'
            onInput={(e) => update('title', e.detail.value)}
          />
        </FormField>
        <FormField label='分类' required error={errors.categoryId}>
          <ChoiceChips className='item-edit__category' options={categoryOptions} value={draft.categoryId} onChange={(v) => update('categoryId', v)} />
        </FormField>
        <FormField label='商品类型' required error={errors.kind} hint={creating ? '创建后不能修改' : '商品类型创建后不能修改'}>
          <ChoiceChips<ItemKind>
            className='item-edit__kind'
            options={kindOptions}
            value={draft.kind}
            disabled={!creating}
            onChange={(v) => update('kind', v)}
          />
        </FormField>
        <FormField label='兑换积分' required error={errors.pricePoints}>
          <Input
            className='form-field__input item-edit__price'
            type='number'
            value={draft.pricePoints}
            maxlength={7}
            placeholder='每件所需积分'
            onInput={(e) => update('pricePoints', e.detail.value)}
          />
        </FormField>
        <FormField label='商品图片' hint='选填，拍照或从相册选择，会自动压缩'>
          <ImageUpload className='item-edit__image' purpose='goods_image' value={draft.image} onChange={(v) => update('image', v)} onBusyChange={setUploading} />
        </FormField>
        <FormField label='商品介绍' error={errors.description}>
          <Textarea
            className='form-field__textarea item-edit__description'
            value={draft.description}
            maxlength={1000}
            placeholder='规格、领取或使用说明，选填'
            onInput={(e) => update('description', e.detail.value)}
          />
        </FormField>
      </View>

      <View className='item-edit__card'>
        {draft.kind === 'virtual' ? (
          <Text className='item-edit__note'>虚拟券的库存来自上传的券码，保存后在商品列表点击「上传券码」。</Text>
        ) : creating ? (
          <FormField label='初始库存' error={errors.initialStock} hint='之后可在商品列表补货'>
            <Input
              className='form-field__input item-edit__stock'
              type='number'
              value={draft.initialStock}
              maxlength={7}
              placeholder='0'
              onInput={(e) => update('initialStock', e.detail.value)}
            />
          </FormField>
        ) : (
          <Text className='item-edit__note'>当前库存 {item?.stock ?? 0}，补货请在商品列表操作。</Text>
        )}
        <FormField label='每人限兑' error={errors.limitCount}>
          <ChoiceChips className='item-edit__limit' options={limitOptions} value={draft.limitPeriod} onChange={(v) => update('limitPeriod', v)} />
          {draft.limitPeriod !== 'none' && (
            <Input
              className='form-field__input item-edit__limit-count'
              type='number'
              value={draft.limitCount}
              maxlength={3}
              placeholder='限兑件数'
              onInput={(e) => update('limitCount', e.detail.value)}
            />
          )}
        </FormField>
      </View>

      <View className='item-edit__card'>
        <FormField label='可兑范围' required error={errors.scope} hint='该组织及其下级组织的会员可以看到并兑换'>
          <BranchPicker
            scope='mall_operator'
            value={draft.scope}
            title='选择可兑范围'
            placeholder='请选择工会组织'
            onChange={(b) => update('scope', b)}
          />
        </FormField>
        {draft.kind === 'pickup' && (
          <FormField label='自提点' required error={errors.pickupPoint} hint='会员凭核销码到这里领取'>
            <PickupPointPicker value={draft.pickupPoint} onChange={(p) => update('pickupPoint', p)} />
          </FormField>
        )}
        <FormField label='开始兑换时间' required>
          <DateTimeField value={draft.saleStart} onChange={(v) => update('saleStart', v)} />
        </FormField>
        <FormField label='结束兑换时间' error={errors.saleEnd}>
          <Checkbox
            className='form-checkbox item-edit__has-end'
            checked={draft.hasEnd}
            label='设置结束时间（不设置则长期有效）'
            onChange={(v) => update('hasEnd', v)}
          />
          {draft.hasEnd && <DateTimeField value={draft.saleEnd} start={today} onChange={(v) => update('saleEnd', v)} />}
        </FormField>
        <Checkbox
          className='form-checkbox item-edit__on-sale'
          checked={draft.onSale}
          label='上架（取消勾选则会员看不到此商品）'
          onChange={(v) => update('onSale', v)}
        />
      </View>

      <View className='item-edit__actions'>
        <Button className='item-edit__save' type='primary' block loading={save.busy} disabled={save.busy} onClick={() => void save.run()}>
          {creating ? '创建商品' : '保存'}
        </Button>
      </View>
    </PageShell>
  )
}
