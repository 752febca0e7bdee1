import { Button } from '@nutui/nutui-react-taro'
import { api } from '../../../api'
import { useAction } from '../../../hooks/use-action'
import { openDocument } from '../../../platform/open-document'

/**
 * 导出我的咨询 (issue 10 §7): the member's own questions, threads and case status as a workbook,
 * theirs to keep.
 */
export function MyQuestionsExport({ className }: { className?: string }) {
  const exporting = useAction(async () => {
    const exported = await api.legal.myQuestionsExport({})
    await openDocument(exported.readUrl.url, 'xlsx')
  })
  return (
    <Button className={className ?? 'legal-export'} fill='none' block loading={exporting.busy} onClick={() => void exporting.run()}>
      导出我的咨询记录
    </Button>
  )
}
