import { Popup } from '@nutui/nutui-react-taro'
import { Input, ScrollView, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../api'
import { usePagedList } from '../../hooks/use-paged-list'
import type { ActionInput, BranchNode, BranchRef } from '../../shared/api'
import { branchLevelNames } from '../../shared/roles'
import { cx } from '../../utils/cx'
import { ListFooter } from '../list-footer'
import { PageState } from '../page-state'
import './index.scss'

interface BranchPickerProps {
  /** 'all': any branch (joining); a role ('admin', 'mall_operator'): only where the caller holds it. */
  scope: NonNullable<ActionInput<'branch', 'search'>['scope']>
  value: BranchRef | null
  onChange: (branch: BranchRef) => void
  title: string
  placeholder: string
  /** Which branches may be chosen; the others can only be browsed through. */
  canSelect?: (branch: BranchRef) => boolean
  /** Shown when the user taps a branch that cannot be chosen. */
  cannotSelectHint?: string
  disabled?: boolean
}

const searchDelayMs = 300

/** A tappable field that opens a sheet to search the union tree or browse it level by level. */
export function BranchPicker(props: BranchPickerProps) {
  const { value, title, placeholder, disabled } = props
  const [open, setOpen] = useState(false)
  return (
    <>
      <View
        className={cx('branch-picker__trigger', !value && 'branch-picker__trigger--empty', disabled && 'branch-picker__trigger--disabled')}
        onClick={() => !disabled && setOpen(true)}
      >
        <Text className='branch-picker__value'>{value ? value.fullName : placeholder}</Text>
        <Text className='branch-picker__arrow'>›</Text>
      </View>
      <Popup
        visible={open}
        position='bottom'
        round
        closeable
        destroyOnClose
        title={title}
        onClose={() => setOpen(false)}
      >
        {open && (
          <BranchSheet
            {...props}
            onChange={(branch) => {
              props.onChange(branch)
              setOpen(false)
            }}
          />
        )}
      </Popup>
    </>
  )
}

function BranchSheet({ scope, onChange, canSelect = () => true, cannotSelectHint }: BranchPickerProps) {
  const [rawQuery, setRawQuery] = useState('')
  const [query, setQuery] = useState('')
  // Browsing path from the root: the last entry is the level being shown.
  const [trail, setTrail] = useState<BranchRef[]>([])
  // Not Array.prototype.at: WeChat on iOS before 15.4 lacks it and Taro adds no polyfills.
  const parent = trail.length > 0 ? trail[trail.length - 1] : null

  useEffect(() => {
    const timer = setTimeout(() => setQuery(rawQuery.trim()), searchDelayMs)
    return () => clearTimeout(timer)
  }, [rawQuery])

  const browsingTree = scope === 'all' && query === ''
  const list = usePagedList<BranchRef | BranchNode>(
    browsingTree ? `children:${parent?.id ?? 'root'}` : `search:${scope}:${query}`,
    (cursor) =>
      browsingTree
        ? api.branch.children({ parentId: parent?.id ?? null, cursor })
        : api.branch.search({ q: query, scope, cursor }),
  )

  const choose = (branch: BranchRef | BranchNode) => {
    if ('childCount' in branch && branch.childCount > 0 && browsingTree) {
      setTrail([...trail, branch])
      return
    }
    if (canSelect(branch)) onChange(branch)
    else void Taro.showToast({ title: cannotSelectHint ?? '不能选择该组织', icon: 'none' })
  }

  return (
    <View className='branch-sheet'>
      <View className='branch-sheet__search'>
        <Input
          className='branch-sheet__input'
          value={rawQuery}
          placeholder='输入工会名称搜索，如“恒创”'
          confirmType='search'
          onInput={(e) => setRawQuery(e.detail.value)}
        />
        {rawQuery && (
          <Text className='branch-sheet__clear' onClick={() => setRawQuery('')}>
            清除
          </Text>
        )}
      </View>

      {browsingTree && (
        <ScrollView className='branch-sheet__trail' scrollX>
          <Text className={cx('branch-sheet__crumb', !parent && 'branch-sheet__crumb--current')} onClick={() => setTrail([])}>
            全部
          </Text>
          {trail.map((b, i) => (
            <Text
              key={b.id}
              className={cx('branch-sheet__crumb', i === trail.length - 1 && 'branch-sheet__crumb--current')}
              onClick={() => setTrail(trail.slice(0, i + 1))}
            >
              {' › '}
              {b.name}
            </Text>
          ))}
        </ScrollView>
      )}

      <ScrollView className='branch-sheet__list' scrollY lowerThreshold={80} onScrollToLower={() => void list.loadMore()}>
        {list.status === 'loading' && <PageState kind='loading' />}
        {list.status === 'error' && <PageState kind='error' message={list.error} onRetry={() => void list.reload()} />}
        {list.status === 'ready' && list.items.length === 0 && (
          <PageState kind='empty' message={query ? `没有找到包含“${query}”的工会组织` : '没有可选择的工会组织'} />
        )}
        {list.status === 'ready' &&
          list.items.map((branch) => {
            const hasChildren = browsingTree && 'childCount' in branch && branch.childCount > 0
            const selectable = canSelect(branch)
            return (
              <View key={branch.id} className='branch-row' onClick={() => choose(branch)}>
                <View className='branch-row__text'>
                  <View className='branch-row__name-line'>
                    <Text className='branch-row__level'>{branchLevelNames[branch.level]}</Text>
                    <Text className={cx('branch-row__name', !selectable && !hasChildren && 'branch-row__name--muted')}>
                      {branch.name}
                    </Text>
                  </View>
                  {!browsingTree && <Text className='branch-row__full'>{branch.fullName}</Text>}
                </View>
                {hasChildren && selectable && (
                  <Text
                    className='branch-row__select'
                    onClick={(e) => {
                      e.stopPropagation()
                      onChange(branch)
                    }}
                  >
                    选择
                  </Text>
                )}
                {hasChildren && <Text className='branch-row__more'>下级 ›</Text>}
              </View>
            )
          })}
        {list.status === 'ready' && list.items.length > 0 && (
          <ListFooter
            loadingMore={list.loadingMore}
            hasMore={list.hasMore}
            moreError={list.moreError}
            onLoadMore={() => void list.loadMore()}
          />
        )}
      </ScrollView>
    </View>
  )
}
