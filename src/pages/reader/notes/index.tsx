import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api, errorText } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import type { AnnotationListItem } from '../../../shared/api/library-reader'
import { annotationKindNames, libraryLimits } from '../../../shared/library/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { dateText } from '../../../utils/time'
import { setJump } from '../read/jump'
import './index.scss'

/**
 * 书签 and 划线笔记 of one book, in reading order: tap one to read there, edit or delete a note.
 * Opened from the reader, a tap goes back to it at that place; opened elsewhere, it opens the reader.
 */
export default function NotesPage() {
  const params = useRouter().params
  const bookId = Number(params.bookId)
  const fromReader = params.from === 'reader'
  const valid = Number.isInteger(bookId) && bookId > 0
  const list = usePagedList(`reader-notes:${bookId}`, (cursor) => api.library.annotations({ bookId, cursor }), { enabled: valid })
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())
  const [editing, setEditing] = useState<AnnotationListItem | null>(null)

  const read = (item: AnnotationListItem) => {
    if (fromReader) {
      setJump({ bookId, chapterOrd: item.chapterOrd, offset: item.startOffset })
      void Taro.navigateBack()
      return
    }
    void openPage(withQuery(routes.readerRead, { bookId, chapter: item.chapterOrd, offset: item.startOffset }))
  }

  const remove = async (item: AnnotationListItem) => {
    const { confirm } = await Taro.showModal({
      title: `删除${annotationKindNames[item.kind]}`,
      content: item.note ? '笔记会一起删除。' : '删除后不能恢复。',
      confirmText: '删除',
      confirmColor: '#c4161c',
      cancelText: '取消',
    })
    if (!confirm) return
    try {
      await api.library.deleteAnnotation({ id: item.id })
      list.setItems((items) => items.filter((i) => i.id !== item.id))
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none' })
    }
  }

  if (!valid) return <PageShell><PageState kind='error' message='图书编号无效' /></PageShell>
  if (list.status === 'loading') return <PageShell><PageState kind='loading' /></PageShell>
  if (list.failure) return <PageShell><LoadFailure error={list.failure} onRetry={() => void list.reload()} /></PageShell>

  return (
    <PageShell className='reader-notes'>
      {list.items.length === 0 ? (
        <PageState kind='empty' message='还没有书签或笔记。阅读时点一下句子，就能划线、写笔记或加书签。' />
      ) : (
        list.items.map((item) => (
          <View key={item.id} className='reader-notes__card'>
            <View className='reader-notes__head'>
              <Text className={cx('reader-notes__kind', `reader-notes__kind--${item.kind}`)}>{annotationKindNames[item.kind]}</Text>
              <Text className='reader-notes__chapter'>{item.chapterTitle}</Text>
              <Text className='reader-notes__date'>{dateText(item.createdAt)}</Text>
            </View>
            <Text className='reader-notes__quote' onClick={() => read(item)}>
              {item.quote}
            </Text>
            {item.note && <Text className='reader-notes__note'>{item.note}</Text>}
            <View className='reader-notes__actions'>
              <Text className='reader-notes__action' onClick={() => read(item)}>
                去阅读
              </Text>
              {item.kind === 'highlight' && (
                <Text className='reader-notes__action' onClick={() => setEditing(item)}>
                  {item.note ? '修改笔记' : '写笔记'}
                </Text>
              )}
              <Text className='reader-notes__action reader-notes__action--danger' onClick={() => void remove(item)}>
                删除
              </Text>
            </View>
          </View>
        ))
      )}
      {list.items.length > 0 && (
        <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
      )}
      <PromptDialog
        visible={editing !== null}
        title={editing?.note ? '修改笔记' : '写笔记'}
        subject={editing?.quote}
        label='笔记'
        placeholder='写下你的想法'
        multiline
        maxLength={libraryLimits.noteMaxLength}
        confirmText='保存'
        initialValue={editing?.note ?? ''}
        validate={(value) => (Array.from(value).length > libraryLimits.noteMaxLength ? `笔记不能超过 ${libraryLimits.noteMaxLength} 字` : null)}
        onSubmit={async (note) => {
          if (!editing) return
          const updated = await api.library.updateAnnotation({ id: editing.id, note })
          list.setItems((items) => items.map((i) => (i.id === updated.id ? { ...i, ...updated } : i)))
          setEditing(null)
        }}
        onClose={() => setEditing(null)}
      />
    </PageShell>
  )
}
