import { Text, View } from '@tarojs/components'
import { routes } from '../../routes'
import { cx } from '../../utils/cx'
import { redirectPage } from '../../utils/navigate'
import './admin-nav.scss'

const sections = [
  { key: 'items', title: '商品', url: routes.mallAdminItems },
  { key: 'orders', title: '订单处理', url: routes.mallAdminOrders },
  { key: 'stats', title: '兑换统计', url: routes.mallAdminStats },
  { key: 'pickupPoints', title: '自提点', url: routes.mallAdminPickupPoints },
] as const

/** The operator's screens, one tap apart; switching replaces the page so back leads home. */
export function AdminNav({ current }: { current: (typeof sections)[number]['key'] }) {
  return (
    <View className='admin-nav'>
      {sections.map((s) => (
        <Text
          key={s.key}
          className={cx('admin-nav__link', `admin-nav__link--${s.key}`, s.key === current && 'admin-nav__link--active')}
          onClick={() => s.key !== current && void redirectPage(s.url)}
        >
          {s.title}
        </Text>
      ))}
    </View>
  )
}
