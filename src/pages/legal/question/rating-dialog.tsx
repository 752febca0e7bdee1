import { Dialog } from '@nutui/nutui-react-taro'
import { Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { errorText } from '../../../api'
import { FormField } from '../../../components/form-field'
import { ratingCommentMax } from '../../../shared/legal/thread-rules'
import { cx } from '../../../utils/cx'

const starWords = ['', '很不满意', '不满意', '一般', '满意', '非常满意']

interface RatingDialogProps {
  visible: boolean
  /** 已解决 first and then the rating, or only the rating of a question already ended. */
  resolving: boolean
  onSubmit: (stars: number, comment: string) => Promise<void>
  onClose: () => void
}

/** 1–5 stars and an optional comment; the member rates a question once. */
export function RatingDialog({ visible, resolving, onSubmit, onClose }: RatingDialogProps) {
  const [stars, setStars] = useState(0)
  const [comment, setComment] = useState('')
  const [error, setError] = useState('')

  useEffect(() => {
    if (!visible) return
    setStars(0)
    setComment('')
    setError('')
  }, [visible])

  const confirm = async () => {
    if (stars === 0) {
      setError('请选择评分')
      // NutUI keeps the dialog open when onConfirm rejects.
      throw new Error('请选择评分')
    }
    try {
      await onSubmit(stars, comment.trim())
    } catch (err) {
      void Taro.showToast({ title: errorText(err), icon: 'none', duration: 2500 })
      throw err
    }
  }

  return (
    <Dialog
      className='legal-question__rating'
      visible={visible}
      title={resolving ? '确认问题已解决' : '评价本次咨询'}
      confirmText='提交评价'
      cancelText='取消'
      onCancel={onClose}
      onClose={onClose}
      onConfirm={confirm}
    >
      <View className='legal-question__rating-body'>
        {resolving && <Text className='legal-question__muted'>请为本次咨询评分。提交后咨询标记为已解决，不能再追问。</Text>}
        <FormField label='评分' required error={error}>
          <View className='legal-question__stars' role='radiogroup'>
            {[1, 2, 3, 4, 5].map((n) => (
              <View
                key={n}
                role='radio'
                aria-checked={stars === n}
                ariaLabel={`${n} 星`}
                className={cx('legal-question__star', `legal-question__star--${n}`, n <= stars && 'legal-question__star--on')}
                onClick={() => {
                  setStars(n)
                  setError('')
                }}
              >
                ★
              </View>
            ))}
          </View>
          {stars > 0 && <Text className='legal-question__star-word'>{starWords[stars]}</Text>}
        </FormField>
        <FormField label='评价（选填）'>
          <Textarea
            className='form-field__textarea legal-question__rating-comment'
            value={comment}
            maxlength={ratingCommentMax}
            placeholder='说说律师的解答对您是否有帮助'
            onInput={(e) => setComment(e.detail.value)}
          />
        </FormField>
      </View>
    </Dialog>
  )
}
