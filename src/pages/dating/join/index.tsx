import { Button, Checkbox } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { ApiCallError, api, errorText } from '../../../api'
import { FormField } from '../../../components/form-field'
import { LoadFailure, loadErrorOf } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { routes } from '../../../routes'
import type { DatingStatus, JoinResult } from '../../../shared/api'
import { deriveFromIdNumber } from '../../../shared/dating/id-derived'
import { ageAt, datingConsentVersion, genderNames } from '../../../shared/dating/names'
import { idNumberMessages, idNumberProblem, normalizeIdNumber } from '../../../shared/id-number'
import { redirectPage } from '../../../utils/navigate'
import './index.scss'

function idNumberError(idNumber: string): string | null {
  const problem = idNumberProblem(idNumber)
  return problem && idNumberMessages[problem]
}

/** What the ID number gives, shown as the member types it, so nothing is a surprise. */
function Derived({ idNumber }: { idNumber: string }) {
  const id = normalizeIdNumber(idNumber)
  if (idNumberProblem(id)) {
    return <Text className='dating-join__derived dating-join__derived--empty'>填写后，这里显示从身份证读取的性别和出生年月</Text>
  }
  const d = deriveFromIdNumber(id)
  const age = ageAt(d.birthYear * 12 + d.birthMonth - 1, new Date())
  return (
    <View className='dating-join__derived'>
      <Text className='dating-join__derived-row'>
        性别：<Text className='dating-join__derived-value'>{genderNames[d.gender]}</Text>
      </Text>
      <Text className='dating-join__derived-row'>
        出生年月：<Text className='dating-join__derived-value'>{`${d.birthYear}年${d.birthMonth}月`}</Text>（{age} 岁）
      </Text>
      {age < 18 && <Text className='form-field__error'>鹊桥会仅限年满 18 周岁的会员加入</Text>}
    </View>
  )
}

function ConsentText() {
  return (
    <View className='dating-join__consent-text'>
      <Text className='dating-join__consent-title'>个人敏感信息处理说明</Text>
      <Text>1. 您再次填写的身份证号码只用于与入会登记时的记录比对，比对后不保存号码本身。</Text>
      <Text>2. 我们只保存从号码读取的出生年月和性别，用于展示年龄和推荐；这两项不能修改。</Text>
      <Text>3. 您上传的照片、婚恋情况、身高、学历等属于敏感个人信息：审核通过前只有您和负责审核的红娘能看到，通过后只展示给鹊桥会中的其他会员。</Text>
      <Text>4. 联系方式只在双方互相喜欢（配对成功）后向对方展示，每次查看都会记录。</Text>
      <Text>5. 您可以随时暂停展示或注销；注销后照片、喜欢记录和聊天内容一并删除。</Text>
      <Text className='dating-join__consent-version'>版本 {datingConsentVersion}</Text>
    </View>
  )
}

function Joined({ result }: { result: JoinResult }) {
  return (
    <View className='dating-join__done'>
      <Text className='dating-join__done-title'>已加入鹊桥会</Text>
      <Text className='dating-join__done-detail'>
        {`${genderNames[result.gender]} · ${result.birthYear}年${result.birthMonth}月 · ${result.county.name}`}
      </Text>
      <Text className='dating-join__step'>下一步：上传照片、填写资料，提交红娘审核。</Text>
      <Button className='dating-join__next' type='primary' block onClick={() => void redirectPage(routes.datingProfileEdit)}>
        完善资料
      </Button>
    </View>
  )
}

export default function DatingJoinPage() {
  const [status, setStatus] = useState<DatingStatus | null>(null)
  const [loadError, setLoadError] = useState<LoadError | null>(null)
  const [idNumber, setIdNumber] = useState('')
  const [consent, setConsent] = useState(false)
  const [errors, setErrors] = useState<{ idNumber?: string; consent?: string }>({})
  const [result, setResult] = useState<JoinResult | null>(null)

  const load = async () => {
    setLoadError(null)
    try {
      setStatus(await api.dating.status())
    } catch (err) {
      setLoadError(loadErrorOf(err))
    }
  }
  useEffect(() => {
    void load()
  }, [])

  const submit = useAction(async () => {
    const found = { idNumber: idNumberError(idNumber) ?? undefined, consent: consent ? undefined : '请阅读并同意个人敏感信息处理说明' }
    setErrors(found)
    if (found.idNumber || found.consent) {
      void Taro.showToast({ title: found.idNumber ?? found.consent ?? '', icon: 'none' })
      return
    }
    try {
      setResult(await api.dating.join({ idNumber: normalizeIdNumber(idNumber), consent: true, consentVersion: datingConsentVersion }))
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
    } catch (error) {
      if (error instanceof ApiCallError && (error.code === 'DATING_ID_MISMATCH' || error.code === 'DATING_UNDER_AGE' || error.code === 'VALIDATION_FAILED')) {
        setErrors({ idNumber: errorText(error) })
        return
      }
      throw error
    }
  })

  let body
  if (result) body = <Joined result={result} />
  else if (!status) body = loadError ? <LoadFailure error={loadError} onRetry={() => void load()} /> : <PageState kind='loading' />
  else if (status.joined) {
    body = <PageState kind='empty' message='您已加入鹊桥会' action={{ text: '返回鹊桥会', onClick: () => void redirectPage(routes.datingHome) }} />
  } else {
    body = (
      <View className='dating-join__form'>
        <Text className='dating-join__step'>第 1 步：核对身份</Text>
        <FormField label='身份证号码' required error={errors.idNumber} hint='与入会登记时的号码比对，不保存号码本身'>
          <Input
            className='form-field__input dating-join__id'
            type='idcard'
            value={idNumber}
            maxlength={18}
            placeholder='再次填写您的 18 位身份证号码'
            onInput={(e) => {
              setIdNumber(e.detail.value)
              setErrors((x) => ({ ...x, idNumber: undefined }))
            }}
            onBlur={() => {
              if (idNumber.trim()) setErrors((x) => ({ ...x, idNumber: idNumberError(idNumber) ?? undefined }))
            }}
          />
        </FormField>
        <Derived idNumber={idNumber} />
        <Text className='dating-join__step'>第 2 步：阅读并同意</Text>
        <ConsentText />
        <View className='dating-join__consent-row'>
          <Checkbox
            className='form-checkbox dating-join__consent'
            checked={consent}
            label='我已阅读并同意上述说明，同意鹊桥会处理我的敏感个人信息'
            onChange={(checked) => {
              setConsent(checked)
              setErrors((x) => ({ ...x, consent: undefined }))
            }}
          />
          {errors.consent && <Text className='form-field__error'>{errors.consent}</Text>}
        </View>
        <Button className='dating-join__submit' type='primary' block loading={submit.busy} disabled={submit.busy} onClick={() => void submit.run()}>
          {submit.busy ? '正在核对…' : '加入鹊桥会'}
        </Button>
      </View>
    )
  }
  return <PageShell className='dating-join'>{body}</PageShell>
}
