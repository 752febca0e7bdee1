import { Dialog } from '@nutui/nutui-react-taro'
import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { FormField } from '../../../components/form-field'
import type { ApplicationForReview } from '../../../shared/api'

interface RejectDialogProps {
  application: ApplicationForReview | null
  onCancel: () => void
  /** A rejected promise keeps the dialog open with the typed reason, e.g. when the server refuses. */
  onReject: (application: ApplicationForReview, reason: string) => Promise<void>
}

export function RejectDialog({ application, onCancel, onReject }: RejectDialogProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')

  const close = () => {
    setReason('')
    setError('')
    onCancel()
  }

  return (
    <Dialog
      className='reject-dialog'
      visible={application !== null}
      title='驳回入会申请'
      confirmText='确认驳回'
      cancelText='取消'
      onCancel={close}
      onClose={close}
      onConfirm={async () => {
        const trimmed = reason.trim()
        if (!application) return
        if (trimmed.length < 2 || trimmed.length > 200) {
          setError('请填写驳回原因（2–200 字）')
          throw new Error('reason required')
        }
        await onReject(application, trimmed)
      }}
    >
      <View className='reject-dialog__body'>
        {application && (
          <Text className='reject-dialog__who'>
            {application.name}（{application.branch.name}）
          </Text>
        )}
        <FormField label='驳回原因' required error={error}>
          <Textarea
            className='form-field__textarea reject-dialog__reason'
            value={reason}
            maxlength={200}
            placeholder='请写明原因，申请人可据此修改后重新提交'
            onInput={(e) => {
              setReason(e.detail.value)
              setError('')
            }}
          />
        </FormField>
      </View>
    </Dialog>
  )
}
