import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { errorText } from '../../../api'
import type { ThreadMessage } from '../../../shared/api'
import { cx } from '../../../utils/cx'
import { monthDayTimeText } from '../../../utils/time'
import { ThreadFiles } from './thread-files'

interface ThreadListProps {
  messages: ThreadMessage[]
  olderCursor: string | null
  loadingOlder: boolean
  loadOlder: () => Promise<void>
  /** What an empty thread says, by who is looking. */
  emptyText: string
}

/** The conversation as bubbles: the caller's own on the right, the other side's on the left, each with its attachments. */
export function ThreadList({ messages, olderCursor, loadingOlder, loadOlder, emptyText }: ThreadListProps) {
  const older = () => loadOlder().catch((error: unknown) => void Taro.showToast({ title: errorText(error), icon: 'none' }))
  return (
    <View className='legal-question__thread'>
      {olderCursor && (
        <Button className='legal-question__older' size='small' fill='none' loading={loadingOlder} onClick={() => void older()}>
          查看更早的消息
        </Button>
      )}
      {messages.length === 0 && <Text className='legal-question__thread-empty'>{emptyText}</Text>}
      {messages.map((m) => (
        <View key={m.id} className={cx('legal-question__message', m.mine && 'legal-question__message--mine', `legal-question__message--${m.side}`)}>
          <Text className='legal-question__message-meta'>
            {m.mine ? '我' : m.author}
            {m.side === 'lawyer' && !m.mine ? '（律师）' : ''} · {monthDayTimeText(m.createdAt)}
          </Text>
          <View className='legal-question__bubble'>
            <Text className='legal-question__bubble-text' userSelect>
              {m.body}
            </Text>
            <ThreadFiles files={m.files} />
          </View>
        </View>
      ))}
    </View>
  )
}
