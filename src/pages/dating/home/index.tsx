import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { api } from '../../../api'
import { LoadFailure, loadErrorOf } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { routes } from '../../../routes'
import type { DatingStatus } from '../../../shared/api'
import { cx } from '../../../utils/cx'
import { openPage, redirectPage } from '../../../utils/navigate'
import { monthDayTimeText } from '../../../utils/time'
import './index.scss'

/** Where the member stands, in one line and a tone. */
function standing(status: DatingStatus): { tone: 'ok' | 'wait' | 'warn' | 'off'; title: string; detail: string } {
  if (status.state === 'closed') return { tone: 'off', title: '资料已关闭', detail: status.stateReason ?? '如有疑问请联系所在工会' }
  if (status.state === 'suspended') {
    const until = status.suspendedUntil ? monthDayTimeText(status.suspendedUntil) : ''
    return { tone: 'warn', title: '暂停使用中', detail: `${status.stateReason ?? '红娘暂停了您的资料'}${until ? `，${until} 后恢复` : ''}` }
  }
  if (status.pending) return { tone: 'wait', title: '资料审核中', detail: `${monthDayTimeText(status.pending.submittedAt)} 提交，红娘审核通过后即可展示` }
  if (status.rejection) return { tone: 'warn', title: '资料未通过审核', detail: `原因：${status.rejection.reason}` }
  if (!status.approved) return { tone: 'wait', title: '请完善资料', detail: '上传照片、填写资料并提交审核，通过后才能被看到' }
  if (status.state === 'paused') return { tone: 'off', title: '已暂停展示', detail: '别人看不到您的资料，可在「我的资料」中恢复' }
  return { tone: 'ok', title: '资料展示中', detail: '去看看为您推荐的会员吧' }
}

interface Entry {
  key: string
  title: string
  note: string
  url: string
  /** Only an approved, shown profile may meet others. */
  needsActive: boolean
}

const entries: Entry[] = [
  { key: 'discover', title: '推荐', note: '双方条件都合适的会员', url: routes.datingDiscover, needsActive: true },
  { key: 'chats', title: '消息', note: '配对成功后聊天', url: routes.datingChats, needsActive: true },
  { key: 'events', title: '活动', note: '线下联谊，报名参加', url: routes.datingEvents, needsActive: true },
  { key: 'profile', title: '我的资料', note: '照片、资料、择偶条件', url: routes.datingProfileEdit, needsActive: false },
  { key: 'blocked', title: '黑名单', note: '拉黑的会员', url: routes.datingBlocked, needsActive: false },
]

function Intro({ onJoin }: { onJoin: () => void }) {
  return (
    <View className='dating-home__intro'>
      <Text className='dating-home__title'>嘉工鹊桥会</Text>
      <Text className='dating-home__lead'>只为经过工会认证的职工会员牵线搭桥。</Text>
      <View className='dating-home__promises'>
        <Text className='dating-home__promise'>✓ 人人实名认证，没有虚假资料</Text>
        <Text className='dating-home__promise'>✓ 互相喜欢才交换联系方式</Text>
        <Text className='dating-home__promise'>✓ 可开启「同单位隐身」，不被同事看到</Text>
        <Text className='dating-home__promise'>✓ 每份资料由红娘审核，举报有人处理</Text>
      </View>
      <Button className='dating-home__join' type='primary' block onClick={onJoin}>
        加入鹊桥会
      </Button>
    </View>
  )
}

export default function DatingHomePage() {
  const [status, setStatus] = useState<DatingStatus | null>(null)
  const [error, setError] = useState<LoadError | null>(null)

  const load = useCallback(async () => {
    setError(null)
    try {
      setStatus(await api.dating.status())
    } catch (err) {
      setError(loadErrorOf(err))
    }
  }, [])

  // Back from joining or editing, the state has changed.
  useDidShow(() => {
    void load()
  })

  let body
  if (!status) {
    if (error?.notMember) {
      body = <PageState kind='error' message='嘉工鹊桥会仅限已入会的工会会员参加' action={{ text: '申请入会', onClick: () => void redirectPage(routes.join) }} />
    } else body = error ? <LoadFailure error={error} onRetry={() => void load()} /> : <PageState kind='loading' />
  } else if (!status.joined) {
    body = <Intro onJoin={() => void openPage(routes.datingJoin)} />
  } else {
    const now = standing(status)
    const active = status.approved && status.state === 'active'
    body = (
      <>
        <View className={cx('dating-home__status', `dating-home__status--${now.tone}`)}>
          <Text className='dating-home__status-title'>{now.title}</Text>
          <Text className='dating-home__status-detail'>{now.detail}</Text>
          {status.nickname && <Text className='dating-home__nickname'>昵称：{status.nickname}</Text>}
          {status.state !== 'closed' && (status.rejection || (!status.approved && !status.pending)) && (
            <Button className='dating-home__edit' type='primary' size='small' onClick={() => void openPage(routes.datingProfileEdit)}>
              {status.rejection ? '修改资料' : '完善资料'}
            </Button>
          )}
        </View>
        {status.state !== 'closed' && (
          <View className='dating-home__entries'>
            {entries.map((entry) => {
              const enabled = active || !entry.needsActive
              return (
                <View
                  key={entry.key}
                  className={cx('dating-home__entry', `dating-home__entry--${entry.key}`, !enabled && 'dating-home__entry--disabled')}
                  onClick={() => {
                    if (enabled) void openPage(entry.url)
                    else void Taro.showToast({ title: status.state === 'paused' ? '恢复展示后可用' : '资料审核通过后可用', icon: 'none' })
                  }}
                >
                  <Text className='dating-home__entry-title'>{entry.title}</Text>
                  <Text className='dating-home__entry-note'>{enabled ? entry.note : '审核通过并展示后可用'}</Text>
                </View>
              )
            })}
          </View>
        )}
      </>
    )
  }

  return <PageShell className='dating-home'>{body}</PageShell>
}
