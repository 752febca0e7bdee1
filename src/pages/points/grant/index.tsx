import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api, ApiCallError, errorText } from '../../../api'
import { FormField } from '../../../components/form-field'
import { PageShell } from '../../../components/page-shell'
import { useAction } from '../../../hooks/use-action'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import type { ActionOutput, Grantee } from '../../../shared/api'
import { memberNoHint, memberNoPattern, normalizeMemberNo } from '../../../utils/member-no'
import { OwnBudgets } from './own-budgets'
import './index.scss'

type Field = 'memberNo' | 'points' | 'reason'
type Granted = ActionOutput<'points', 'grant'>

/** The same limits as the contract (src/shared/api/points.ts). */
function validate(memberNo: string, points: string, reason: string): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {}
  if (!memberNoPattern.test(memberNo)) errors.memberNo = memberNoHint
  const n = Number(points)
  if (!/^\d+$/.test(points) || n < 1 || n > 10000) errors.points = '请填写 1–10000 的整数'
  if (reason.length < 2 || reason.length > 100) errors.reason = '请填写发放原因（2–100 字）'
  return errors
}

/** The member a typed number belongs to, as the server answered for exactly that number. */
type Lookup = { memberNo: string } & ({ kind: 'pending' } | { kind: 'found'; member: Grantee } | { kind: 'refused'; message: string })

// Refusals that are about the number typed: shown at the field. Anything else (network) is a toast.
const numberRefusals = new Set(['NOT_FOUND', 'OUT_OF_SCOPE', 'SELF_GRANT'])

export default function PointsGrantPage() {
  const [memberNo, setMemberNo] = useState('')
  const [points, setPoints] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [last, setLast] = useState<Granted | null>(null)
  const requestId = useRequestId()
  const [lookup, setLookup] = useState<Lookup | null>(null)

  const budgets = useResource('own-budgets', () => api.points.myBudgets())

  /** Asks the server who the number is; a refusal goes to the member-number field, thrown on for anything else. */
  const findMember = async (no: string): Promise<Grantee | null> => {
    setLookup({ memberNo: no, kind: 'pending' })
    try {
      const member = await api.points.findMember({ memberNo: no })
      setLookup((l) => (l?.memberNo === no ? { memberNo: no, kind: 'found', member } : l))
      return member
    } catch (error) {
      if (!(error instanceof ApiCallError) || !numberRefusals.has(error.code)) {
        setLookup((l) => (l?.memberNo === no ? null : l))
        throw error
      }
      setLookup((l) => (l?.memberNo === no ? { memberNo: no, kind: 'refused', message: errorText(error) } : l))
      return null
    }
  }

  // A complete number is looked up as soon as it is typed, so the admin sees whom it names.
  const typedNo = normalizeMemberNo(memberNo)
  useEffect(() => {
    if (!memberNoPattern.test(typedNo)) {
      setLookup(null)
      return
    }
    findMember(typedNo).catch(() => setLookup(null))
  }, [typedNo])

  const edit = (field: Field, value: string, set: (v: string) => void) => {
    set(value)
    setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const grant = useAction(async () => {
    const no = normalizeMemberNo(memberNo)
    const amount = points.trim()
    const why = reason.trim()
    const found = validate(no, amount, why)
    setErrors(found)
    if (Object.keys(found).length > 0) return
    const member = lookup?.memberNo === no && lookup.kind === 'found' ? lookup.member : await findMember(no)
    if (!member) return
    const { confirm } = await Taro.showModal({
      title: '确认发放积分',
      content: `向 ${member.name}（${member.memberNo}，${member.branch.name}）发放 ${amount} 积分。原因：${why}`,
      confirmText: '发放',
      confirmColor: '#c4161c',
    })
    if (!confirm) return
    // A retry of the same grant after a lost answer reuses the id: the server grants it once.
    const input = { memberNo: no, points: Number(amount), reason: why }
    let result: Granted
    try {
      result = await api.points.grant({ ...input, requestId: requestId.idFor(input) })
    } catch (error) {
      // The member may have moved since the lookup: say so at the number, keeping every field.
      if (error instanceof ApiCallError && numberRefusals.has(error.code)) {
        setErrors((e) => ({ ...e, memberNo: errorText(error) }))
        return
      }
      throw error
    }
    requestId.reset()
    setLast(result)
    setMemberNo('')
    setPoints('')
    void budgets.reload()
    void Taro.showToast({ title: `已向${result.memberName}发放 ${result.points} 积分`, icon: 'none', duration: 2500 })
  })

  return (
    <PageShell className='grant-page'>
      <OwnBudgets budgets={budgets} />

      <View className='grant-page__form'>
        <Text className='grant-page__title'>发放积分</Text>
        <FormField
          label='会员号'
          required
          error={errors.memberNo ?? (lookup?.memberNo === typedNo && lookup.kind === 'refused' ? lookup.message : undefined)}
          hint='可发放给本单位及下级单位的会员'
        >
          <Input
            className='form-field__input grant-page__member-no'
            value={memberNo}
            maxlength={12}
            placeholder='如 JX0000000001'
            onInput={(e) => edit('memberNo', e.detail.value, setMemberNo)}
          />
          {lookup?.memberNo === typedNo && lookup.kind === 'pending' && <Text className='grant-page__member grant-page__member--pending'>正在查询会员…</Text>}
          {lookup?.memberNo === typedNo && lookup.kind === 'found' && (
            <View className='grant-page__member'>
              <Text className='grant-page__member-name'>{lookup.member.name}</Text>
              <Text className='grant-page__member-branch'>{lookup.member.branch.name}</Text>
            </View>
          )}
        </FormField>
        <FormField label='发放积分' required error={errors.points} hint='单次不超过 10000 积分，从本单位年度预算中扣减'>
          <Input
            className='form-field__input grant-page__points'
            type='number'
            value={points}
            maxlength={5}
            placeholder='如 50'
            onInput={(e) => edit('points', e.detail.value, setPoints)}
          />
        </FormField>
        <FormField label='发放原因' required error={errors.reason} hint='会员可在积分明细中看到'>
          <Textarea
            className='form-field__textarea grant-page__reason'
            value={reason}
            maxlength={100}
            placeholder='如：参加职工运动会'
            onInput={(e) => edit('reason', e.detail.value, setReason)}
          />
        </FormField>
        <Button className='grant-page__submit' type='primary' block loading={grant.busy} disabled={grant.busy} onClick={() => void grant.run()}>
          {grant.busy ? '正在发放…' : '发放'}
        </Button>
      </View>

      {last && (
        <View className='grant-page__result'>
          <Text className='grant-page__result-title'>
            ✓ 已向 {last.memberName} 发放 {last.points} 积分
          </Text>
          <Text>
            该会员当前积分 {last.balance}，本单位预算剩余 {last.budgetLeft}
          </Text>
        </View>
      )}
    </PageShell>
  )
}
