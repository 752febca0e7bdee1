import { ScrollView, Text, View } from '@tarojs/components'
import { cx } from '../../utils/cx'
import './index.scss'

interface FilterTabsProps<V extends string> {
  tabs: readonly { value: V; title: string }[]
  value: V
  onChange: (value: V) => void
}

/** A sticky row of list filters; scrolls sideways when the titles do not fit. */
export function FilterTabs<V extends string>({ tabs, value, onChange }: FilterTabsProps<V>) {
  return (
    <ScrollView className='filter-tabs' scrollX enhanced showScrollbar={false}>
      <View className='filter-tabs__row' role='tablist'>
        {tabs.map((tab) => (
          <View
            key={tab.value}
            role='tab'
            aria-selected={tab.value === value}
            className={cx('filter-tabs__tab', `filter-tabs__tab--${tab.value}`, tab.value === value && 'filter-tabs__tab--active')}
            onClick={() => tab.value !== value && onChange(tab.value)}
          >
            <Text>{tab.title}</Text>
          </View>
        ))}
      </View>
    </ScrollView>
  )
}
