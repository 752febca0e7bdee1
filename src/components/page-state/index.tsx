import { Button, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import './index.scss'

export type PageStateProps =
  | { kind: 'loading'; text?: string }
  | { kind: 'error'; message: string; onRetry?: () => void; action?: ReactNode }
  | { kind: 'empty'; message: string; action?: ReactNode }

/** Loading, failure and empty placeholders, so no screen is ever a blank box. */
export function PageState(props: PageStateProps) {
  if (props.kind === 'loading') {
    return (
      <View className='page-state page-state--loading'>
        <View className='page-state__spinner' />
        <Text className='page-state__text'>{props.text ?? '加载中…'}</Text>
      </View>
    )
  }
  return (
    <View className={`page-state page-state--${props.kind}`}>
      <View className={`page-state__icon page-state__icon--${props.kind}`}>{props.kind === 'error' ? '!' : '∅'}</View>
      <Text className='page-state__text'>{props.message}</Text>
      {props.kind === 'error' && props.onRetry && (
        <Button className='page-state__retry' onClick={props.onRetry}>
          重试
        </Button>
      )}
      {props.action}
    </View>
  )
}
