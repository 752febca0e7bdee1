import { Button, Text, View } from '@tarojs/components'
import { cx } from '../../utils/cx'
import './index.scss'

/** A way forward from an error or empty state, e.g. 「申请入会」. */
export interface PageStateAction {
  text: string
  onClick: () => void
}

export type PageStateProps =
  | { kind: 'loading'; text?: string }
  | { kind: 'error'; message: string; onRetry?: () => void; action?: PageStateAction }
  | { kind: 'empty'; message: string; action?: PageStateAction }

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
  const retry = props.kind === 'error' ? props.onRetry : undefined
  return (
    <View className={`page-state page-state--${props.kind}`}>
      <View className={`page-state__icon page-state__icon--${props.kind}`}>{props.kind === 'error' ? '!' : '∅'}</View>
      <Text className='page-state__text'>{props.message}</Text>
      {retry && (
        <Button className={cx('page-state__retry', props.action && 'page-state__retry--primary')} onClick={retry}>
          重试
        </Button>
      )}
      {props.action && (
        // Next to 重试 the way out is the quieter choice: a passing failure is worth one more try.
        <Button className={cx('page-state__action', retry && 'page-state__action--secondary')} onClick={props.action.onClick}>
          {props.action.text}
        </Button>
      )}
    </View>
  )
}
