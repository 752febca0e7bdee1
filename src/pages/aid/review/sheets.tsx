import { Input, Text, Textarea, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { FormField } from '../../../components/form-field'
import { claimDocTypeNames, claimDocTypes } from '../../../shared/aid/claim-types'
import type { ClaimDocType } from '../../../shared/aid/claim-types'
import { formatFen, parseYuan } from '../../../shared/aid/money'
import { secondReviewThresholdFen } from '../../../shared/aid/review-rules'
import type { ClaimForReview } from '../../../shared/api'
import { cx } from '../../../utils/cx'
import { FormDialog } from './form-dialog'

interface SheetProps<T> {
  claim: ClaimForReview
  visible: boolean
  onClose: () => void
  onSubmit: (value: T) => Promise<void>
}

const reasonProblem = (reason: string, what: string) => (reason.trim().length < 2 ? `请填写${what}（2–200 字）` : null)

/** 要求补充材料: which documents, and why (the member reads it). */
export function AskDocumentsSheet({ claim, visible, onClose, onSubmit }: SheetProps<{ docTypes: ClaimDocType[]; reason: string }>) {
  const [docTypes, setDocTypes] = useState<ClaimDocType[]>([])
  const [reason, setReason] = useState('')
  useEffect(() => {
    if (visible) {
      setDocTypes([])
      setReason('')
    }
  }, [visible])
  const toggle = (doc: ClaimDocType) => setDocTypes((list) => (list.includes(doc) ? list.filter((d) => d !== doc) : [...list, doc]))
  return (
    <FormDialog
      visible={visible}
      title='要求补充材料'
      confirmText='发送给申请人'
      validate={() => (docTypes.length === 0 ? '请选择需要补充的材料' : reasonProblem(reason, '补充材料的原因'))}
      onSubmit={() => onSubmit({ docTypes, reason: reason.trim() })}
      onClose={onClose}
    >
      <Text className='review-sheet__subject'>{claim.memberName} 的申请</Text>
      <FormField label='需要补充的材料' required>
        <View className='review-sheet__chips' role='group'>
          {claimDocTypeNames.map((doc) => (
            <View
              key={doc}
              role='checkbox'
              aria-checked={docTypes.includes(doc)}
              className={cx('review-sheet__chip', `review-sheet__chip--${doc}`, docTypes.includes(doc) && 'review-sheet__chip--active')}
              onClick={() => toggle(doc)}
            >
              <Text>{claimDocTypes[doc]}</Text>
            </View>
          ))}
        </View>
      </FormField>
      <FormField label='原因' required>
        <Textarea
          className='form-field__textarea review-sheet__textarea review-sheet__reason'
          value={reason}
          maxlength={200}
          placeholder='例如：发票金额看不清，请重新拍摄上传'
          onInput={(e) => setReason(e.detail.value)}
        />
      </FormField>
    </FormDialog>
  )
}

/**
 * 核准: the engine's figure by default; another amount needs a reason. Above the threshold the
 * sheet says a second review follows.
 */
export function ApproveSheet({ claim, visible, onClose, onSubmit }: SheetProps<{ amountFen?: number; reason?: string }>) {
  const second = claim.status === 'second_review'
  const proposed = second ? claim.approvedFen ?? claim.engine.payoutFen : claim.engine.payoutFen
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  useEffect(() => {
    if (visible) {
      setAmount(formatFen(proposed).replace(/,/g, ''))
      setReason('')
    }
  }, [visible, proposed])
  const fen = parseYuan(amount)
  const overridden = !second && fen !== null && fen !== claim.engine.payoutFen
  return (
    <FormDialog
      visible={visible}
      title={second ? '复核通过' : '核准互助金'}
      confirmText={second ? '复核通过' : '核准'}
      validate={() => {
        if (fen === null) return '请填写核定金额（元，最多两位小数）'
        return overridden ? reasonProblem(reason, '与计算金额不同的原因') : null
      }}
      onSubmit={() => (second ? onSubmit({}) : onSubmit(overridden && fen !== null ? { amountFen: fen, reason: reason.trim() } : {}))}
      onClose={onClose}
    >
      <Text className='review-sheet__subject'>计算金额 {formatFen(claim.engine.payoutFen)} 元</Text>
      <FormField label='核定金额（元）' required hint={second ? '复核按初审核定的金额批准' : undefined}>
        <Input
          className='form-field__input review-sheet__amount'
          type='digit'
          value={amount}
          disabled={second}
          maxlength={12}
          onInput={(e) => setAmount(e.detail.value)}
        />
      </FormField>
      {overridden && (
        <FormField label='与计算金额不同的原因' required>
          <Textarea
            className='form-field__textarea review-sheet__textarea review-sheet__reason'
            value={reason}
            maxlength={200}
            placeholder='写明核定依据，申请人可以看到'
            onInput={(e) => setReason(e.detail.value)}
          />
        </FormField>
      )}
      {!second && fen !== null && fen > secondReviewThresholdFen && (
        <Text className='review-sheet__note'>金额超过 {formatFen(secondReviewThresholdFen)} 元，核准后须由上级审核员复核。</Text>
      )}
    </FormDialog>
  )
}

/** 登记支付: the transfer made outside the app; only the account's last four digits are kept. */
export function PaymentSheet({ claim, visible, onClose, onSubmit }: SheetProps<{ bankAccount: string; transferRef: string }>) {
  const [account, setAccount] = useState('')
  const [ref, setRef] = useState('')
  useEffect(() => {
    if (visible) {
      setAccount('')
      setRef('')
    }
  }, [visible])
  const digits = account.replace(/\s/g, '')
  return (
    <FormDialog
      visible={visible}
      title='登记支付'
      confirmText='登记'
      validate={() => {
        if (!/^\d{8,30}$/.test(digits)) return '请填写 8 至 30 位数字的银行账号'
        return /^[A-Za-z0-9-]{4,40}$/.test(ref.trim()) ? null : '转账流水号为 4 至 40 位字母、数字或连字符'
      }}
      onSubmit={() => onSubmit({ bankAccount: digits, transferRef: ref.trim() })}
      onClose={onClose}
    >
      <Text className='review-sheet__subject'>
        向 {claim.memberName} 支付 {formatFen(claim.payoutFen ?? 0)} 元
      </Text>
      <FormField label='收款银行账号' required hint='仅保存尾号四位'>
        <Input className='form-field__input review-sheet__account' type='number' value={account} maxlength={34} onInput={(e) => setAccount(e.detail.value)} />
      </FormField>
      <FormField label='转账流水号' required>
        <Input className='form-field__input review-sheet__ref' value={ref} maxlength={40} onInput={(e) => setRef(e.detail.value)} />
      </FormField>
    </FormDialog>
  )
}
