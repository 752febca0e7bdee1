import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ApiCallError, api, errorText } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { useAction } from '../../../hooks/use-action'
import { useRequestId } from '../../../hooks/use-request-id'
import type { MyProfile, PhotoView } from '../../../shared/api'
import { datingLimits, educationNames, educations, maritalNames } from '../../../shared/dating/names'
import type { Education, Marital } from '../../../shared/dating/names'
import { PhotoGrid } from './photo-grid'

interface Draft {
  photos: PhotoView[]
  nickname: string
  heightCm: string
  education: Education | null
  occupation: string
  hometown: string
  marital: Marital | null
  intro: string
  interests: string
}

type Field = 'photos' | 'nickname' | 'heightCm' | 'education' | 'occupation' | 'marital' | 'interests' | 'text'

/** The form starts from what waits for review, else what was approved, else empty. */
function draftOf(profile: MyProfile): Draft {
  const from = profile.pending ?? profile.approved
  return {
    photos: from?.photos ?? [],
    nickname: from?.nickname ?? '',
    heightCm: from ? String(from.heightCm) : '',
    education: from?.education ?? null,
    occupation: from?.occupation ?? '',
    hometown: from?.hometown ?? '',
    marital: from?.marital ?? null,
    intro: from?.intro ?? '',
    interests: from?.interests.join(' ') ?? '',
  }
}

function interestsOf(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).filter(Boolean))]
}

function problems(d: Draft): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {}
  const height = Number(d.heightCm)
  if (d.photos.length < datingLimits.photosMin) found.photos = '请至少上传 1 张照片，第一张为头像'
  if (!d.nickname.trim()) found.nickname = '请填写昵称'
  if (!Number.isInteger(height) || height < datingLimits.heightMin || height > datingLimits.heightMax) {
    found.heightCm = `请填写 ${datingLimits.heightMin}–${datingLimits.heightMax} 之间的身高（厘米）`
  }
  if (!d.education) found.education = '请选择学历'
  if (!d.occupation.trim()) found.occupation = '请填写职业'
  if (!d.marital) found.marital = '请选择婚姻状况'
  const interests = interestsOf(d.interests)
  if (interests.length > datingLimits.interestsMax) found.interests = `兴趣最多 ${datingLimits.interestsMax} 个`
  else if (interests.some((i) => i.length > datingLimits.interestMaxLength)) found.interests = `每个兴趣不超过 ${datingLimits.interestMaxLength} 个字`
  return found
}

/** Photos and the text others see: every change goes to a matchmaker first. */
export function ContentForm({ profile, onSaved }: { profile: MyProfile; onSaved: () => void }) {
  const [draft, setDraft] = useState(() => draftOf(profile))
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [uploading, setUploading] = useState(false)
  const requestId = useRequestId()
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined, text: undefined }))
  }

  const save = useAction(async () => {
    if (uploading) {
      void Taro.showToast({ title: '照片还在上传，请稍候', icon: 'none' })
      return
    }
    const found = problems(draft)
    setErrors(found)
    const first = Object.values(found)[0]
    if (first || !draft.education || !draft.marital) {
      void Taro.showToast({ title: first ?? '请检查填写内容', icon: 'none' })
      return
    }
    const input = {
      nickname: draft.nickname.trim(),
      heightCm: Number(draft.heightCm),
      education: draft.education,
      occupation: draft.occupation.trim(),
      hometown: draft.hometown.trim(),
      marital: draft.marital,
      intro: draft.intro.trim(),
      interests: interestsOf(draft.interests),
      photoFileIds: draft.photos.map((p) => p.fileId),
    }
    try {
      await api.dating.saveProfile({ ...input, requestId: requestId.idFor(input) })
    } catch (error) {
      // Words to change belong next to the text, not in a toast that vanishes.
      if (error instanceof ApiCallError && (error.code === 'DATING_TEXT_BLOCKED' || error.code === 'DATING_TEXT_RISKY')) {
        setErrors({ text: errorText(error) })
        return
      }
      if (error instanceof ApiCallError && error.code === 'DATING_PHOTO_NOT_OWN') {
        setErrors({ photos: errorText(error) })
        return
      }
      throw error
    }
    requestId.reset()
    void Taro.showToast({ title: '已提交，等待红娘审核', icon: 'success' })
    // The review state is shown at the top of the page.
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
    onSaved()
  })

  return (
    <View className='dating-profile__card dating-profile__content'>
      <Text className='dating-profile__card-title'>照片和资料</Text>
      <Text className='dating-profile__card-note'>修改后需红娘审核，审核通过前别人看到的仍是上一版。</Text>
      <FormField label={`照片（1–${datingLimits.photosMax} 张）`} required error={errors.photos} hint='第一张为头像；点照片可设为头像或删除。审核通过前只有您和红娘能看到'>
        <PhotoGrid value={draft.photos} onChange={(photos) => set('photos', photos)} onBusyChange={setUploading} />
      </FormField>
      <FormField label='昵称' required error={errors.nickname}>
        <Input className='form-field__input dating-profile__nickname' value={draft.nickname} maxlength={datingLimits.nicknameMaxLength} placeholder='别人看到的称呼，不要用真实姓名' onInput={(e) => set('nickname', e.detail.value)} />
      </FormField>
      <FormField label='身高（厘米）' required error={errors.heightCm}>
        <Input className='form-field__input dating-profile__height' type='number' value={draft.heightCm} maxlength={3} placeholder='如 165' onInput={(e) => set('heightCm', e.detail.value)} />
      </FormField>
      <FormField label='学历' required error={errors.education}>
        <ChoiceChips className='dating-profile__education' options={educations.map((e) => ({ value: e, label: educationNames[e] }))} value={draft.education} onChange={(v) => set('education', v)} />
      </FormField>
      <FormField label='职业' required error={errors.occupation}>
        <Input className='form-field__input dating-profile__occupation' value={draft.occupation} maxlength={datingLimits.occupationMaxLength} placeholder='如 会计、数控技术员' onInput={(e) => set('occupation', e.detail.value)} />
      </FormField>
      <FormField label='婚姻状况' required error={errors.marital}>
        <ChoiceChips className='dating-profile__marital' options={(Object.keys(maritalNames) as Marital[]).map((m) => ({ value: m, label: maritalNames[m] }))} value={draft.marital} onChange={(v) => set('marital', v)} />
      </FormField>
      <FormField label='家乡'>
        <Input className='form-field__input dating-profile__hometown' value={draft.hometown} maxlength={datingLimits.hometownMaxLength} placeholder='如 嘉兴海宁' onInput={(e) => set('hometown', e.detail.value)} />
      </FormField>
      <FormField label='自我介绍' hint='不要写微信号、手机号等联系方式：配对成功后对方自然能看到'>
        <Textarea className='form-field__textarea dating-profile__intro' value={draft.intro} maxlength={datingLimits.introMaxLength} autoHeight placeholder='说说您的性格、生活和期待' onInput={(e) => set('intro', e.detail.value)} />
      </FormField>
      <FormField label='兴趣爱好' error={errors.interests} hint={`用空格或逗号分隔，最多 ${datingLimits.interestsMax} 个`}>
        <Input className='form-field__input dating-profile__interests' value={draft.interests} placeholder='如 羽毛球 烘焙 旅行' onInput={(e) => set('interests', e.detail.value)} />
      </FormField>
      {errors.text && <Text className='dating-profile__text-error'>{errors.text}</Text>}
      <Button className='dating-profile__save' type='primary' block loading={save.busy} disabled={save.busy} onClick={() => void save.run()}>
        {save.busy ? '正在提交…' : '提交审核'}
      </Button>
    </View>
  )
}
