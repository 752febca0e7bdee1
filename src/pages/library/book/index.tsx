import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { BookDetail } from '../../../shared/api'
import { bookCategoryNames, bookStatusNames } from '../../../shared/library/names'
import { openPage } from '../../../utils/navigate'
import { BookCover } from './book-cover'
import { charCountText } from './book-row'
import './index.scss'

/** How many contents lines show before 展开全部目录. */
const tocPreview = 12

function readerAt(bookId: number, chapter: number) {
  return withQuery(routes.readerRead, { bookId, chapter })
}

/** A book's page: what it is, its contents, 加入书架, and 开始阅读 or 继续阅读 where the member left off. */
export default function LibraryBookPage() {
  const id = Number(useRouter().params.id)
  const detail = useResource(`library-book:${id}`, () => api.library.bookDetail({ bookId: id }), { enabled: Number.isInteger(id) && id > 0 })
  usePullToRefresh(() => detail.reload())
  // Back from the reader, the position (and from the editor, the metadata) has moved on.
  useRefreshOnReturn(() => void detail.reload())

  if (!Number.isInteger(id) || id <= 0) {
    return (
      <PageShell className='library-book'>
        <PageState kind='empty' message='没有找到这本书' action={{ text: '去电子书屋', onClick: () => void openPage(routes.libraryHome) }} />
      </PageShell>
    )
  }
  return (
    <PageShell className='library-book'>
      {detail.status === 'loading' && <PageState kind='loading' />}
      {detail.error && <LoadFailure error={detail.error} onRetry={() => void detail.reload()} />}
      {detail.data && <BookView detail={detail.data} onChanged={(next) => detail.setData(() => next)} reload={() => void detail.reload()} />}
    </PageShell>
  )
}

function BookView({ detail, onChanged, reload }: { detail: BookDetail; onChanged: (next: BookDetail) => void; reload: () => void }) {
  const { book, progress, manage } = detail
  const [allToc, setAllToc] = useState(false)
  const shelf = useAction(async () => {
    if (detail.onShelf) await api.library.removeFromShelf({ bookId: book.id })
    else await api.library.addToShelf({ bookId: book.id })
    onChanged({ ...detail, onShelf: !detail.onShelf })
    void Taro.showToast({ title: detail.onShelf ? '已移出书架' : '已加入书架', icon: 'success' })
  })
  const publish = useAction(async () => {
    const published = manage?.status === 'published'
    if (published) {
      const { confirm } = await Taro.showModal({ title: '下架这本书？', content: '下架后职工将看不到这本书，已加入书架的也无法阅读。', confirmText: '下架' })
      if (!confirm) return
      await api.library.unpublishBook({ bookId: book.id })
    } else {
      await api.library.publishBook({ bookId: book.id })
    }
    void Taro.showToast({ title: published ? '已下架' : '已上架', icon: 'success' })
    reload()
  })

  const toc = allToc ? detail.toc : detail.toc.slice(0, tocPreview)
  const resumeOrd = progress?.chapterOrd ?? 0
  return (
    <>
      <View className='library-book__head'>
        <BookCover url={book.coverUrl} title={book.title} size='lg' />
        <View className='library-book__facts'>
          <Text className='library-book__title'>{book.title}</Text>
          <Text className='library-book__author'>{book.author || '佚名'}</Text>
          <Text className='library-book__meta'>
            {bookCategoryNames[book.category]} · {book.chapterCount} 章 · {charCountText(book.charCount)}
          </Text>
          {book.publisher && <Text className='library-book__meta'>{book.publisher}</Text>}
          {progress && (
            <Text className='library-book__progress'>{progress.finishedAt ? '已读完' : `已读 ${(progress.permille / 10).toFixed(1)}%`}</Text>
          )}
        </View>
      </View>

      <View className='library-book__actions'>
        <Button className='library-book__read' type='primary' onClick={() => void openPage(readerAt(book.id, resumeOrd))}>
          {progress ? '继续阅读' : '开始阅读'}
        </Button>
        {detail.onShelf !== null && (
          <Button className='library-book__shelf' loading={shelf.busy} onClick={() => void shelf.run()}>
            {detail.onShelf ? '移出书架' : '加入书架'}
          </Button>
        )}
      </View>

      {manage && (
        <View className='library-book__manage'>
          <Text className='library-book__manage-text'>
            {bookStatusNames[manage.status]} · 面向{manage.branch.fullName}
          </Text>
          <View className='library-book__manage-actions'>
            <Button size='small' onClick={() => void openPage(withQuery(routes.libraryEdit, { id: book.id }))}>
              编辑
            </Button>
            <Button size='small' type={manage.status === 'published' ? 'default' : 'primary'} loading={publish.busy} onClick={() => void publish.run()}>
              {manage.status === 'published' ? '下架' : '上架'}
            </Button>
          </View>
        </View>
      )}

      {(book.description || book.tags.length > 0) && (
        <View className='library-book__card'>
          <Text className='library-book__card-title'>简介</Text>
          {book.description && <Text className='library-book__description'>{book.description}</Text>}
          {book.tags.length > 0 && (
            <View className='library-book__tags'>
              {book.tags.map((tag) => (
                <Text key={tag} className='library-book__tag' onClick={() => void openPage(withQuery(routes.librarySearch, { q: tag }))}>
                  {tag}
                </Text>
              ))}
            </View>
          )}
        </View>
      )}

      {detail.lists.length > 0 && (
        <View className='library-book__card'>
          <Text className='library-book__card-title'>收录于书单</Text>
          {detail.lists.map((list) => (
            <Text key={list.id} className='library-book__list' onClick={() => void openPage(withQuery(routes.libraryBrowse, { listId: list.id }))}>
              {list.title}
            </Text>
          ))}
        </View>
      )}

      <View className='library-book__card'>
        <Text className='library-book__card-title'>目录（{detail.toc.length}）</Text>
        {toc.map((entry, i) => (
          <View
            key={i}
            className={`library-book__toc library-book__toc--depth-${Math.min(entry.depth, 2)}`}
            onClick={() => void openPage(readerAt(book.id, entry.chapterOrd))}
          >
            <Text className='library-book__toc-title'>{entry.title}</Text>
            {progress?.chapterOrd === entry.chapterOrd && <Text className='library-book__toc-here'>读到这里</Text>}
          </View>
        ))}
        {detail.toc.length > tocPreview && (
          <Text className='library-book__more' onClick={() => setAllToc(!allToc)}>
            {allToc ? '收起目录' : `展开全部目录（共 ${detail.toc.length} 条）`}
          </Text>
        )}
      </View>
    </>
  )
}
