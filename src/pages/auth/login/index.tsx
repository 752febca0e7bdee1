import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { ApiCallError, api, errorText } from '../../../api'
import { sessionToken } from '../../../api/session-token'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { routes } from '../../../routes'
import type { DemoAccount } from '../../../shared/api'
import './index.scss'

const newUserKey = 'new'

/** H5 demo sign-in: pick a seeded account to try each role. WeChat users are known by openid. */
export default function LoginPage() {
  const [accounts, setAccounts] = useState<DemoAccount[] | null>(null)
  const [error, setError] = useState<{ message: string; disabled: boolean } | null>(null)
  const [signingIn, setSigningIn] = useState<string | null>(null)

  const load = useCallback(async () => {
    setError(null)
    try {
      setAccounts(await api.auth.demoAccounts())
    } catch (err) {
      setError({ message: errorText(err), disabled: err instanceof ApiCallError && err.code === 'DEMO_DISABLED' })
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  const signIn = useAction(async (key: string) => {
    setSigningIn(key)
    try {
      const session = await api.auth.demoLogin({ key })
      sessionToken.set(session.token)
      await Taro.reLaunch({ url: routes.home })
    } finally {
      setSigningIn(null)
    }
  })

  return (
    <PageShell className='login-page'>
      <View className='login-page__banner'>
        <Text className='login-page__badge'>演示模式</Text>
        <Text className='login-page__title'>嘉兴网上职工之家</Text>
        <Text className='login-page__intro'>
          本页仅用于演示环境：选择一个演示账号即可体验会员、各级工会管理员的功能。正式版在微信小程序中使用微信身份登录。
        </Text>
      </View>

      {!accounts && !error && <PageState kind='loading' />}
      {error && (
        <PageState
          kind='error'
          message={error.disabled ? '当前环境未开放演示登录，请在微信中打开「嘉兴网上职工之家」小程序。' : error.message}
          onRetry={error.disabled ? undefined : () => void load()}
        />
      )}
      {accounts && (
        <View className='login-page__accounts'>
          {accounts.map((a) => (
            <View
              key={a.key}
              className={`demo-account demo-account--${a.key}`}
              onClick={() => void signIn.run(a.key)}
            >
              <View className='demo-account__text'>
                <Text className='demo-account__label'>{a.label}</Text>
                <Text className='demo-account__description'>{a.description}</Text>
              </View>
              <Text className='demo-account__go'>{signingIn === a.key ? '登录中…' : '登录 ›'}</Text>
            </View>
          ))}
          <Button
            className='login-page__new-user'
            type='primary'
            block
            loading={signingIn === newUserKey}
            disabled={signingIn !== null}
            onClick={() => void signIn.run(newUserKey)}
          >
            以新用户身份登录
          </Button>
          <Text className='login-page__new-hint'>新用户尚未入会，可体验入会申请流程。</Text>
        </View>
      )}
    </PageShell>
  )
}
