import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { ActionOutput } from '../../../shared/api'
import { educationNames, maritalNames } from '../../../shared/dating/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { countyName } from '../discover/card-facts'
import './index.scss'

type PersonData = ActionOutput<'dating', 'person'>

/**
 * One member's profile: photos, what they wrote, and 喜欢/跳过; after a match 发消息. 举报 and
 * 拉黑 sit at the foot, away from the thumb's usual path.
 */
export default function DatingPersonPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const person = useResource(`dating-person:${id}`, () => api.dating.person({ id }), { enabled: valid })
  useRefreshOnReturn(() => void person.reload())

  if (!valid) {
    return (
      <PageShell className='dating-person'>
        <PageState kind='empty' message='没有找到这位会员' action={{ text: '去看推荐', onClick: () => void openPage(routes.datingDiscover) }} />
      </PageShell>
    )
  }
  return (
    <PageShell className='dating-person'>
      {person.status === 'loading' && <PageState kind='loading' />}
      {person.error && <LoadFailure error={person.error} onRetry={() => void person.reload()} />}
      {person.data && <PersonView data={person.data} onChanged={(next) => person.setData(() => next)} />}
    </PageShell>
  )
}

function PersonView({ data, onChanged }: { data: PersonData; onChanged: (next: PersonData) => void }) {
  const { profile, relation } = data
  const like = useAction(async () => {
    const result = await api.dating.like({ targetId: profile.id })
    onChanged({ ...data, relation: { ...relation, liked: true, passed: false, canLike: false, matchId: result.matchId, likesLeft: result.likesLeft } })
    if (result.matched) void Taro.showToast({ title: '配对成功，可以发消息了', icon: 'none' })
    else void Taro.showToast({ title: '已喜欢，对方也喜欢你时会通知你', icon: 'none' })
  })
  const pass = useAction(async () => {
    await api.dating.pass({ targetId: profile.id })
    onChanged({ ...data, relation: { ...relation, passed: true } })
    void Taro.showToast({ title: '已跳过，不会再推荐给你', icon: 'none' })
  })
  const block = useAction(async () => {
    const { confirm } = await Taro.showModal({
      title: '拉黑该会员？',
      content: '拉黑后你们将互相看不到对方的资料，也不能再聊天；已有的配对会解除。可在「黑名单」中解除拉黑。',
      confirmText: '拉黑',
      confirmColor: '#c4161c',
    })
    if (!confirm) return
    await api.dating.block({ targetId: profile.id })
    await Taro.showToast({ title: '已拉黑', icon: 'success' })
    void Taro.navigateBack().catch(() => openPage(routes.datingDiscover))
  })
  const busy = like.busy || pass.busy || block.busy
  const preview = (at: number) => void Taro.previewImage({ current: profile.photos[at].url, urls: profile.photos.map((p) => p.url) })
  const matchId = relation.matchId

  const facts = [
    ['身高', `${profile.heightCm}cm`],
    ['学历', educationNames[profile.education]],
    ['职业', profile.occupation],
    ['婚况', maritalNames[profile.marital]],
    ['家乡', profile.hometown],
    ['工作区县', countyName(profile)],
  ].filter(([, value]) => value)

  return (
    <View className='dating-person__body'>
      {/* The avatar large, the others as thumbnails; a tap opens them all full screen. (A swiper would
          add its templates to the main package's base.wxml, which is at its size limit.) */}
      {profile.photos.length > 0 ? (
        <Image className='dating-person__photo' src={profile.photos[0].url} mode='aspectFill' onClick={() => preview(0)} />
      ) : (
        <View className='dating-person__photo dating-person__photo--none'>
          <Text>暂无照片</Text>
        </View>
      )}
      {profile.photos.length > 1 && (
        <View className='dating-person__thumbs'>
          {profile.photos.map((photo, at) => (
            <Image key={photo.fileId} className='dating-person__thumb' src={photo.thumbUrl ?? photo.url} mode='aspectFill' onClick={() => preview(at)} />
          ))}
        </View>
      )}
      <View className='dating-person__card'>
        <View className='dating-person__headline'>
          <Text className='dating-person__name'>{profile.nickname}</Text>
          <Text className='dating-person__age'>{profile.age}岁</Text>
        </View>
        <View className='dating-person__facts'>
          {facts.map(([label, value]) => (
            <View key={label} className='dating-person__fact'>
              <Text className='dating-person__fact-label'>{label}</Text>
              <Text className='dating-person__fact-value'>{value}</Text>
            </View>
          ))}
        </View>
      </View>
      {profile.intro && (
        <View className='dating-person__card'>
          <Text className='dating-person__section'>自我介绍</Text>
          <Text className='dating-person__intro'>{profile.intro}</Text>
        </View>
      )}
      {profile.interests.length > 0 && (
        <View className='dating-person__card'>
          <Text className='dating-person__section'>兴趣爱好</Text>
          <View className='dating-person__tags'>
            {profile.interests.map((tag) => (
              <Text key={tag} className='dating-person__tag'>
                {tag}
              </Text>
            ))}
          </View>
        </View>
      )}
      <View className='dating-person__safety'>
        <Text className='dating-person__report' onClick={() => void openPage(withQuery(routes.datingReport, relation.matchId === null ? { targetId: profile.id } : { targetId: profile.id, matchId: relation.matchId }))}>
          举报
        </Text>
        <Text className='dating-person__block' onClick={() => !busy && void block.run()}>
          拉黑
        </Text>
      </View>
      <View className='dating-person__actions'>
        {matchId !== null ? (
          <View className='dating-person__chat' role='button' onClick={() => void openPage(withQuery(routes.datingChat, { matchId }))}>
            <Text>发消息</Text>
          </View>
        ) : relation.liked ? (
          <Text className='dating-person__status'>已喜欢，等待对方回应</Text>
        ) : (
          <>
            {!relation.passed && (
              <View className={cx('dating-person__pass', busy && 'dating-person__button--off')} role='button' onClick={() => !busy && void pass.run()}>
                <Text>跳过</Text>
              </View>
            )}
            <View
              className={cx('dating-person__like', (busy || !relation.canLike) && 'dating-person__button--off')}
              role='button'
              aria-disabled={busy || !relation.canLike}
              onClick={() => !busy && relation.canLike && void like.run()}
            >
              <Text>{relation.likesLeft === 0 ? '今日喜欢已用完' : '喜欢'}</Text>
            </View>
          </>
        )}
      </View>
    </View>
  )
}
