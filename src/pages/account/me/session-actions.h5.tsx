import { Button } from '@nutui/nutui-react-taro'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { sessionToken } from '../../../api/session-token'
import { routes } from '../../../routes'
import { relaunchPage } from '../../../utils/navigate'

/** Demo login only: the session lives in this browser, so leaving it is forgetting the token. */
function leave(): void {
  sessionToken.clear()
  void relaunchPage(routes.login)
}

export function SessionActions() {
  const logout = async () => {
    const { confirm } = await Taro.showModal({
      title: '退出登录',
      content: '退出后需在登录页重新选择账号。本机创建的新用户账号仍可在登录页继续使用。',
      confirmText: '退出',
      confirmColor: '#c4161c',
    })
    if (confirm) leave()
  }
  return (
    <View className='me-page__session'>
      <Button className='me-page__switch' type='primary' block onClick={leave}>
        切换账号
      </Button>
      <Button className='me-page__logout' block onClick={() => void logout()}>
        退出登录
      </Button>
    </View>
  )
}
