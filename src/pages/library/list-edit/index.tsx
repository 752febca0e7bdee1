import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { routes } from '../../../routes'
import type { BookSummary, BranchRef, ListDetail } from '../../../shared/api'
import { bookStatusNames, libraryLimits } from '../../../shared/library/names'
import type { BookStatus } from '../../../shared/library/names'
import { redirectPage } from '../../../utils/navigate'
import { BookCover } from '../book/book-cover'
import './index.scss'

const listBooksMax = 100
const searchDelayMs = 300

function leave() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void redirectPage(routes.libraryManage)
}

/** A 书单: its branch, title and description, and its books in order (find, add, move, remove). */
export default function LibraryListEditPage() {
  const idParam = Number(useRouter().params.id)
  const id = Number.isInteger(idParam) && idParam > 0 ? idParam : null
  const existing = useResource(`library-list-edit:${id}`, () => api.library.listDetail({ id: id ?? 0 }), { enabled: id !== null })
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id === null ? '新建书单' : '编辑书单' })
  }, [id])
  if (id !== null && !existing.data) {
    return (
      <PageShell className='library-list-edit'>
        {existing.error ? <LoadFailure error={existing.error} onRetry={() => void existing.reload()} /> : <PageState kind='loading' />}
      </PageShell>
    )
  }
  return (
    <PageShell className='library-list-edit'>
      {existing.data && !existing.data.canEdit ? <PageState kind='empty' message='这个书单不在您管理的范围内' /> : <Editor list={existing.data} />}
    </PageShell>
  )
}

interface Picked {
  book: BookSummary
  status: BookStatus
}

function Editor({ list }: { list: ListDetail | null }) {
  const [listId, setListId] = useState<number | null>(list?.id ?? null)
  const [published, setPublished] = useState(list?.status === 'published')
  const [branch, setBranch] = useState<BranchRef | null>(list?.branch ?? null)
  const [title, setTitle] = useState(list?.title ?? '')
  const [description, setDescription] = useState(list?.description ?? '')
  const [books, setBooks] = useState<Picked[]>(() => (list?.books ?? []).map((book) => ({ book, status: list?.bookStatuses?.[book.id] ?? 'published' })))
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), searchDelayMs)
    return () => clearTimeout(timer)
  }, [typed])
  const found = useResource(`library-list-find:${q}`, () => api.library.manageBooks({ q, status: 'published', limit: 10 }), { enabled: q !== '' })

  const move = (index: number, by: -1 | 1) =>
    setBooks((current) => {
      const next = [...current]
      const [item] = next.splice(index, 1)
      next.splice(index + by, 0, item)
      return next
    })

  const save = useAction(async () => {
    if (!branch) {
      void Taro.showToast({ title: '请选择书单面向的组织', icon: 'none' })
      return null
    }
    if (!title.trim()) {
      void Taro.showToast({ title: '请填写书单名称', icon: 'none' })
      return null
    }
    const saved = await api.library.saveList({ id: listId, branchId: branch.id, title: title.trim(), description, bookIds: books.map((p) => p.book.id) })
    setListId(saved.id)
    return saved.id
  })
  const saveOnly = useAction(async () => {
    if ((await save.run()) === null) return
    void Taro.showToast({ title: '已保存', icon: 'success' })
  })
  const publish = useAction(async () => {
    const savedId = await save.run()
    if (!savedId) return
    await api.library.publishList({ id: savedId })
    setPublished(true)
    void Taro.showToast({ title: '书单已发布', icon: 'success' })
  })
  const remove = useAction(async () => {
    if (listId === null) return
    const { confirm } = await Taro.showModal({ title: '删除这个书单？', content: '删除后职工将看不到这个书单，书单中的图书不受影响。', confirmText: '删除' })
    if (!confirm) return
    await api.library.deleteList({ id: listId })
    void Taro.showToast({ title: '已删除', icon: 'success' })
    leave()
  })

  const chosen = new Set(books.map((p) => p.book.id))
  return (
    <>
      <View className='library-list-edit__card'>
        <FormField label='面向' required hint='这个组织及其下级的职工可以看到书单，书单中的图书也须面向他们'>
          <BranchPicker scope='librarian' value={branch} onChange={setBranch} title='选择书单面向的组织' placeholder='选择组织' />
        </FormField>
        <FormField label='书单名称' required>
          <Input
            className='form-field__input'
            value={title}
            maxlength={libraryLimits.listTitleMaxLength}
            placeholder={`不超过 ${libraryLimits.listTitleMaxLength} 字，如：读书月推荐`}
            onInput={(e) => setTitle(e.detail.value)}
          />
        </FormField>
        <FormField label='简介'>
          <Textarea className='form-field__textarea' value={description} maxlength={500} placeholder='推荐理由，选填' onInput={(e) => setDescription(e.detail.value)} />
        </FormField>
      </View>

      <View className='library-list-edit__card'>
        <Text className='library-list-edit__heading'>
          书单中的图书（{books.length}/{listBooksMax}）
        </Text>
        {books.length === 0 && <Text className='library-list-edit__muted'>在下方查找已上架的图书加入书单</Text>}
        {books.map((p, i) => (
          <View key={p.book.id} className='library-list-edit__book'>
            <BookCover url={p.book.coverUrl} title={p.book.title} size='sm' />
            <View className='library-list-edit__book-body'>
              <Text className='library-list-edit__book-title'>
                {i + 1}. {p.book.title}
              </Text>
              <Text className='library-list-edit__muted'>
                {p.book.author || '佚名'}
                {p.status !== 'published' ? ` · ${bookStatusNames[p.status]}，职工看不到` : ''}
              </Text>
              <View className='library-list-edit__book-actions'>
                {i > 0 && <Text onClick={() => move(i, -1)}>上移</Text>}
                {i < books.length - 1 && <Text onClick={() => move(i, 1)}>下移</Text>}
                <Text className='library-list-edit__remove' onClick={() => setBooks((current) => current.filter((x) => x.book.id !== p.book.id))}>
                  移除
                </Text>
              </View>
            </View>
          </View>
        ))}
      </View>

      <View className='library-list-edit__card'>
        <Text className='library-list-edit__heading'>添加图书</Text>
        <Input className='form-field__input' value={typed} maxlength={40} placeholder='输入书名或作者查找' onInput={(e) => setTyped(e.detail.value)} />
        {q !== '' && found.status === 'loading' && <PageState kind='loading' />}
        {found.error && <LoadFailure error={found.error} onRetry={() => void found.reload()} />}
        {q !== '' && found.data?.items.length === 0 && <Text className='library-list-edit__muted'>没有找到已上架的“{q}”</Text>}
        {q !== '' &&
          found.data?.items.map((book) => (
            <View key={book.id} className='library-list-edit__found'>
              <Text className='library-list-edit__found-title'>
                {book.title} · {book.author || '佚名'}
              </Text>
              {chosen.has(book.id) ? (
                <Text className='library-list-edit__muted'>已加入</Text>
              ) : (
                <Text
                  className='library-list-edit__add'
                  onClick={() => {
                    if (books.length >= listBooksMax) void Taro.showToast({ title: `书单最多 ${listBooksMax} 本书`, icon: 'none' })
                    else setBooks((current) => [...current, { book, status: book.status }])
                  }}
                >
                  加入
                </Text>
              )}
            </View>
          ))}
      </View>

      <View className='library-list-edit__actions'>
        <Button className='library-list-edit__save' loading={saveOnly.busy} onClick={() => void saveOnly.run()}>
          保存
        </Button>
        <Button className='library-list-edit__publish' type='primary' loading={publish.busy} onClick={() => void publish.run()}>
          {published ? '保存' : '保存并发布'}
        </Button>
      </View>
      {listId !== null && (
        <Text className='library-list-edit__delete' onClick={() => void remove.run()}>
          删除书单
        </Text>
      )}
    </>
  )
}
