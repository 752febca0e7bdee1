import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { api, errorText } from '../../../api'
import { FormField } from '../../../components/form-field'
import { PageShell } from '../../../components/page-shell'
import type { CertificateCheck } from '../../../shared/api'
import { certificateDay, groupedCode } from '../../../shared/course/certificate-text'
import { completedViaNames } from '../../../shared/course/names'
import { codeIn, isCode } from './code-text'
import { ScanButton } from './scan-button'
import './index.scss'

type Outcome = { kind: 'checked'; check: CertificateCheck } | { kind: 'failed'; message: string }

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className='verify-fact'>
      <Text className='verify-fact__label'>{label}</Text>
      <Text className='verify-fact__value'>{value}</Text>
    </View>
  )
}

function Result({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'failed') {
    return (
      <View className='verify-outcome verify-outcome--failed'>
        <Text className='verify-outcome__title'>暂时无法查验</Text>
        <Text className='verify-outcome__note'>{outcome.message}</Text>
      </View>
    )
  }
  const { check } = outcome
  if (!check.valid) {
    return (
      <View className='verify-outcome verify-outcome--unknown'>
        <Text className='verify-outcome__title'>未查到该编号的证书</Text>
        <Text className='verify-outcome__note'>编号 {groupedCode(check.code)} 不是本平台颁发的结业证书。请核对编号：共 12 位，由数字和字母组成，不含字母 I 和 O。</Text>
      </View>
    )
  }
  return (
    <View className='verify-outcome verify-outcome--valid'>
      <Text className='verify-outcome__title'>✓ 证书真实有效</Text>
      <Fact label='持证人' value={check.memberName} />
      <Fact label='课程' value={`《${check.courseTitle}》`} />
      <Fact label='完成方式' value={completedViaNames[check.via]} />
      <Fact label='颁发单位' value={check.issuerName} />
      <Fact label='颁发日期' value={certificateDay(check.issuedDay)} />
      <Fact label='证书编号' value={groupedCode(check.code)} />
      <Text className='verify-outcome__note'>为保护个人信息，持证人姓名部分隐去。</Text>
    </View>
  )
}

/**
 * 证书查验, public: anyone holding a certificate — an employer, a colleague — checks its code,
 * signed in or not. Opened from the certificate's QR code the code is checked at once.
 */
export default function CertificateVerifyPage() {
  const linked = codeIn(useRouter().params.code ?? '')
  const [code, setCode] = useState(linked)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const latest = useRef(0)

  const check = async (text: string) => {
    const wanted = codeIn(text)
    setCode(wanted)
    if (!isCode(wanted)) {
      setError(wanted ? '证书编号为 12 位数字和字母，请核对' : '请输入证书编号')
      setOutcome(null)
      return
    }
    setError('')
    const current = ++latest.current
    setBusy(true)
    try {
      const answer = await api.course.verifyCertificate({ code: wanted })
      if (current === latest.current) setOutcome({ kind: 'checked', check: answer })
    } catch (failure) {
      if (current === latest.current) setOutcome({ kind: 'failed', message: errorText(failure) })
    } finally {
      if (current === latest.current) setBusy(false)
    }
  }

  useEffect(() => {
    if (linked) void check(linked)
    // Only the code the page was opened with (from a QR code) is checked unasked.
  }, [linked])

  return (
    <PageShell className='certificate-verify'>
      <View className='certificate-verify__form'>
        <Text className='certificate-verify__title'>结业证书查验</Text>
        <Text className='certificate-verify__hint'>输入证书上的 12 位编号，查验职工课堂颁发的结业证书是否真实有效。</Text>
        <ScanButton busy={busy} onScanned={(text) => void check(text)} />
        <FormField label='证书编号' error={error}>
          <Input
            className='form-field__input certificate-verify__input'
            value={code}
            maxlength={20}
            placeholder='例如 A7K2 M9PQ 3XZ8'
            confirmType='search'
            onInput={(e) => {
              setCode(e.detail.value)
              setError('')
            }}
            onConfirm={() => void check(code)}
          />
        </FormField>
        <Button type='primary' block loading={busy} disabled={busy} onClick={() => void check(code)}>
          查验
        </Button>
      </View>
      {outcome && <Result outcome={outcome} />}
    </PageShell>
  )
}
