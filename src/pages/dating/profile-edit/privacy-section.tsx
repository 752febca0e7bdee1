import { Button, Switch } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { useAction } from '../../../hooks/use-action'
import { routes } from '../../../routes'
import type { MyProfile } from '../../../shared/api'
import { redirectPage } from '../../../utils/navigate'

/** 同单位隐身, 暂停展示 / 恢复展示 and 注销: what the member decides about being seen at all. */
export function PrivacySection({ profile, onChanged }: { profile: MyProfile; onChanged: () => void }) {
  const [hide, setHide] = useState(profile.hideFromUnit)

  const toggleHide = useAction(async (next: boolean) => {
    setHide(next)
    try {
      await api.dating.setHideFromUnit({ hide: next })
    } catch (error) {
      setHide(!next)
      throw error
    }
    void Taro.showToast({ title: next ? '已开启同单位隐身' : '已关闭同单位隐身', icon: 'none' })
  })

  const pauseOrResume = useAction(async () => {
    if (profile.state === 'paused') await api.dating.resume()
    else await api.dating.pause()
    onChanged()
  })

  const remove = useAction(async () => {
    const { confirm } = await Taro.showModal({
      title: '注销鹊桥会资料',
      content: '注销后您的照片、资料、喜欢记录和所有聊天将被删除，配对全部解除，且不能恢复。确定注销吗？',
      confirmText: '注销',
      confirmColor: '#c4161c',
      cancelText: '再想想',
    })
    if (!confirm) return
    await api.dating.deleteProfile({ confirm: true })
    void Taro.showToast({ title: '已注销', icon: 'success' })
    void redirectPage(routes.datingHome)
  })

  const suspended = profile.state === 'suspended'
  return (
    <View className='dating-profile__card dating-profile__privacy'>
      <Text className='dating-profile__card-title'>隐私</Text>
      <View className='dating-profile__switch-row'>
        <View className='dating-profile__switch-text'>
          <Text className='dating-profile__switch-label'>同单位隐身</Text>
          <Text className='dating-profile__card-note'>开启后，您和本单位的会员互相看不到</Text>
        </View>
        <Switch className='dating-profile__hide-unit' checked={hide} disabled={toggleHide.busy} onChange={(next) => void toggleHide.run(next)} />
      </View>
      {!suspended && (
        <View className='dating-profile__switch-row'>
          <View className='dating-profile__switch-text'>
            <Text className='dating-profile__switch-label'>{profile.state === 'paused' ? '资料已暂停展示' : '资料展示中'}</Text>
            <Text className='dating-profile__card-note'>{profile.state === 'paused' ? '恢复后会重新出现在推荐中' : '暂停后任何人都看不到您，可随时恢复'}</Text>
          </View>
          <Button className='dating-profile__pause' size='small' loading={pauseOrResume.busy} onClick={() => void pauseOrResume.run()}>
            {profile.state === 'paused' ? '恢复展示' : '暂停展示'}
          </Button>
        </View>
      )}
      <Button className='dating-profile__delete' block fill='none' loading={remove.busy} onClick={() => void remove.run()}>
        注销鹊桥会资料
      </Button>
    </View>
  )
}
