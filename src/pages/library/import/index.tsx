import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api, errorText } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { ChoiceChips } from '../../../components/choice-chips'
import { DocumentUpload } from '../../../components/document-upload'
import type { UploadedDocument } from '../../../components/document-upload'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { BranchRef, LibraryImport } from '../../../shared/api'
import { bookCategories, bookCategoryNames, importStatusNames } from '../../../shared/library/names'
import type { BookCategory } from '../../../shared/library/names'
import { openPage } from '../../../utils/navigate'
import { dateTimeText } from '../../../utils/time'
import './index.scss'

const pollMs = 2000

/**
 * 导入电子书 (librarian): choose the scope and category, upload an EPUB, start the import, and
 * follow every import in scope with its progress; failed ones say why, finished ones open the
 * book's edit page to check and publish it.
 */
export default function LibraryImportPage() {
  const me = useResource('me', () => api.auth.me())
  const imports = usePagedList('library-imports', (cursor) => api.library.imports({ cursor, limit: 20 }))
  const branches = (me.data?.grants ?? []).filter((g) => g.role === 'librarian').map((g) => g.branch)
  const [branch, setBranch] = useState<BranchRef | null>(null)
  const [category, setCategory] = useState<BookCategory | null>(null)
  const [files, setFiles] = useState<UploadedDocument[]>([])
  const [uploading, setUploading] = useState(false)
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState('')
  const requestId = useRequestId()
  // The librarian's own branch unless they pick one further down (or, with several grants, another).
  const chosen = branch ?? branches[0] ?? null
  const chosenBranch = chosen?.id ?? null

  usePullToRefresh(() => imports.reload())
  useReachBottom(() => void imports.loadMore())

  // While an import waits or runs, its row is asked for again every two seconds.
  const active = imports.items.filter((i) => i.status === 'queued' || i.status === 'running').map((i) => i.id)
  const activeKey = active.join(',')
  useEffect(() => {
    if (!active.length) return
    const timer = setInterval(() => {
      for (const importId of active) {
        api.library
          .importStatus({ importId })
          .then((next) => imports.setItems((items) => items.map((i) => (i.id === next.id ? next : i))))
          // A missed poll is asked again on the next tick.
          .catch(() => undefined)
      }
    }, pollMs)
    return () => clearInterval(timer)
  }, [activeKey])

  const start = async () => {
    const file = files[0]
    if (!file || chosenBranch === null || category === null) return
    setStarting(true)
    setError('')
    try {
      const payload = { fileId: file.fileId, branchId: chosenBranch, category }
      const started = await api.library.startImport({ ...payload, requestId: requestId.idFor(payload) })
      requestId.reset()
      setFiles([])
      imports.setItems((items) => [started, ...items.filter((i) => i.id !== started.id)])
    } catch (e) {
      setError(errorText(e))
    } finally {
      setStarting(false)
    }
  }

  return (
    <PageShell className='library-import-page'>
      {me.status === 'loading' && <PageState kind='loading' />}
      {me.error && <LoadFailure error={me.error} onRetry={() => void me.reload()} />}
      {me.data && branches.length === 0 && <PageState kind='empty' message='电子书由图书管理员导入' />}
      {me.data && branches.length > 0 && (
        <View className='library-import-form'>
          <Text className='library-import-form__title'>导入 EPUB 电子书</Text>
          <Text className='library-import-form__hint'>支持 EPUB 2 和 EPUB 3，不超过 50 MB；受 DRM 保护的电子书无法导入。导入后为未上架状态，检查无误后再上架。</Text>
          <View className='library-import-form__field'>
            <Text className='library-import-form__label'>可见范围</Text>
            <BranchPicker scope='librarian' value={chosen} onChange={setBranch} title='选择图书面向的组织' placeholder='选择组织' disabled={starting} />
          </View>
          <View className='library-import-form__field'>
            <Text className='library-import-form__label'>图书分类</Text>
            <ChoiceChips options={bookCategories.map((c) => ({ value: c, label: bookCategoryNames[c] }))} value={category} onChange={setCategory} disabled={starting} />
          </View>
          <View className='library-import-form__field'>
            <Text className='library-import-form__label'>电子书文件</Text>
            <DocumentUpload purpose='library_epub' value={files} onChange={setFiles} max={1} onBusyChange={setUploading} />
          </View>
          {error && <Text className='library-import-form__error'>{error}</Text>}
          <Button
            className='library-import-form__start'
            type='primary'
            block
            disabled={!files.length || chosenBranch === null || category === null || uploading || starting}
            loading={starting}
            onClick={() => void start()}
          >
            开始导入
          </Button>
        </View>
      )}

      {me.data && branches.length > 0 && (
        <View className='library-imports'>
          <Text className='library-imports__title'>导入记录</Text>
          {imports.status === 'loading' && <PageState kind='loading' />}
          {imports.failure && <LoadFailure error={imports.failure} onRetry={() => void imports.reload()} />}
          {imports.status === 'ready' && imports.items.length === 0 && <PageState kind='empty' message='还没有导入过电子书' />}
          {imports.items.map((item) => (
            <ImportRow key={item.id} item={item} />
          ))}
          {imports.status === 'ready' && imports.items.length > 0 && (
            <ListFooter loadingMore={imports.loadingMore} hasMore={imports.hasMore} moreError={imports.moreError} onLoadMore={() => void imports.loadMore()} />
          )}
        </View>
      )}
    </PageShell>
  )
}

function ImportRow({ item }: { item: LibraryImport }) {
  const book = item.book
  const stripped = item.stripped && item.stripped.scripts + item.stripped.externalResources > 0 ? item.stripped : null
  return (
    <View
      className='library-import'
      onClick={() => {
        if (book) openPage(withQuery(routes.libraryEdit, { id: book.id }))
      }}
    >
      <View className='library-import__line'>
        <Text className='library-import__name'>{book?.title ?? item.fileName}</Text>
        <Text className={`library-import__status library-import__status--${item.status}`}>{importStatusNames[item.status]}</Text>
      </View>
      <Text className='library-import__meta'>
        {item.branchName} · {bookCategoryNames[item.category]} · {dateTimeText(item.createdAt)}
      </Text>
      {(item.status === 'queued' || item.status === 'running') && (
        <>
          <View className='library-import__progress' role='progressbar' aria-valuenow={item.progress}>
            <View className='library-import__bar' style={{ width: `${item.progress}%` }} />
          </View>
          <Text className='library-import__stage'>
            {item.stage}（{item.progress}%）
          </Text>
        </>
      )}
      {item.status === 'failed' && <Text className='library-import__error'>{item.errorMessage}</Text>}
      {stripped && <Text className='library-import__stage'>已清除 {stripped.scripts} 处脚本、{stripped.externalResources} 个外部资源</Text>}
      {book && <Text className='library-import__link'>{item.status === 'duplicate' ? '该文件已导入过，查看图书' : '检查并上架 ›'}</Text>}
    </View>
  )
}
