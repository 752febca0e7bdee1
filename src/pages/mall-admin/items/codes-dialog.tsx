import { Dialog } from '@nutui/nutui-react-taro'
import { Picker, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { errorText } from '../../../api'
import { FormField } from '../../../components/form-field'
import { codesError, parseCodes } from '../codes'

export interface CodesUpload {
  codes: string[]
  validFrom: string | null
  validUntil: string
}

interface CodesDialogProps {
  visible: boolean
  /** The item, and how many codes it has left. */
  subject?: string
  /** A rejection shows its message and keeps the dialog open with what was typed. */
  onSubmit: (upload: CodesUpload) => Promise<void>
  onClose: () => void
}

const day = 'YYYY-MM-DD'

/** Pasted codes and the validity printed on them: members see 有效期至 … on their order. */
export function CodesDialog({ visible, subject, onSubmit, onClose }: CodesDialogProps) {
  const today = dayjs().format(day)
  const [text, setText] = useState('')
  const [validFrom, setValidFrom] = useState<string | null>(null)
  const [validUntil, setValidUntil] = useState('')
  const [errors, setErrors] = useState<{ codes?: string; validity?: string }>({})

  useEffect(() => {
    if (!visible) return
    setText('')
    setValidFrom(null)
    // Most batches run to the end of the year; the operator changes it to what the coupons say.
    setValidUntil(dayjs().endOf('year').format(day))
    setErrors({})
  }, [visible])

  const confirm = async () => {
    const codes = parseCodes(text)
    const found = {
      codes: codesError(codes) ?? undefined,
      validity: validFrom && validFrom > validUntil ? '开始日期不能晚于截止日期' : validUntil < today ? '截止日期已过' : undefined,
    }
    setErrors(found)
    // NutUI keeps the dialog open when onConfirm rejects.
    if (found.codes || found.validity) throw new Error(found.codes ?? found.validity)
    try {
      await onSubmit({ codes, validFrom, validUntil })
    } catch (err) {
      void Taro.showToast({ title: errorText(err), icon: 'none', duration: 2500 })
      throw err
    }
  }

  return (
    <Dialog className='prompt-dialog codes-dialog' visible={visible} title='上传券码' confirmText='上传' cancelText='取消' onCancel={onClose} onClose={onClose} onConfirm={confirm}>
      <View className='prompt-dialog__body'>
        {subject && <Text className='prompt-dialog__subject'>{subject}</Text>}
        <FormField label='券码' required error={errors.codes} hint='每行一个券码，单次最多 1000 个；重复的券码会自动忽略'>
          <Textarea
            className='form-field__textarea prompt-dialog__textarea'
            value={text}
            maxlength={70_000}
            placeholder={'VIP-0001\nVIP-0002'}
            onInput={(e) => {
              setText(e.detail.value)
              setErrors((x) => ({ ...x, codes: undefined }))
            }}
          />
        </FormField>
        <FormField label='有效期' required error={errors.validity} hint='按券面填写；会员在订单中看到，过期后显示为已过期'>
          <View className='codes-dialog__validity'>
            <Picker mode='date' value={validFrom ?? today} onChange={(e) => setValidFrom(String(e.detail.value))}>
              <Text className='codes-dialog__date codes-dialog__from'>{validFrom ?? '即日起'}</Text>
            </Picker>
            <Text>至</Text>
            <Picker mode='date' value={validUntil} start={today} onChange={(e) => setValidUntil(String(e.detail.value))}>
              <Text className='codes-dialog__date codes-dialog__until'>{validUntil}</Text>
            </Picker>
          </View>
          {validFrom && (
            <Text className='codes-dialog__clear' onClick={() => setValidFrom(null)}>
              改为即日起生效
            </Text>
          )}
        </FormField>
      </View>
    </Dialog>
  )
}
