import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { BookDetail, BranchRef } from '../../../shared/api'
import { bookCategories, bookCategoryNames, bookStatusNames, libraryLimits } from '../../../shared/library/names'
import type { BookCategory, BookStatus } from '../../../shared/library/names'
import { openPage } from '../../../utils/navigate'
import './index.scss'

const categoryOptions = bookCategories.map((c) => ({ value: c, label: bookCategoryNames[c] }))

/** Tags as the librarian types them: separated by spaces, commas or 、, each once. */
function tagsOf(text: string): string[] {
  return [...new Set(text.split(/[\s,，、]+/).filter(Boolean))]
}

/** A librarian's page for one book: metadata, category, tags, the scope it is for, 上架 and 下架. */
export default function LibraryEditPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const detail = useResource(`library-edit:${id}`, () => api.library.bookDetail({ bookId: id }), { enabled: valid })
  if (!valid) {
    return (
      <PageShell className='library-edit'>
        <PageState kind='empty' message='没有找到这本书' action={{ text: '图书管理', onClick: () => void openPage(routes.libraryManage) }} />
      </PageShell>
    )
  }
  return (
    <PageShell className='library-edit'>
      {detail.status === 'loading' && <PageState kind='loading' />}
      {detail.error && <LoadFailure error={detail.error} onRetry={() => void detail.reload()} />}
      {detail.data && !detail.data.manage && <PageState kind='empty' message='这本书由上级工会的图书管理员管理，您不能修改' />}
      {detail.data?.manage && <Editor detail={detail.data} branch={detail.data.manage.branch} status={detail.data.manage.status} />}
    </PageShell>
  )
}

function Editor({ detail, branch: initialBranch, status: initialStatus }: { detail: BookDetail; branch: BranchRef; status: BookStatus }) {
  const { book } = detail
  const [title, setTitle] = useState(book.title)
  const [author, setAuthor] = useState(book.author)
  const [description, setDescription] = useState(book.description)
  const [category, setCategory] = useState<BookCategory>(book.category)
  const [tagText, setTagText] = useState(book.tags.join(' '))
  const [branch, setBranch] = useState<BranchRef>(initialBranch)
  const [status, setStatus] = useState<BookStatus>(initialStatus)
  const tags = tagsOf(tagText)
  const tagError =
    tags.length > libraryLimits.tagsPerBook
      ? `标签最多 ${libraryLimits.tagsPerBook} 个`
      : tags.some((t) => t.length > libraryLimits.tagMaxLength)
        ? `每个标签不超过 ${libraryLimits.tagMaxLength} 字`
        : undefined

  const save = useAction(async () => {
    if (!title.trim()) {
      void Taro.showToast({ title: '请填写书名', icon: 'none' })
      return false
    }
    if (tagError) {
      void Taro.showToast({ title: tagError, icon: 'none' })
      return false
    }
    await api.library.updateBook({ bookId: book.id, title: title.trim(), author: author.trim(), description, category, tags, branchId: branch.id })
    void Taro.showToast({ title: '已保存', icon: 'success' })
    return true
  })
  const toggle = useAction(async () => {
    if (status === 'published') {
      const { confirm } = await Taro.showModal({ title: '下架这本书？', content: '下架后职工将看不到这本书。', confirmText: '下架' })
      if (!confirm) return
      setStatus((await api.library.unpublishBook({ bookId: book.id })).status)
      void Taro.showToast({ title: '已下架', icon: 'success' })
    } else {
      // What the librarian typed is saved first, so members never see the old title.
      if (!(await save.run())) return
      setStatus((await api.library.publishBook({ bookId: book.id })).status)
      void Taro.showToast({ title: '已上架', icon: 'success' })
    }
  })

  return (
    <>
      <View className='library-edit__status'>
        <Text className='library-edit__status-text'>
          {bookStatusNames[status]} · {book.chapterCount} 章
        </Text>
        <Text className='library-edit__preview' onClick={() => void openPage(withQuery(routes.libraryBook, { id: book.id }))}>
          预览
        </Text>
      </View>
      <View className='library-edit__card'>
        <FormField label='书名' required>
          <Input className='form-field__input library-edit__title' value={title} maxlength={200} onInput={(e) => setTitle(e.detail.value)} />
        </FormField>
        <FormField label='作者'>
          <Input className='form-field__input' value={author} maxlength={100} placeholder='佚名可不填' onInput={(e) => setAuthor(e.detail.value)} />
        </FormField>
        <FormField label='分类' required>
          <ChoiceChips<BookCategory> options={categoryOptions} value={category} onChange={setCategory} />
        </FormField>
        <FormField label='标签' hint={`用空格分隔，最多 ${libraryLimits.tagsPerBook} 个，每个不超过 ${libraryLimits.tagMaxLength} 字`} error={tagError}>
          <Input className='form-field__input' value={tagText} maxlength={140} placeholder='如：宋词 诵读' onInput={(e) => setTagText(e.detail.value)} />
        </FormField>
        <FormField label='面向' required hint='这个组织及其下级的职工在书架上架后可以看到'>
          <BranchPicker scope='librarian' value={branch} onChange={setBranch} title='选择图书面向的组织' placeholder='选择组织' />
        </FormField>
        <FormField label='简介'>
          <Textarea
            className='form-field__textarea library-edit__description'
            value={description}
            maxlength={2000}
            placeholder='这本书讲什么，适合谁读'
            onInput={(e) => setDescription(e.detail.value)}
          />
        </FormField>
      </View>
      <View className='library-edit__actions'>
        <Button className='library-edit__save' loading={save.busy} onClick={() => void save.run()}>
          保存
        </Button>
        <Button className='library-edit__publish' type={status === 'published' ? 'default' : 'primary'} loading={toggle.busy} onClick={() => void toggle.run()}>
          {status === 'published' ? '下架' : '保存并上架'}
        </Button>
      </View>
    </>
  )
}
