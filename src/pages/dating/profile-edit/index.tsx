import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { api } from '../../../api'
import { LoadFailure, loadErrorOf } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import type { MyProfile } from '../../../shared/api'
import { contentCheckNames, genderNames, profileStateNames } from '../../../shared/dating/names'
import { cx } from '../../../utils/cx'
import { monthDayTimeText } from '../../../utils/time'
import { ContactForm } from './contact-form'
import { ContentForm } from './content-form'
import { PreferencesForm } from './preferences-form'
import { PrivacySection } from './privacy-section'
import './index.scss'

/** Where the reviewed part stands, above the form. */
function ReviewState({ profile }: { profile: MyProfile }) {
  if (profile.pending) {
    return (
      <View className='dating-profile__review dating-profile__review--pending'>
        <Text className='dating-profile__review-title'>审核中</Text>
        <Text className='dating-profile__review-detail'>{`${monthDayTimeText(profile.pending.submittedAt)} 提交，红娘审核通过后展示。${profile.pending.contentCheck === 'review' ? contentCheckNames.review : ''}`}</Text>
      </View>
    )
  }
  if (profile.rejection) {
    return (
      <View className='dating-profile__review dating-profile__review--rejected'>
        <Text className='dating-profile__review-title'>未通过审核</Text>
        <Text className='dating-profile__review-detail'>{`原因：${profile.rejection.reason}。请修改后重新提交。`}</Text>
      </View>
    )
  }
  if (profile.approved) {
    return (
      <View className='dating-profile__review dating-profile__review--approved'>
        <Text className='dating-profile__review-title'>{profile.state === 'active' ? '已通过，展示中' : profileStateNames[profile.state]}</Text>
        <Text className='dating-profile__review-detail'>修改照片或文字后需重新审核，期间别人看到的仍是当前版本。</Text>
      </View>
    )
  }
  return (
    <View className='dating-profile__review dating-profile__review--new'>
      <Text className='dating-profile__review-title'>还没有提交资料</Text>
      <Text className='dating-profile__review-detail'>上传照片、填写资料后提交，红娘审核通过后其他会员才能看到您。</Text>
    </View>
  )
}

/** What the ID number decided: shown plainly, not editable. */
function Identity({ profile }: { profile: MyProfile }) {
  return (
    <View className='dating-profile__card dating-profile__identity'>
      <View className='dating-profile__facts'>
        <Text className='dating-profile__fact'>{`性别 ${genderNames[profile.gender]}`}</Text>
        <Text className='dating-profile__fact'>{`${profile.birthYear}年${profile.birthMonth}月生 · ${profile.age} 岁`}</Text>
        <Text className='dating-profile__fact'>{`工作在 ${profile.county.name.replace(/总工会$/, '')}`}</Text>
      </View>
      <Text className='dating-profile__card-note'>性别和出生年月来自身份证，县区来自您所在的工会，不能修改。别人只能看到年龄，看不到出生月份和单位。</Text>
    </View>
  )
}

export default function DatingProfileEditPage() {
  const [profile, setProfile] = useState<MyProfile | null>(null)
  const [error, setError] = useState<LoadError | null>(null)
  // A new key remounts the forms with what the server now holds.
  const [version, setVersion] = useState(0)

  const load = useCallback(async () => {
    setError(null)
    try {
      setProfile(await api.dating.myProfile())
      setVersion((v) => v + 1)
    } catch (err) {
      setError(loadErrorOf(err))
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  let body
  if (!profile) body = error ? <LoadFailure error={error} onRetry={() => void load()} /> : <PageState kind='loading' />
  else {
    body = (
      <View key={version} className={cx('dating-profile', `dating-profile--${profile.state}`)}>
        <ReviewState profile={profile} />
        <Identity profile={profile} />
        <ContentForm profile={profile} onSaved={() => void load()} />
        <PreferencesForm preferences={profile.preferences} onSaved={(preferences) => setProfile({ ...profile, preferences })} />
        <ContactForm contact={profile.contact} />
        <PrivacySection profile={profile} onChanged={() => void load()} />
      </View>
    )
  }
  return <PageShell className='dating-profile-page'>{body}</PageShell>
}
