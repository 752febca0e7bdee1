import { Button } from '@nutui/nutui-react-taro'
import { Input, Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ApiCallError, api, errorText } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { DocumentUpload } from '../../../components/document-upload'
import type { UploadedDocument } from '../../../components/document-upload'
import { FormField } from '../../../components/form-field'
import { useAction } from '../../../hooks/use-action'
import { useRequestId } from '../../../hooks/use-request-id'
import { useSubscribeConsent } from '../../../hooks/use-subscribe-consent'
import { billProblem, claimDocTypes, claimTypeNames, claimTypes } from '../../../shared/aid/claim-types'
import type { ClaimDocType, ClaimType } from '../../../shared/aid/claim-types'
import { formatFen, parseYuan } from '../../../shared/aid/money'
import type { ClaimDetail, CoverageYear, PayoutEstimate } from '../../../shared/api'

/** Files per checklist item: an invoice or a summary may run to several pages. */
const maxPerItem = 5

type AmountField = 'total' | 'insurance' | 'self' | 'eligible'
type Field = 'coverage' | 'hospital' | 'dates' | 'illness' | AmountField | 'documents'
type Errors = Partial<Record<Field, string>>

const amountLabels: Record<AmountField, string> = {
  total: '医疗费用总额',
  insurance: '医保统筹支付',
  self: '个人自付金额',
  eligible: '可报销金额',
}
const amountHints: Record<AmountField, string> = {
  total: '发票上的费用合计',
  insurance: '医保基金已支付的部分',
  self: '总额减去医保支付，即您自己付的部分',
  eligible: '自付中属于医保政策范围内的部分（见费用结算单「政策范围内自付」）',
}

/** Server refusals that belong next to a field rather than in a toast. */
const fieldOfError: Partial<Record<ApiCallError['code'], Field>> = {
  AID_CLAIM_DATES_INVALID: 'dates',
  AID_CLAIM_COVERAGE_LAPSED: 'dates',
  AID_CLAIM_IN_OBSERVATION: 'dates',
  AID_CLAIM_FILING_CLOSED: 'dates',
  AID_CLAIM_BILL_INVALID: 'eligible',
  AID_CLAIM_ILLNESS_UNKNOWN: 'illness',
  AID_CLAIM_DOCUMENTS_MISSING: 'documents',
  AID_CLAIM_COVERAGE_NOT_FOUND: 'coverage',
}

interface ClaimFormProps {
  coverages: CoverageYear[]
  today: string
  onSubmitted: (claim: ClaimDetail) => void
}

/** The filing window, and the observation period where there is one (a renewal has none). */
function datesHint(coverage: CoverageYear): string {
  const window = `出院后 ${coverage.plan.filingWindowDays} 天内可申请`
  return coverage.observationEndsOn > coverage.startsOn ? `${window}；观察期内（${coverage.observationEndsOn} 前）入院的费用不能申请` : window
}

function coverageLabel(coverage: CoverageYear): string {
  return `${coverage.plan.name}（${coverage.startsOn} 至 ${coverage.endsOn}）`
}

/**
 * The claim: coverage and type, the bill in 元 (turned into fen as text, never through a float),
 * the type's checklist of documents, then the estimate with its explanation, and only then 提交.
 */
export function ClaimForm({ coverages, today, onSubmitted }: ClaimFormProps) {
  const [enrolmentId, setEnrolmentId] = useState<number | null>(coverages[0]?.enrolmentId ?? null)
  const [claimType, setClaimType] = useState<ClaimType>('hospital')
  const [illness, setIllness] = useState<string | null>(null)
  const [hospital, setHospital] = useState('')
  const [admissionOn, setAdmissionOn] = useState(today)
  const [dischargeOn, setDischargeOn] = useState(today)
  const [amounts, setAmounts] = useState<Record<AmountField, string>>({ total: '', insurance: '', self: '', eligible: '' })
  const [documents, setDocuments] = useState<Partial<Record<ClaimDocType, UploadedDocument[]>>>({})
  const [uploading, setUploading] = useState<Partial<Record<ClaimDocType, boolean>>>({})
  const [errors, setErrors] = useState<Errors>({})
  const [estimate, setEstimate] = useState<{ key: string; result: PayoutEstimate } | null>(null)
  const requestId = useRequestId()
  // Fetched with the form, so 提交申请 can ask WeChat for consent within its tap.
  const subscribe = useSubscribeConsent('aidClaim')

  const coverage = coverages.find((c) => c.enrolmentId === enrolmentId) ?? null
  const illnesses = coverage?.plan.rules.criticalIllness ?? []
  const checklist = claimTypes[claimType].documents

  const clear = (...fields: Field[]) => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([f]) => !fields.includes(f as Field))))

  /** The bill as the server takes it, or the problems to show; checked as the server checks it. */
  const bill = () => {
    const found: Errors = {}
    if (!coverage) found.coverage = '请选择参保记录'
    if (hospital.trim().length < 2) found.hospital = '请填写就诊医院'
    if (claimType === 'critical_illness' && !illness) found.illness = '请选择重大疾病'
    const fen = {} as Record<AmountField, number>
    for (const field of Object.keys(amountLabels) as AmountField[]) {
      const parsed = parseYuan(amounts[field])
      if (parsed === null) found[field] = amounts[field].trim() ? `${amountLabels[field]}格式不正确，最多两位小数` : `请填写${amountLabels[field]}`
      else fen[field] = parsed
    }
    if (Object.keys(found).length > 0 || !coverage) return { found }
    const values = {
      enrolmentId: coverage.enrolmentId,
      claimType,
      admissionOn,
      dischargeOn,
      totalFen: fen.total,
      insurancePaidFen: fen.insurance,
      selfPaidFen: fen.self,
      eligibleFen: fen.eligible,
      criticalIllnessCode: claimType === 'critical_illness' ? illness : null,
    }
    const problem = billProblem(values, today)
    if (problem) return { found: { [problem.code === 'AID_CLAIM_DATES_INVALID' ? 'dates' : 'eligible']: problem.message } }
    return { found, values }
  }

  const showServerError = (error: unknown) => {
    const field = error instanceof ApiCallError ? fieldOfError[error.code] : undefined
    if (!field) throw error
    setErrors({ [field]: errorText(error) })
    void Taro.showToast({ title: errorText(error), icon: 'none', duration: 2500 })
  }

  const check = useAction(async () => {
    const { found, values } = bill()
    setErrors(found)
    if (!values) {
      void Taro.showToast({ title: Object.values(found)[0] ?? '请检查填写内容', icon: 'none' })
      return
    }
    try {
      setEstimate({ key: JSON.stringify(values), result: await api.aid.claimEstimate(values) })
    } catch (error) {
      showServerError(error)
    }
  })

  const submit = useAction(async () => {
    const { found, values } = bill()
    setErrors(found)
    if (!values || !estimate || estimate.key !== JSON.stringify(values)) return
    if (Object.values(uploading).some(Boolean)) {
      void Taro.showToast({ title: '请等待材料上传完成', icon: 'none' })
      return
    }
    const missing = checklist.filter((doc) => !documents[doc]?.length)
    if (missing.length > 0) {
      const message = `请上传：${missing.map((doc) => claimDocTypes[doc]).join('、')}`
      setErrors({ documents: message })
      void Taro.showToast({ title: message, icon: 'none' })
      return
    }
    // Still inside the tap: WeChat shows its consent dialog only for a request made before any await.
    subscribe.ask()
    const payload = {
      ...values,
      hospital: hospital.trim(),
      documents: checklist.flatMap((docType) => (documents[docType] ?? []).map((d) => ({ fileId: d.fileId, docType }))),
    }
    try {
      // Same payload, same id: a retry after a lost answer gets the claim it made, filed once.
      const { claim } = await api.aid.submitClaim({ ...payload, requestId: requestId.idFor(payload) })
      onSubmitted(claim)
    } catch (error) {
      showServerError(error)
    }
  })

  const current = bill().values
  const shown = estimate && current && estimate.key === JSON.stringify(current) ? estimate.result : null

  return (
    <View className='aid-claim-new__form'>
      <View className='aid-claim-new__card'>
        <FormField label='参保记录' required error={errors.coverage}>
          <ChoiceChips
            className='aid-claim-new__coverage'
            options={coverages.map((c) => ({ value: c.enrolmentId, label: coverageLabel(c) }))}
            value={enrolmentId}
            onChange={(id) => {
              setEnrolmentId(id)
              setIllness(null)
              clear('coverage', 'dates')
            }}
          />
        </FormField>
        <FormField label='申请类型' required>
          <ChoiceChips
            className='aid-claim-new__type'
            options={claimTypeNames.map((type) => ({ value: type, label: claimTypes[type].label }))}
            value={claimType}
            onChange={(type) => {
              setClaimType(type)
              clear('illness', 'documents')
            }}
          />
        </FormField>
        {claimType === 'critical_illness' && (
          <FormField label='重大疾病' required error={errors.illness} hint='本计划保障的重大疾病，确诊后一次性给付'>
            <ChoiceChips
              className='aid-claim-new__illness'
              options={illnesses.map((c) => ({ value: c.code, label: `${c.name}（${formatFen(c.lumpSumFen)} 元）` }))}
              value={illness}
              onChange={(code) => {
                setIllness(code)
                clear('illness')
              }}
            />
          </FormField>
        )}
      </View>

      <View className='aid-claim-new__card'>
        <Text className='aid-claim-new__card-title'>就诊与费用</Text>
        <FormField label='就诊医院' required error={errors.hospital}>
          <Input
            className='form-field__input aid-claim-new__hospital'
            value={hospital}
            maxlength={60}
            placeholder='医院全称，如：上海市第六人民医院'
            onInput={(e) => {
              setHospital(e.detail.value)
              clear('hospital')
            }}
          />
        </FormField>
        <FormField
          label={claimType === 'hospital' ? '入院与出院日期' : '就诊日期（起止）'}
          required
          error={errors.dates}
          hint={coverage ? datesHint(coverage) : undefined}
        >
          <View className='aid-claim-new__dates'>
            <Picker mode='date' value={admissionOn} end={today} onChange={(e) => { setAdmissionOn(String(e.detail.value)); clear('dates') }}>
              <View className='aid-claim-new__date aid-claim-new__admission'>
                <Text>{admissionOn}</Text>
              </View>
            </Picker>
            <Text className='aid-claim-new__muted'>至</Text>
            <Picker mode='date' value={dischargeOn} end={today} onChange={(e) => { setDischargeOn(String(e.detail.value)); clear('dates') }}>
              <View className='aid-claim-new__date aid-claim-new__discharge'>
                <Text>{dischargeOn}</Text>
              </View>
            </Picker>
          </View>
        </FormField>
        {(Object.keys(amountLabels) as AmountField[]).map((field) => (
          <FormField key={field} label={`${amountLabels[field]}（元）`} required error={errors[field]} hint={amountHints[field]}>
            <Input
              className={`form-field__input aid-claim-new__amount aid-claim-new__amount--${field}`}
              type='digit'
              value={amounts[field]}
              maxlength={13}
              placeholder='0.00'
              onInput={(e) => {
                setAmounts((a) => ({ ...a, [field]: e.detail.value }))
                clear(field)
              }}
            />
          </FormField>
        ))}
      </View>

      <View className='aid-claim-new__card'>
        <Text className='aid-claim-new__card-title'>申请材料</Text>
        <Text className='aid-claim-new__muted'>请拍照或选择 PDF 上传，每项至少 1 份。材料仅您本人和审核人员可见。</Text>
        {errors.documents && <Text className='form-field__error'>{errors.documents}</Text>}
        {checklist.map((docType) => (
          <FormField key={`${claimType}:${docType}`} label={claimDocTypes[docType]} required className={`aid-claim-new__doc aid-claim-new__doc--${docType}`}>
            <DocumentUpload
              purpose='claim_document'
              value={documents[docType] ?? []}
              onChange={(files) => {
                setDocuments((d) => ({ ...d, [docType]: files }))
                clear('documents')
              }}
              max={maxPerItem}
              onBusyChange={(busy) => setUploading((u) => ({ ...u, [docType]: busy }))}
            />
          </FormField>
        ))}
      </View>

      <View className='aid-claim-new__card aid-claim-new__estimate'>
        <Text className='aid-claim-new__card-title'>互助金测算</Text>
        {shown ? (
          <>
            <Text className='aid-claim-new__estimate-amount'>预计可获互助金 {formatFen(shown.payoutFen)} 元</Text>
            {shown.lines.map((line) => (
              <Text key={line} className='aid-claim-new__estimate-line'>
                {line}
              </Text>
            ))}
            <Text className='aid-claim-new__muted'>按本年度已用额度测算（剩余 {formatFen(shown.yearLeftFen)} 元），最终以审核结果为准。</Text>
          </>
        ) : (
          <Text className='aid-claim-new__muted'>填写费用后先测算，确认测算结果再提交申请。</Text>
        )}
        {shown ? (
          <Button className='aid-claim-new__submit' type='primary' block loading={submit.busy} disabled={submit.busy} onClick={() => void submit.run()}>
            {submit.busy ? '正在提交…' : '提交申请'}
          </Button>
        ) : (
          <Button className='aid-claim-new__check' type='primary' block loading={check.busy} disabled={check.busy} onClick={() => void check.run()}>
            测算互助金
          </Button>
        )}
      </View>
    </View>
  )
}
