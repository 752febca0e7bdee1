import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { ApiCallError, api, errorText } from '../../../api'
import { sessionToken } from '../../../api/session-token'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { routes } from '../../../routes'
import type { DemoAccount, DemoResumable, DemoSession } from '../../../shared/api'
import { returnPathParam } from '../../../utils/return-path'
import { relativeTimeText } from '../../../utils/time'
import { resumeStore } from './resume-store'
import { relaunchPage } from '../../../utils/navigate'
import './index.scss'

const newUserKey = 'new'

interface Choices {
  accounts: DemoAccount[]
  /** New accounts made in this browser; an empty list when they could not be looked up. */
  resumable: DemoResumable[]
}

async function loadResumable(): Promise<DemoResumable[]> {
  const tokens = resumeStore.list()
  if (tokens.length === 0) return []
  const resumable = await api.auth.demoResumable({ tokens })
  resumeStore.keep(resumable.map((r) => r.token))
  return resumable
}

/** H5 demo sign-in: pick a seeded account to try each role. WeChat users are known by openid. */
export default function LoginPage() {
  const returnTo = returnPathParam(useRouter().params.redirect)
  const [choices, setChoices] = useState<Choices | null>(null)
  const [error, setError] = useState<{ message: string; disabled: boolean } | null>(null)
  const [signingIn, setSigningIn] = useState<string | null>(null)

  const load = useCallback(async () => {
    setError(null)
    try {
      // The seeded accounts are enough to sign in: a failed lookup of this browser's own ones hides only those.
      const [accounts, resumable] = await Promise.all([api.auth.demoAccounts(), loadResumable().catch(() => [])])
      setChoices({ accounts, resumable })
    } catch (err) {
      setError({ message: errorText(err), disabled: err instanceof ApiCallError && err.code === 'DEMO_DISABLED' })
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  const enter = async (choice: string, open: () => Promise<DemoSession>) => {
    setSigningIn(choice)
    try {
      const session = await open()
      sessionToken.set(session.token, session.expiresAt)
      if (session.resumeToken) resumeStore.remember(session.resumeToken)
      await relaunchPage(returnTo ?? routes.home)
    } finally {
      setSigningIn(null)
    }
  }

  const signIn = useAction((key: string) => enter(key, () => api.auth.demoLogin({ key })))
  const resume = useAction((token: string) =>
    enter(token, () => api.auth.demoResume({ token })).catch((err: unknown) => {
      // A forgotten account leaves the list rather than failing on every visit.
      if (err instanceof ApiCallError && err.code === 'DEMO_ACCOUNT_GONE') {
        resumeStore.keep(resumeStore.list().filter((t) => t !== token))
        void load()
      }
      throw err
    }),
  )

  return (
    <PageShell className='login-page'>
      <View className='login-page__banner'>
        <Text className='login-page__badge'>演示模式</Text>
        <Text className='login-page__title'>嘉兴网上职工之家</Text>
        <Text className='login-page__intro'>
          本页仅用于演示环境：选择一个演示账号即可体验会员、各级工会管理员的功能。正式版在微信小程序中使用微信身份登录。
        </Text>
        {returnTo && <Text className='login-page__return'>登录后将继续打开您刚才访问的页面。</Text>}
      </View>

      {!choices && !error && <PageState kind='loading' />}
      {error && (
        <PageState
          kind='error'
          message={error.disabled ? '当前环境未开放演示登录，请在微信中打开「嘉兴网上职工之家」小程序。' : error.message}
          onRetry={error.disabled ? undefined : () => void load()}
        />
      )}
      {choices && (
        <View className='login-page__accounts'>
          {choices.resumable.length > 0 && (
            <View className='login-page__group login-page__resumable'>
              <Text className='login-page__group-title'>本机创建的账号</Text>
              {choices.resumable.map((r) => (
                <View key={r.token} className='demo-account demo-account--resumable' onClick={() => void resume.run(r.token)}>
                  <View className='demo-account__text'>
                    <Text className='demo-account__label'>{r.displayName}</Text>
                    <Text className='demo-account__description'>创建于 {relativeTimeText(r.createdAt)}</Text>
                  </View>
                  <Text className='demo-account__go'>{signingIn === r.token ? '登录中…' : '继续使用 ›'}</Text>
                </View>
              ))}
            </View>
          )}
          <Text className='login-page__group-title'>演示账号</Text>
          {choices.accounts.map((a) => (
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
          <Text className='login-page__new-hint'>新用户尚未入会，可体验入会申请流程；创建后会列在「本机创建的账号」中，可随时继续使用。</Text>
        </View>
      )}
    </PageShell>
  )
}
