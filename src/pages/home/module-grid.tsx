import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { routes } from '../../routes'
import type { Me } from '../../shared/api'

interface Module {
  key: string
  title: string
  glyph: string
  url: string
}

/** Only modules that work today; each appears for the people allowed to use it. */
function modulesFor(me: Me, isMember: boolean): Module[] {
  const isAdmin = me.grants.some((g) => g.role === 'admin')
  const isMallOperator = me.grants.some((g) => g.role === 'mall_operator')
  const modules: Module[] = []
  if (isMember) {
    modules.push(
      { key: 'card', title: '嘉工卡', glyph: '卡', url: routes.card },
      { key: 'mall', title: '积分商城', glyph: '兑', url: routes.mall },
      { key: 'points', title: '我的积分', glyph: '分', url: routes.points },
    )
  } else {
    modules.push({ key: 'join', title: '入会认证', glyph: '入', url: routes.join })
  }
  if (isAdmin) {
    modules.push(
      { key: 'review', title: '入会审核', glyph: '审', url: routes.review },
      { key: 'notices', title: '通知管理', glyph: '通', url: routes.noticeManage },
      { key: 'roles', title: '角色授权', glyph: '权', url: routes.roles },
      { key: 'grant-points', title: '积分发放', glyph: '发', url: routes.pointsGrant },
    )
  }
  if (isMallOperator) modules.push({ key: 'mall-admin', title: '商城管理', glyph: '商', url: routes.mallAdminItems })
  // Every staff role may check a member's card, not only admins.
  if (me.grants.length > 0) modules.push({ key: 'verify', title: '核验会员码', glyph: '验', url: routes.verifyCard })
  return modules
}

export function ModuleGrid({ me, isMember }: { me: Me; isMember: boolean }) {
  return (
    <View className='module-grid'>
      {modulesFor(me, isMember).map((m) => (
        <View
          key={m.key}
          className={`module-grid__item module-grid__item--${m.key}`}
          onClick={() => void Taro.navigateTo({ url: m.url })}
        >
          <View className='module-grid__glyph'>{m.glyph}</View>
          <Text className='module-grid__title'>{m.title}</Text>
        </View>
      ))}
    </View>
  )
}
