import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect } from 'react'
import { answerPrivacy, privacyPopupShown, usePrivacyRequest } from './privacy-requests'
import './index.scss'

const agreeButtonId = 'privacy-agree'

/** What each privacy-scoped call the app makes is for, in the member's words (README lists them). */
const purposes: Record<string, string> = {
  scanCode: '扫描会员码',
  setClipboardData: '复制券码或单号',
  getClipboardData: '读取剪贴板',
  chooseMedia: '选择或拍摄图片',
  chooseImage: '选择或拍摄图片',
  chooseMessageFile: '从聊天中选择文件',
}

/**
 * 隐私保护指引: WeChat holds a privacy-scoped call (camera, album, files, clipboard) until the user
 * agrees to the app's privacy guide. Shown over the current page while such a call waits.
 */
export function PrivacyPopup() {
  const request = usePrivacyRequest()

  useEffect(() => {
    if (request) privacyPopupShown()
  }, [request])

  if (!request) return null
  const purpose = purposes[request.referrer]
  return (
    <View className='privacy-popup' catchMove>
      <View className='privacy-popup__panel' role='dialog' aria-label='隐私保护指引'>
        <Text className='privacy-popup__title'>隐私保护指引</Text>
        <Text className='privacy-popup__text'>
          {purpose ? `为了${purpose}，` : ''}使用前请阅读并同意
          <Text className='privacy-popup__link' onClick={() => Taro.openPrivacyContract({ fail: () => void Taro.showToast({ title: '暂时无法打开隐私保护指引', icon: 'none' }) })}>
            《嘉兴网上职工之家小程序隐私保护指引》
          </Text>
          。不同意时该功能无法使用，其他功能照常。
        </Text>
        <View className='privacy-popup__actions'>
          <Button className='privacy-popup__button privacy-popup__button--decline' onClick={() => answerPrivacy({ agreed: false })}>
            不同意
          </Button>
          <Button
            id={agreeButtonId}
            className='privacy-popup__button privacy-popup__button--agree'
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => answerPrivacy({ agreed: true, buttonId: agreeButtonId })}
          >
            同意
          </Button>
        </View>
      </View>
    </View>
  )
}
