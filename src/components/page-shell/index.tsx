import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { useLargeText } from '../../hooks/use-large-text'
import { cx } from '../../utils/cx'
import './index.scss'

/** Root of every page: carries the theme variables and the 大字模式 font scale. */
export function PageShell({ className, children }: PropsWithChildren<{ className?: string }>) {
  const largeText = useLargeText()
  return <View className={cx('page', largeText && 'page--large', className)}>{children}</View>
}
