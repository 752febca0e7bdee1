import { Button } from '@nutui/nutui-react-taro'
import { Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { DocumentUpload } from '../../../components/document-upload'
import type { UploadedDocument } from '../../../components/document-upload'
import { useAction } from '../../../hooks/use-action'
import { useLeaveGuard } from '../../../hooks/use-leave-guard'
import { useRequestId } from '../../../hooks/use-request-id'
import { useSubscribeConsent } from '../../../hooks/use-subscribe-consent'
import type { ThreadMessage } from '../../../shared/api'
import { maxThreadFiles, messageBodyMax } from '../../../shared/legal/thread-rules'

interface ComposerProps {
  questionId: number
  /** The member follows up; the lawyer answers. */
  side: 'member' | 'lawyer'
  onSent: (message: ThreadMessage) => void
}

/** Writing in the thread: text, up to nine attachments, 发送. A retried send is answered with the first message. */
export function Composer({ questionId, side, onSent }: ComposerProps) {
  const [body, setBody] = useState('')
  const [files, setFiles] = useState<UploadedDocument[]>([])
  const [uploading, setUploading] = useState(false)
  const requestId = useRequestId()
  const consent = useSubscribeConsent(side === 'member' ? 'legalFollowUp' : 'legalAnswer')
  const length = Array.from(body.trim()).length
  useLeaveGuard(body.trim() !== '' || files.length > 0, '回复尚未发送，离开后将丢失。')

  const send = useAction(async () => {
    const text = body.trim()
    const fileIds = files.map((f) => f.fileId)
    const id = requestId.idFor({ text, fileIds })
    const { message } = await api.legal.sendMessage({ questionId, body: text, fileIds, requestId: id })
    requestId.reset()
    setBody('')
    setFiles([])
    onSent(message)
  })

  const tap = () => {
    if (uploading) {
      void Taro.showToast({ title: '请等待附件上传完成', icon: 'none' })
      return
    }
    if (length === 0) {
      void Taro.showToast({ title: '请输入回复内容', icon: 'none' })
      return
    }
    // Within the tap, before any await: WeChat shows the consent dialog only then.
    consent.ask()
    void send.run()
  }

  return (
    <View className='legal-question__card legal-question__composer'>
      <Textarea
        className='form-field__textarea legal-question__input'
        value={body}
        maxlength={messageBodyMax}
        autoHeight
        placeholder={side === 'member' ? '补充情况或继续提问' : '回复职工的咨询'}
        onInput={(e) => setBody(e.detail.value)}
      />
      <Text className='legal-question__count'>
        {length}/{messageBodyMax}
      </Text>
      <DocumentUpload purpose='lawyer_attachment' value={files} onChange={setFiles} max={maxThreadFiles} onBusyChange={setUploading} />
      <Button className='legal-question__send' type='primary' block loading={send.busy} disabled={send.busy} onClick={tap}>
        发送
      </Button>
    </View>
  )
}
