import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api, errorText } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { ChoiceChips } from '../../../components/choice-chips'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { formatFen } from '../../../shared/aid/money'
import type { BranchRef, EnrolPreview } from '../../../shared/api'
import { maxSheetRows, sheetColumns } from '../../../shared/aid/enrol-sheet'
import { chooseForUpload, startUpload } from '../../../utils/upload-file'
import { BatchCard } from '../batch-card'
import { SheetPreview } from './sheet-preview'
import './index.scss'

/** Where the sheet stands: nothing yet, on its way (share of bytes sent), being read, or read. */
type SheetState =
  | { step: 'none' }
  | { step: 'uploading'; name: string; sent: number }
  | { step: 'reading'; name: string }
  | { step: 'read'; name: string; fileId: number; preview: EnrolPreview }

/**
 * 互助参保 for an enterprise union: upload the list of workers (xlsx), see what would be enrolled
 * and what is wrong row by row, submit the accepted rows as one batch awaiting payment, and
 * follow the batches already sent.
 */
export default function EnrolBatchPage() {
  const me = useResource('me', () => api.auth.me())
  const [branch, setBranch] = useState<BranchRef | null>(null)
  const [planId, setPlanId] = useState<number | null>(null)
  const [sheet, setSheet] = useState<SheetState>({ step: 'none' })
  const [submitting, setSubmitting] = useState(false)
  const request = useRequestId()

  // The union the staff member runs is the first guess; a town's admin picks an enterprise below.
  useEffect(() => {
    const grant = me.data?.grants.find((g) => g.role === 'admin' || g.role === 'aid_admin')
    if (grant && !branch) setBranch(grant.branch)
  }, [me.data])

  const plans = useResource(`aid-enrol-plans:${branch?.id ?? 0}`, () => api.aid.enrolPlans({ branchId: branch?.id ?? 0 }), { enabled: branch !== null })
  useEffect(() => {
    const first = plans.data?.[0]
    setPlanId(first ? first.id : null)
  }, [plans.data])

  const batches = usePagedList('aid-batches', (cursor) => api.aid.enrolBatches({ cursor }))
  usePullToRefresh(() => batches.reload())
  useReachBottom(() => void batches.loadMore())

  const readSheet = async (fileId: number, name: string) => {
    if (!branch || !planId) return
    setSheet({ step: 'reading', name })
    try {
      const preview = await api.aid.enrolSheetPreview({ planId, branchId: branch.id, fileId })
      setSheet({ step: 'read', name, fileId, preview })
    } catch (error) {
      setSheet({ step: 'none' })
      void Taro.showModal({ title: '名单无法使用', content: errorText(error), showCancel: false })
    }
  }

  const choose = async () => {
    const [file] = await chooseForUpload('aid_sheet', 1)
    if (!file) return
    setSheet({ step: 'uploading', name: file.name, sent: 0 })
    const upload = startUpload('aid_sheet', file, (sent) => setSheet({ step: 'uploading', name: file.name, sent }))
    try {
      const stored = await upload.done
      await readSheet(stored.id, file.name)
    } catch (error) {
      setSheet({ step: 'none' })
      void Taro.showToast({ title: errorText(error), icon: 'none', duration: 3000 })
    }
  }

  const submit = async () => {
    if (sheet.step !== 'read' || !branch || !planId) return
    const { preview, fileId } = sheet
    const { confirm } = await Taro.showModal({
      title: '提交参保名单',
      content: `为「${preview.branch.name}」的 ${preview.accepted} 名会员参加「${preview.plan.name}」，应缴互助金 ${formatFen(preview.totalFen)} 元。提交后请向上级工会缴费，由上级工会的互助管理员确认。`,
      confirmText: '提交',
    })
    if (!confirm) return
    setSubmitting(true)
    try {
      const input = { planId, branchId: branch.id, fileId }
      await api.aid.enrolSheetSubmit({ ...input, requestId: request.idFor(input) })
      request.reset()
      setSheet({ step: 'none' })
      void Taro.showToast({ title: '已提交，待确认缴费', icon: 'success' })
      void batches.reload()
    } catch (error) {
      void Taro.showModal({ title: '提交失败', content: errorText(error), showCancel: false })
    } finally {
      setSubmitting(false)
    }
  }

  const busy = sheet.step === 'uploading' || sheet.step === 'reading'
  const preview = sheet.step === 'read' ? sheet.preview : null
  const canSubmit = preview !== null && preview.accepted > 0 && preview.participation.ok

  return (
    <PageShell className='enrol-batch'>
      <View className='enrol-batch__card'>
        <Text className='enrol-batch__title'>上传参保名单</Text>
        <BranchPicker
          scope={me.data?.grants.some((g) => g.role === 'admin') ? 'admin' : 'aid_admin'}
          value={branch}
          onChange={(b) => {
            setBranch(b)
            setSheet({ step: 'none' })
          }}
          title='选择参保单位'
          placeholder='选择参保单位'
          disabled={busy}
        />
        {plans.status === 'loading' && branch && <PageState kind='loading' text='正在查找互助计划…' />}
        {plans.error && <LoadFailure error={plans.error} onRetry={() => void plans.reload()} />}
        {plans.data && plans.data.length === 0 && <PageState kind='empty' message='该单位目前没有开放参保的互助计划' />}
        {plans.data && plans.data.length > 0 && (
          <ChoiceChips
            options={plans.data.map((p) => ({ value: p.id, label: `${p.name}（${formatFen(p.contributionFen)} 元/人）` }))}
            value={planId}
            onChange={(id) => {
              setPlanId(id)
              setSheet({ step: 'none' })
            }}
            disabled={busy}
          />
        )}
        <Text className='enrol-batch__hint'>
          Excel 表格（.xlsx），表头须有「{sheetColumns.join('」「')}」两列；身份证号列请设为「文本」格式；每个文件最多 {maxSheetRows.toLocaleString('en-US')} 行。
        </Text>
        <Button className='enrol-batch__choose' type='primary' disabled={!planId || busy || submitting} onClick={() => void choose()}>
          {sheet.step === 'none' ? '选择名单文件' : '重新选择名单文件'}
        </Button>
        {sheet.step === 'uploading' && (
          <Text className='enrol-batch__progress'>
            正在上传 {sheet.name}… {Math.round(sheet.sent * 100)}%
          </Text>
        )}
        {sheet.step === 'reading' && <PageState kind='loading' text={`正在核对 ${sheet.name}…`} />}
      </View>

      {preview && (
        <View className='enrol-batch__card'>
          <Text className='enrol-batch__title'>核对结果：{sheet.step === 'read' ? sheet.name : ''}</Text>
          <SheetPreview preview={preview} />
          <Button className='enrol-batch__submit' type='primary' disabled={!canSubmit} loading={submitting} onClick={() => void submit()}>
            {`提交参保（${preview.accepted} 人，${formatFen(preview.totalFen)} 元）`}
          </Button>
        </View>
      )}

      <View className='enrol-batch__section'>
        <Text>参保批次</Text>
      </View>
      {batches.status === 'loading' && <PageState kind='loading' />}
      {batches.failure && <LoadFailure error={batches.failure} onRetry={() => void batches.reload()} />}
      {batches.status === 'ready' && batches.items.length === 0 && <PageState kind='empty' message='还没有提交过参保名单' />}
      {batches.status === 'ready' && batches.items.map((b) => <BatchCard key={b.id} batch={b} />)}
      {batches.status === 'ready' && batches.items.length > 0 && (
        <ListFooter loadingMore={batches.loadingMore} hasMore={batches.hasMore} moreError={batches.moreError} onLoadMore={() => void batches.loadMore()} />
      )}
    </PageShell>
  )
}
