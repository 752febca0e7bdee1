import { View } from '@tarojs/components'
import { useEffect } from 'react'
import type { PropsWithChildren } from 'react'
import { useLargeText } from '../../hooks/use-large-text'
import { PrivacyPopup } from '../../platform/privacy-popup'
import { hideSplash } from '../../platform/splash'
import { cx } from '../../utils/cx'
import { pageArrived } from '../../utils/navigate'
import './index.scss'

/** Root of every page: carries the theme variables and the 大字模式 font scale. */
export function PageShell({ className, children }: PropsWithChildren<{ className?: string }>) {
  const largeText = useLargeText()
  // Every page renders through here, so its first render is where waiting for a page ends.
  useEffect(() => {
    hideSplash()
    pageArrived()
  }, [])
  return (
    <View className={cx('page', largeText && 'page--large', className)}>
      {children}
      {/* A privacy-scoped call on this page waits for it (WeChat only). */}
      <PrivacyPopup />
    </View>
  )
}
