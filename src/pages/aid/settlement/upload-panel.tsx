import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { api, errorText } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import type { BranchRef, SettlementImport } from '../../../shared/api'
import { chooseForUpload, startUpload } from '../../../utils/upload-file'
import type { LocalFile } from '../../../utils/upload-file'

interface UploadPanelProps {
  /** The county or city branches the caller imports for. */
  branches: BranchRef[]
  onStarted: (imported: SettlementImport) => void
}

type Step = { kind: 'idle' } | { kind: 'uploading'; sent: number } | { kind: 'starting' } | { kind: 'failed'; message: string }

/**
 * Choose the 医保 settlement file (CSV or xlsx), upload it with its progress, and start the import
 * for the chosen branch. The import's first batch is done when start answers.
 */
export function UploadPanel({ branches, onStarted }: UploadPanelProps) {
  const [branchId, setBranchId] = useState<number | null>(branches.length === 1 ? branches[0].id : null)
  const [file, setFile] = useState<LocalFile | null>(null)
  const [step, setStep] = useState<Step>({ kind: 'idle' })
  const busy = step.kind === 'uploading' || step.kind === 'starting'

  const choose = async () => {
    const [chosen] = await chooseForUpload('aid_settlement', 1).catch(() => [])
    if (chosen) {
      setFile(chosen)
      setStep({ kind: 'idle' })
    }
  }

  const start = async () => {
    if (!file || branchId === null) return
    setStep({ kind: 'uploading', sent: 0 })
    try {
      const stored = await startUpload('aid_settlement', file, (sent) => setStep({ kind: 'uploading', sent })).done
      setStep({ kind: 'starting' })
      const imported = await api.aid.settlementStart({ branchId, fileId: stored.id })
      setFile(null)
      setStep({ kind: 'idle' })
      onStarted(imported)
    } catch (error) {
      setStep({ kind: 'failed', message: errorText(error) })
    }
  }

  return (
    <View className='upload-panel'>
      <Text className='upload-panel__title'>导入医保结算文件</Text>
      <Text className='upload-panel__hint'>CSV（UTF-8）或 Excel（.xlsx），不超过 20 MB；第一行为表头：身份证号、医院、入院日期、出院日期、总费用、医保支付、自付、互助金支付。</Text>
      {branches.length > 1 && (
        <View className='upload-panel__field'>
          <Text className='upload-panel__label'>导入范围</Text>
          <ChoiceChips options={branches.map((b) => ({ value: b.id, label: b.name }))} value={branchId} onChange={setBranchId} disabled={busy} />
        </View>
      )}
      <View className='upload-panel__file' onClick={() => !busy && void choose()}>
        <Text className='upload-panel__file-name'>{file ? file.name : '选择文件'}</Text>
        {file && <Text className='upload-panel__file-size'>{Math.max(1, Math.round(file.size / 1024))} KB</Text>}
      </View>
      {step.kind === 'uploading' && <Text className='upload-panel__status'>{step.sent < 1 ? `上传中 ${Math.round(step.sent * 100)}%` : '处理中…'}</Text>}
      {step.kind === 'starting' && <Text className='upload-panel__status'>正在读取文件并导入第一批…</Text>}
      {step.kind === 'failed' && <Text className='upload-panel__error'>{step.message}</Text>}
      <Button className='upload-panel__start' type='primary' block disabled={!file || branchId === null || busy} loading={busy} onClick={() => void start()}>
        {step.kind === 'failed' ? '重试' : '开始导入'}
      </Button>
    </View>
  )
}
