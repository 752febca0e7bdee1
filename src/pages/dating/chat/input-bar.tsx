import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { api, errorText } from '../../../api'
import { useAction } from '../../../hooks/use-action'
import { useRequestId } from '../../../hooks/use-request-id'
import type { ChatMessage } from '../../../shared/api'
import { datingLimits } from '../../../shared/dating/names'
import { chooseForUpload, startUpload } from '../../../utils/upload-file'

interface InputBarProps {
  matchId: number
  onSent: (message: ChatMessage) => void
}

/**
 * The bar at the bottom, as in WeChat: a picture button, the text field (the keyboard's 发送 sends
 * too) and 发送. A send retried after a lost answer carries the same request id, so the server
 * answers with the first message instead of writing it twice.
 */
export function InputBar({ matchId, onSent }: InputBarProps) {
  const [text, setText] = useState('')
  const [uploading, setUploading] = useState<number | null>(null)
  const requestId = useRequestId()

  const sendText = useAction(async () => {
    const body = text.trim()
    if (!body) return
    const id = requestId.idFor({ text: body })
    const { message } = await api.dating.send({ matchId, text: body, requestId: id })
    requestId.reset()
    setText('')
    onSent(message)
  })

  const sendImage = async () => {
    if (uploading !== null) return
    try {
      const [file] = await chooseForUpload('dating_chat_image', 1)
      if (!file) return
      setUploading(0)
      const stored = await startUpload('dating_chat_image', file, (sent) => setUploading(Math.round(sent * 100))).done
      const { message } = await api.dating.send({ matchId, imageFileId: stored.id, requestId: requestId.idFor({ image: stored.id }) })
      requestId.reset()
      onSent(message)
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none', duration: 2500 })
    } finally {
      setUploading(null)
    }
  }

  return (
    <View className='dating-chat__bar'>
      <View className='dating-chat__pick' ariaLabel='发送图片' onClick={() => void sendImage()}>
        {uploading === null ? <Text className='dating-chat__pick-plus'>＋</Text> : <Text className='dating-chat__pick-progress'>{uploading}%</Text>}
      </View>
      <Input
        className='dating-chat__input'
        value={text}
        maxlength={datingLimits.messageMaxLength}
        confirmType='send'
        confirmHold
        placeholder='说点什么…'
        onInput={(e) => setText(e.detail.value)}
        onConfirm={() => void sendText.run()}
      />
      <Button className='dating-chat__send' type='primary' size='small' disabled={text.trim() === '' || sendText.busy} loading={sendText.busy} onClick={() => void sendText.run()}>
        发送
      </Button>
    </View>
  )
}
