import { Dialog } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { errorText } from '../../api'
import { FormField } from '../form-field'
import './index.scss'

interface PromptDialogProps {
  visible: boolean
  title: string
  /** Who or what the action concerns, shown above the field. */
  subject?: string
  label: string
  placeholder?: string
  hint?: string
  /** A textarea rather than a one-line input. */
  multiline?: boolean
  /** A digits-only keyboard. */
  numeric?: boolean
  maxLength: number
  confirmText: string
  initialValue?: string
  /** The error to show next to the field, or null when the value may be sent. */
  validate: (value: string) => string | null
  /** Gets the trimmed value. A rejection shows its message and keeps the dialog open with what was typed. */
  onSubmit: (value: string) => Promise<void>
  onClose: () => void
  className?: string
}

/** A confirm dialog around one field: a reason, a quantity, a tracking number, a list of codes. */
export function PromptDialog(props: PromptDialogProps) {
  const { visible, title, subject, label, placeholder, hint, multiline, numeric, maxLength, confirmText, initialValue } = props
  const [value, setValue] = useState('')
  const [error, setError] = useState('')

  useEffect(() => {
    if (!visible) return
    setValue(initialValue ?? '')
    setError('')
  }, [visible, initialValue])

  const confirm = async () => {
    const trimmed = value.trim()
    const invalid = props.validate(trimmed)
    if (invalid) {
      setError(invalid)
      // NutUI keeps the dialog open when onConfirm rejects.
      throw new Error(invalid)
    }
    try {
      await props.onSubmit(trimmed)
    } catch (err) {
      void Taro.showToast({ title: errorText(err), icon: 'none', duration: 2500 })
      throw err
    }
  }

  const onInput = (text: string) => {
    setValue(text)
    setError('')
  }

  return (
    <Dialog
      className={`prompt-dialog${props.className ? ` ${props.className}` : ''}`}
      visible={visible}
      title={title}
      confirmText={confirmText}
      cancelText='取消'
      onCancel={props.onClose}
      onClose={props.onClose}
      onConfirm={confirm}
    >
      <View className='prompt-dialog__body'>
        {subject && <Text className='prompt-dialog__subject'>{subject}</Text>}
        <FormField label={label} required error={error} hint={hint}>
          {multiline ? (
            <Textarea
              className='form-field__textarea prompt-dialog__textarea'
              value={value}
              maxlength={maxLength}
              placeholder={placeholder}
              onInput={(e) => onInput(e.detail.value)}
            />
          ) : (
            <Input
              className='form-field__input prompt-dialog__input'
              type={numeric ? 'number' : 'text'}
              value={value}
              maxlength={maxLength}
              placeholder={placeholder}
              onInput={(e) => onInput(e.detail.value)}
            />
          )}
        </FormField>
      </View>
    </Dialog>
  )
}
