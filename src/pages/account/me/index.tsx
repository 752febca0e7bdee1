import { Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { LargeTextSwitch } from '../../../components/large-text-switch'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useResource } from '../../../hooks/use-resource'
import { routes } from '../../../routes'
import { roleNames } from '../../../shared/roles'
import { SessionActions } from './session-actions'
import { openPage } from '../../../utils/navigate'
import './index.scss'

/** 我的: who is signed in, what they may do where, and the display settings. */
export default function MePage() {
  const me = useResource('me', () => api.auth.me())

  return (
    <PageShell className='me-page'>
      {me.status === 'loading' && <PageState kind='loading' />}
      {me.status === 'error' && me.error && <LoadFailure error={me.error} onRetry={() => void me.reload()} />}
      {me.data && (
        <>
          <View className='me-page__profile'>
            <View className='me-page__avatar'>
              <Text>{me.data.displayName.slice(0, 1)}</Text>
            </View>
            <View className='me-page__who'>
              <Text className='me-page__name'>{me.data.displayName}</Text>
              {me.data.member ? (
                <>
                  <Text className='me-page__line'>会员号 {me.data.member.memberNo}</Text>
                  <Text className='me-page__line'>{me.data.member.branch.fullName}</Text>
                </>
              ) : (
                <Text className='me-page__line'>尚未入会</Text>
              )}
            </View>
          </View>

          {!me.data.member && (
            <View className='me-page__section'>
              <View className='me-page__row me-page__join' onClick={() => void openPage(routes.join)}>
                <Text>入会认证</Text>
                <Text className='me-page__more'>领取嘉工卡 ›</Text>
              </View>
            </View>
          )}

          {me.data.grants.length > 0 && (
            <View className='me-page__section'>
              <Text className='me-page__section-title'>我的角色</Text>
              {me.data.grants.map((g) => (
                <View key={g.id} className='me-page__grant'>
                  <Text className='me-page__role'>{roleNames[g.role]}</Text>
                  <Text className='me-page__where'>{g.branch.fullName}</Text>
                </View>
              ))}
            </View>
          )}

          <View className='me-page__section'>
            <Text className='me-page__section-title'>显示</Text>
            <View className='me-page__row'>
              <LargeTextSwitch className='me-page__large' />
            </View>
          </View>

          <SessionActions />
        </>
      )}
    </PageShell>
  )
}
