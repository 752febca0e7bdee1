import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import type { SettlementRowView } from '../../../shared/api'
import { formatFen } from '../../../shared/aid/money'

interface SettlementRowProps {
  row: SettlementRowView
  busy: boolean
  onUseEngine: (row: SettlementRowView) => void
  onUseFile: (row: SettlementRowView) => void
}

const yuan = (fen: number | null) => (fen === null ? '—' : `${formatFen(fen)} 元`)

/** One row of the file as it was settled, flagged, or refused, with the engine's explanation. */
export function SettlementRow({ row, busy, onUseEngine, onUseFile }: SettlementRowProps) {
  const who = row.memberName ? `${row.memberName}${row.idLast4 ? `（尾号 ${row.idLast4}）` : ''}` : row.idLast4 ? `身份证尾号 ${row.idLast4}` : '身份证号无法识别'
  const open = row.outcome === 'flagged' && row.resolution === null
  return (
    <View className={`settlement-row settlement-row--${row.outcome}`}>
      <View className='settlement-row__head'>
        <Text className='settlement-row__line'>第 {row.line} 行</Text>
        <Text className='settlement-row__who'>{who}</Text>
      </View>
      {row.hospital && (
        <Text className='settlement-row__stay'>
          {row.hospital} · {row.admittedOn} 至 {row.dischargedOn}
        </Text>
      )}
      {row.message && <Text className='settlement-row__message'>{row.message}</Text>}
      {row.fileAidFen !== null && (
        <View className='settlement-row__figures'>
          <Text>自付 {yuan(row.selfFen)}</Text>
          <Text>文件互助金 {yuan(row.fileAidFen)}</Text>
          <Text>核算 {yuan(row.engineFen)}</Text>
          {row.payoutFen !== null && <Text className='settlement-row__paid'>已支付 {yuan(row.payoutFen)}</Text>}
        </View>
      )}
      {row.explanation.length > 0 && (
        <View className='settlement-row__explanation'>
          {row.explanation.map((text, i) => (
            <Text key={i}>{text}</Text>
          ))}
        </View>
      )}
      {row.resolution && (
        <Text className='settlement-row__resolved'>
          已按{row.resolution === 'engine' ? '核算金额' : '文件金额'}结算{row.resolveReason ? `：${row.resolveReason}` : ''}
        </Text>
      )}
      {open && (
        <View className='settlement-row__actions'>
          <Button size='small' className='settlement-row__use-file' disabled={busy} onClick={() => onUseFile(row)}>
            按文件金额
          </Button>
          {row.engineFen !== null && (
            <Button size='small' className='settlement-row__use-engine' type='primary' loading={busy} disabled={busy} onClick={() => onUseEngine(row)}>
              按核算金额
            </Button>
          )}
        </View>
      )}
    </View>
  )
}
