import { Button } from '@nutui/nutui-react-taro'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { routes, withQuery } from '../../../routes'
import type { ChatMatch } from '../../../shared/api'
import { contactKindNames } from '../../../shared/dating/names'
import { openPage } from '../../../utils/navigate'
import { InputBar } from './input-bar'
import { MessageList } from './message-list'
import { useChat } from './use-chat'
import './index.scss'

/** Why the chat is over, in words that never say the other side blocked you (the server already hides that). */
function endedText(ended: NonNullable<ChatMatch['ended']>): string {
  switch (ended.reason) {
    case 'unmatch':
      return ended.byMe ? '你已解除匹配，聊天已结束。' : '对方已解除匹配，聊天已结束。'
    case 'block':
      return '你已将对方拉黑，聊天已结束。'
    case 'deleted':
      return '对方已注销鹊桥会资料，聊天已结束。'
    case 'closed':
      return '对方的资料已被红娘关闭，聊天已结束。'
  }
}

const scrollToEnd = () => void Taro.pageScrollTo({ scrollTop: 1_000_000, duration: 0 })

/** One match's chat, as WeChat's own: the other side on the left, me on the right, the input bar at the bottom. */
export default function DatingChatPage() {
  const matchId = Number(useRouter().params.matchId)
  const valid = Number.isInteger(matchId) && matchId > 0
  // After the render that shows them: the page is only then tall enough to scroll to its end.
  const chat = useChat(valid ? matchId : 0, () => setTimeout(scrollToEnd, 50))
  const match = chat.match
  // Back from the person page or a report: the match may have ended, and image links expire.
  useRefreshOnReturn(() => void chat.reload())

  const reveal = useAction(() => api.dating.revealContact({ matchId }))
  // The dialog opens after the call, so the button's spinner does not turn behind it.
  const showContact = async () => {
    const answer = await reveal.run()
    if (!answer) return
    const { contact } = answer
    if (!contact) {
      await Taro.showModal({ title: '联系方式', content: '对方还没有填写联系方式，可以先在这里聊聊。', showCancel: false, confirmText: '知道了' })
      return
    }
    const { confirm } = await Taro.showModal({
      title: `对方的${contactKindNames[contact.kind]}`,
      content: contact.value,
      confirmText: '复制',
      cancelText: '关闭',
    })
    if (confirm) await Taro.setClipboardData({ data: contact.value })
  }

  const couple = useAction(async (confirmOnly: boolean) => {
    if (!confirmOnly) {
      const { confirm } = await Taro.showModal({
        title: '牵手成功',
        content: '告诉红娘你们已经牵手成功？对方确认后记为一对。',
        confirmText: '告诉红娘',
        cancelText: '取消',
      })
      if (!confirm) return
    }
    const { couple: state } = confirmOnly ? await api.dating.confirmCouple({ matchId }) : await api.dating.reportCouple({ matchId })
    chat.setMatch((m) => ({ ...m, couple: state }))
    void Taro.showToast({ title: state.status === 'confirmed' ? '恭喜你们牵手成功！' : '已告诉对方，等待确认', icon: 'none' })
  })

  const unmatch = useAction(async () => {
    const { confirm } = await Taro.showModal({
      title: '解除匹配',
      content: '解除后聊天结束，双方都不能再发消息或查看联系方式，且不能再次配对。确定解除吗？',
      confirmText: '解除',
      confirmColor: '#fa5151',
      cancelText: '取消',
    })
    if (!confirm) return
    await api.dating.unmatch({ matchId })
    await chat.reload()
  })

  const more = async (current: ChatMatch) => {
    const live = current.ended === null
    const items: { text: string; run: () => void }[] = []
    if (current.peer && live) items.push({ text: '查看资料', run: () => void openPage(withQuery(routes.datingPerson, { id: current.peer?.id ?? 0 })) })
    if (live && current.couple.status === 'none') items.push({ text: '牵手成功', run: () => void couple.run(false) })
    if (current.peer) {
      items.push({ text: '举报', run: () => void openPage(withQuery(routes.datingReport, { targetId: current.peer?.id ?? 0, matchId: current.id })) })
    }
    if (live) items.push({ text: '解除匹配', run: () => void unmatch.run() })
    try {
      const { tapIndex } = await Taro.showActionSheet({ itemList: items.map((i) => i.text) })
      items[tapIndex]?.run()
    } catch {
      // Closed without a choice.
    }
  }

  if (!valid) {
    return (
      <PageShell>
        <PageState kind='error' message='聊天链接无效' />
      </PageShell>
    )
  }
  return (
    <PageShell className='dating-chat'>
      {chat.status === 'loading' && <PageState kind='loading' />}
      {chat.error && <LoadFailure error={chat.error} onRetry={() => void chat.reload()} />}
      {chat.status === 'ready' && match && (
        <>
          <View className='dating-chat__header'>
            <View
              className='dating-chat__who'
              onClick={() => {
                if (match.peer && match.ended === null) void openPage(withQuery(routes.datingPerson, { id: match.peer.id }))
              }}
            >
              {match.peer?.avatar ? (
                <Image className='dating-chat__header-avatar' src={match.peer.avatar.thumbUrl ?? match.peer.avatar.url} mode='aspectFill' />
              ) : (
                <View className='dating-chat__header-avatar dating-chat__avatar--none'>{match.peer ? Array.from(match.peer.nickname)[0] : '?'}</View>
              )}
              <Text className='dating-chat__name'>{match.peer?.nickname ?? '资料已不可见'}</Text>
            </View>
            {match.ended === null && (
              <Button className='dating-chat__contact' size='small' fill='outline' loading={reveal.busy} onClick={() => void showContact()}>
                查看联系方式
              </Button>
            )}
            <View className='dating-chat__more' ariaLabel='更多' onClick={() => void more(match)}>
              ···
            </View>
          </View>
          {match.ended === null && match.couple.status === 'reported' && match.couple.byMe && (
            <Text className='dating-chat__banner'>已告诉对方你们牵手成功，等待对方确认。</Text>
          )}
          {match.ended === null && match.couple.status === 'reported' && !match.couple.byMe && (
            <View className='dating-chat__banner dating-chat__banner--ask'>
              <Text>对方说你们已经牵手成功，确认吗？</Text>
              <Button size='small' type='primary' loading={couple.busy} onClick={() => void couple.run(true)}>
                确认
              </Button>
            </View>
          )}
          {match.couple.status === 'confirmed' && <Text className='dating-chat__banner dating-chat__banner--couple'>恭喜！你们已牵手成功。</Text>}
          {chat.messages.length === 0 && match.ended === null && (
            <Text className='dating-chat__empty'>你们已互相喜欢，打个招呼吧。为了安全，见面前请多了解对方，不要转账借钱。</Text>
          )}
          <MessageList messages={chat.messages} peer={match.peer} hasOlder={chat.hasOlder} loadingOlder={chat.loadingOlder} loadOlder={chat.loadOlder} />
          {/* Where the input bar was, so it is seen wherever the conversation is scrolled to. */}
          {match.ended ? <Text className='dating-chat__ended'>{endedText(match.ended)}</Text> : <InputBar matchId={matchId} onSent={chat.add} />}
        </>
      )}
    </PageShell>
  )
}
