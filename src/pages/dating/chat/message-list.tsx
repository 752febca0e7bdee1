import { Button } from '@nutui/nutui-react-taro'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { errorText } from '../../../api'
import type { ChatMessage, ChatPeer } from '../../../shared/api'
import { cx } from '../../../utils/cx'
import { monthDayTimeText } from '../../../utils/time'

/** A time line between messages more than five minutes apart, as WeChat does. */
const gapMs = 5 * 60 * 1000

interface MessageListProps {
  messages: ChatMessage[]
  peer: ChatPeer | null
  hasOlder: boolean
  loadingOlder: boolean
  loadOlder: () => Promise<void>
}

/** The conversation as bubbles: mine on the right in green, theirs on the left in white; images as thumbnails that open full size. */
export function MessageList({ messages, peer, hasOlder, loadingOlder, loadOlder }: MessageListProps) {
  const older = () => loadOlder().catch((error: unknown) => void Taro.showToast({ title: errorText(error), icon: 'none' }))
  const imageUrls = messages.flatMap((m) => (m.image ? [m.image.url] : []))
  const initial = peer ? Array.from(peer.nickname)[0] : '?'
  return (
    <View className='dating-chat__messages'>
      {hasOlder && (
        <Button className='dating-chat__older' size='small' fill='none' loading={loadingOlder} onClick={() => void older()}>
          查看更早的消息
        </Button>
      )}
      {messages.map((m, index) => {
        const previous = messages[index - 1]
        const showTime = !previous || new Date(m.createdAt).getTime() - new Date(previous.createdAt).getTime() > gapMs
        return (
          <View key={m.id}>
            {showTime && <Text className='dating-chat__time'>{monthDayTimeText(m.createdAt)}</Text>}
            <View className={cx('dating-chat__row', m.mine && 'dating-chat__row--mine')}>
              {!m.mine &&
                (peer?.avatar ? (
                  <Image className='dating-chat__avatar' src={peer.avatar.thumbUrl ?? peer.avatar.url} mode='aspectFill' />
                ) : (
                  <View className='dating-chat__avatar dating-chat__avatar--none'>{initial}</View>
                ))}
              {m.image ? (
                <Image
                  className='dating-chat__image'
                  src={m.image.thumbUrl ?? m.image.url}
                  mode='aspectFill'
                  onClick={() => void Taro.previewImage({ urls: imageUrls, current: m.image?.url ?? '' })}
                />
              ) : m.kind === 'image' ? (
                <View className='dating-chat__bubble'>
                  <Text className='dating-chat__text dating-chat__text--muted'>[图片已失效]</Text>
                </View>
              ) : (
                <View className='dating-chat__bubble'>
                  <Text className='dating-chat__text' userSelect>
                    {m.text}
                  </Text>
                </View>
              )}
            </View>
          </View>
        )
      })}
    </View>
  )
}
