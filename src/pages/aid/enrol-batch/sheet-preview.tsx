import { Button, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { formatBp, formatFen } from '../../../shared/aid/money'
import type { EnrolPreview } from '../../../shared/api'

const pageSize = 10

/**
 * What submitting the sheet would do: counts, the contribution total, the participation rule,
 * and every refused row with its reason, a page of them at a time.
 */
export function SheetPreview({ preview }: { preview: EnrolPreview }) {
  const [page, setPage] = useState(0)
  useEffect(() => setPage(0), [preview])
  const { participation: p } = preview
  const pages = Math.max(1, Math.ceil(preview.errors.length / pageSize))
  const shown = preview.errors.slice(page * pageSize, (page + 1) * pageSize)
  return (
    <View className='sheet-preview'>
      <View className='sheet-preview__counts'>
        <Text>共 {preview.rows} 行</Text>
        <Text className='sheet-preview__accepted'>可参保 {preview.accepted} 人</Text>
        <Text className={preview.errorCount ? 'sheet-preview__bad' : ''}>有误 {preview.errorCount} 行</Text>
      </View>
      <Text className='sheet-preview__total'>
        应缴互助金 {preview.accepted} 人 × {formatFen(preview.plan.contributionFen)} 元 = {formatFen(preview.totalFen)} 元
      </Text>
      <Text className={p.ok ? 'sheet-preview__rule' : 'sheet-preview__rule sheet-preview__rule--low'}>
        参保率 {formatBp(p.ratioBp)}（本单位会员 {p.members} 人，已参保 {p.enrolled} 人，本次 {p.accepted} 人）
        {p.minBp === null ? '，本计划不设参保率要求' : p.ok ? `，达到要求的 ${formatBp(p.minBp)}` : `，未达到要求的 ${formatBp(p.minBp)}，不能提交`}
      </Text>
      {preview.errorCount > 0 && (
        <View className='sheet-preview__errors'>
          <Text className='sheet-preview__errors-title'>有误的行（不会参保，请改正后另行上传）</Text>
          {shown.map((e) => (
            <View key={e.row} className='sheet-error'>
              <Text className='sheet-error__row'>第 {e.row} 行</Text>
              <Text className='sheet-error__who'>
                {e.name || '（无姓名）'} {e.maskedIdNumber ?? ''}
              </Text>
              <Text className='sheet-error__message'>{e.message}</Text>
            </View>
          ))}
          {preview.errorCount > preview.errors.length && (
            <Text className='sheet-preview__more'>另有 {preview.errorCount - preview.errors.length} 行有误未列出</Text>
          )}
          {pages > 1 && (
            <View className='sheet-preview__pager'>
              <Button size='mini' disabled={page === 0} onClick={() => setPage(page - 1)}>
                上一页
              </Button>
              <Text>
                第 {page + 1}/{pages} 页
              </Text>
              <Button size='mini' disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                下一页
              </Button>
            </View>
          )}
        </View>
      )}
    </View>
  )
}
