import { Dialog } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api, errorText } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { PageState } from '../../../components/page-state'
import type { AssignOption } from '../../../shared/api'

interface AssignDialogProps {
  visible: boolean
  questionId: number
  onAssigned: () => void
  onClose: () => void
}

/** 指派 (legal_admin): the lawyers of the question's queue, who is on duty now marked; reassigning is allowed. */
export function AssignDialog({ visible, questionId, onAssigned, onClose }: AssignDialogProps) {
  const [options, setOptions] = useState<AssignOption[] | null>(null)
  const [failed, setFailed] = useState('')
  const [chosen, setChosen] = useState<number | null>(null)

  useEffect(() => {
    if (!visible) return
    let live = true
    setOptions(null)
    setFailed('')
    setChosen(null)
    api.legal
      .assignOptions({ questionId })
      .then((result) => {
        if (live) setOptions(result.lawyers)
      })
      .catch((error: unknown) => {
        if (live) setFailed(errorText(error))
      })
    return () => {
      live = false
    }
  }, [visible, questionId])

  const confirm = async () => {
    if (chosen === null) {
      void Taro.showToast({ title: '请选择律师', icon: 'none' })
      throw new Error('请选择律师')
    }
    try {
      const { lawyer } = await api.legal.assignQuestion({ questionId, lawyerUserId: chosen })
      void Taro.showToast({ title: `已指派给${lawyer.name}`, icon: 'none' })
      onAssigned()
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none', duration: 2500 })
      throw error
    }
  }

  const label = (o: AssignOption) => `${o.name}${o.current ? '（当前）' : o.onDuty ? '（值班中）' : ''}`
  return (
    <Dialog className='legal-question__assign' visible={visible} title='指派律师' confirmText='指派' cancelText='取消' onCancel={onClose} onClose={onClose} onConfirm={confirm}>
      <View className='legal-question__assign-body'>
        {failed ? (
          <Text className='legal-question__muted'>{failed}</Text>
        ) : options === null ? (
          <PageState kind='loading' />
        ) : options.length === 0 ? (
          <Text className='legal-question__muted'>该咨询队列还没有可指派的律师，请先在值班表中添加。</Text>
        ) : (
          <ChoiceChips options={options.map((o) => ({ value: o.userId, label: label(o) }))} value={chosen} onChange={setChosen} />
        )}
      </View>
    </Dialog>
  )
}
