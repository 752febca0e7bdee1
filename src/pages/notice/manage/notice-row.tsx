import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import type { ManagedNotice, NoticeState } from '../../../shared/api'
import { dateTimeText } from '../../../utils/time'

export const stateNames: Record<NoticeState, string> = {
  draft: '草稿',
  scheduled: '定时',
  published: '已发布',
  withdrawn: '已撤回',
  expired: '已过期',
}

export type NoticeCommand = 'edit' | 'publish' | 'pin' | 'unpin' | 'withdraw'

/** What the server allows in each state (cloudfunctions/notice). */
function commandsFor(n: ManagedNotice): NoticeCommand[] {
  switch (n.state) {
    case 'draft':
      return ['edit', 'publish']
    case 'scheduled':
      return ['edit', n.pinned ? 'unpin' : 'pin', 'withdraw']
    case 'published':
      return [n.pinned ? 'unpin' : 'pin', 'withdraw']
    case 'expired':
      return ['withdraw']
    case 'withdrawn':
      return []
  }
}

const commandText: Record<NoticeCommand, string> = {
  edit: '编辑',
  publish: '立即发布',
  pin: '置顶',
  unpin: '取消置顶',
  withdraw: '撤回',
}

interface NoticeRowProps {
  notice: ManagedNotice
  busyCommand: NoticeCommand | null
  onCommand: (notice: ManagedNotice, command: NoticeCommand) => void
}

export function NoticeRow({ notice: n, busyCommand, onCommand }: NoticeRowProps) {
  return (
    <View className={`notice-row notice-row--${n.state}`}>
      <View className='notice-row__head'>
        <Text className={`notice-row__state notice-row__state--${n.state}`}>{stateNames[n.state]}</Text>
        {n.pinned && <Text className='notice-row__pin'>置顶</Text>}
        <Text className='notice-row__title'>{n.title}</Text>
      </View>
      <View className='notice-row__facts'>
        <Text>发布范围：{n.target.fullName}</Text>
        {n.state === 'draft' && <Text>更新于 {dateTimeText(n.updatedAt)}</Text>}
        {n.state === 'scheduled' && n.publishAt && <Text>定时发布：{dateTimeText(n.publishAt)}</Text>}
        {n.state !== 'draft' && n.state !== 'scheduled' && n.publishAt && <Text>发布时间：{dateTimeText(n.publishAt)}</Text>}
        {n.expireAt && <Text>过期时间：{dateTimeText(n.expireAt)}</Text>}
        {n.state !== 'draft' && n.state !== 'scheduled' && <Text className='notice-row__reads'>已读 {n.readCount}</Text>}
      </View>
      {commandsFor(n).length > 0 && (
        <View className='notice-row__actions'>
          {commandsFor(n).map((command) => (
            <Button
              key={command}
              className={`notice-row__action notice-row__action--${command}`}
             
              type={command === 'publish' ? 'primary' : 'default'}
              loading={busyCommand === command}
              disabled={busyCommand !== null}
              onClick={() => onCommand(n, command)}
            >
              {commandText[command]}
            </Button>
          ))}
        </View>
      )}
    </View>
  )
}
