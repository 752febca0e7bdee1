import { Dialog } from '@nutui/nutui-react-taro'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import { errorText } from '../../../api'

interface FormDialogProps {
  visible: boolean
  title: string
  confirmText: string
  /** The first problem with what was typed, or null when it may be sent. */
  validate: () => string | null
  /** A rejection shows its message and keeps the dialog open with what was typed. */
  onSubmit: () => Promise<void>
  onClose: () => void
  children: ReactNode
}

/** A confirm dialog around several fields (the reviewer's reason sheets). */
export function FormDialog({ visible, title, confirmText, validate, onSubmit, onClose, children }: FormDialogProps) {
  const confirm = async () => {
    const problem = validate()
    if (problem) {
      void Taro.showToast({ title: problem, icon: 'none', duration: 2500 })
      // NutUI keeps the dialog open when onConfirm rejects.
      throw new Error(problem)
    }
    try {
      await onSubmit()
    } catch (err) {
      void Taro.showToast({ title: errorText(err), icon: 'none', duration: 2500 })
      throw err
    }
  }
  return (
    <Dialog className='form-dialog' visible={visible} title={title} confirmText={confirmText} cancelText='取消' onCancel={onClose} onClose={onClose} onConfirm={confirm}>
      <View className='form-dialog__body'>{children}</View>
    </Dialog>
  )
}
