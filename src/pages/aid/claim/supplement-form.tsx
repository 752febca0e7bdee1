import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { DocumentUpload } from '../../../components/document-upload'
import type { UploadedDocument } from '../../../components/document-upload'
import { FormField } from '../../../components/form-field'
import { useAction } from '../../../hooks/use-action'
import { maxSupplementDocuments } from '../../../shared/aid/claim-types'
import type { ClaimDetail } from '../../../shared/api'

/** 补充材料: what the reviewer asked for, the uploads, and the tap that sends the claim back to them. */
export function SupplementForm({ claim, onDone }: { claim: ClaimDetail; onDone: (claim: ClaimDetail) => void }) {
  const [documents, setDocuments] = useState<UploadedDocument[]>([])
  const [uploading, setUploading] = useState(false)
  const [note, setNote] = useState('')

  const send = useAction(async () => {
    if (uploading) {
      void Taro.showToast({ title: '请等待材料上传完成', icon: 'none' })
      return
    }
    if (documents.length === 0) {
      void Taro.showToast({ title: '请先上传补充材料', icon: 'none' })
      return
    }
    const { claim: updated } = await api.aid.addDocuments({
      id: claim.id,
      documents: documents.map((d) => ({ fileId: d.fileId, docType: 'supplement' })),
      note: note.trim() || null,
    })
    setDocuments([])
    setNote('')
    onDone(updated)
    void Taro.showToast({ title: '已提交，等待审核员继续审核', icon: 'none', duration: 2500 })
  })

  return (
    <View className='aid-claim__card aid-claim__supplement'>
      <Text className='aid-claim__card-title'>需要补充材料</Text>
      {claim.statusReason && <Text className='aid-claim__callout aid-claim__callout--need_more'>审核员：{claim.statusReason}</Text>}
      <FormField label='补充材料' required hint={`图片或 PDF，最多 ${maxSupplementDocuments} 份`}>
        <DocumentUpload
          className='aid-claim__supplement-upload'
          purpose='claim_document'
          value={documents}
          onChange={setDocuments}
          max={maxSupplementDocuments}
          onBusyChange={setUploading}
        />
      </FormField>
      <FormField label='说明（选填）'>
        <Input className='form-field__input aid-claim__supplement-note' value={note} maxlength={200} placeholder='例如：已补充费用明细清单' onInput={(e) => setNote(e.detail.value)} />
      </FormField>
      <Button className='aid-claim__supplement-submit' type='primary' block loading={send.busy} disabled={send.busy} onClick={() => void send.run()}>
        提交补充材料
      </Button>
    </View>
  )
}
