import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api, ApiCallError, errorText } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useLeaveGuard } from '../../../hooks/use-leave-guard'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import { legalCategories, legalCategoryNames } from '../../../shared/legal/names'
import type { LegalCategory } from '../../../shared/legal/names'
import type { PublishDraft } from '../../../shared/api'
import { articleTextMax, articleTitleMax, maskedKindNames } from '../../../shared/legal/kb'
import { redirectPage } from '../../../utils/navigate'
import './index.scss'

const categoryOptions = legalCategories.map((c) => ({ value: c, label: legalCategoryNames[c] }))

interface ArticleText {
  category: LegalCategory
  title: string
  questionText: string
  answerText: string
}
type Field = 'title' | 'questionText' | 'answerText'

function validate(text: ArticleText): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {}
  if (text.title.trim().length < 4) errors.title = '标题至少 4 个字'
  if (/[\r\n]/.test(text.title)) errors.title = '标题不能换行'
  if (text.questionText.trim().length < 10) errors.questionText = '问题至少 10 个字'
  if (text.answerText.trim().length < 10) errors.answerText = '解答至少 10 个字'
  return errors
}

/** The lawyer edits the masked exchange into a 常见问题 and publishes it; the server refuses text that still identifies the member. */
function PublishForm({ draft }: { draft: PublishDraft }) {
  const [text, setText] = useState<ArticleText>({ category: draft.category, title: draft.title, questionText: draft.questionText, answerText: draft.answerText })
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [refusal, setRefusal] = useState('')
  const [published, setPublished] = useState(false)
  const dirty = !published && (text.title !== draft.title || text.questionText !== draft.questionText || text.answerText !== draft.answerText)
  useLeaveGuard(dirty, '编辑的内容尚未发布，离开后将丢失。')

  const edit = (field: Field, value: string) => {
    setText((t) => ({ ...t, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const publish = useAction(async () => {
    const found = validate(text)
    setErrors(found)
    if (Object.keys(found).length > 0) return
    setRefusal('')
    const { confirm } = await Taro.showModal({
      title: '发布到常见问题',
      content: '发布后所有职工都能搜索到这条问答。请确认其中没有能认出提问职工的信息。',
      confirmText: '发布',
    })
    if (!confirm) return
    let id: number
    try {
      ;({ id } = await api.legal.publishArticle({ questionId: draft.questionId, ...text }))
    } catch (error) {
      // What still identifies the member, and where: shown above the button until it is fixed.
      if (error instanceof ApiCallError && error.code === 'LEGAL_KB_PERSONAL_INFO') {
        setRefusal(errorText(error))
        return
      }
      throw error
    }
    setPublished(true)
    void Taro.showToast({ title: '已发布，提问职工将收到通知', icon: 'none', duration: 2000 })
    void redirectPage(withQuery(routes.legalArticle, { id }))
  })

  return (
    <View className='legal-publish__form'>
      <Text className='legal-publish__notice'>
        {draft.masked.length > 0
          ? `已自动隐去${draft.masked.map((k) => maskedKindNames[k]).join('、')}。`
          : ''}
        请通读并改写成通用的问答：删去姓名、电话、单位名称、证件号等能认出职工的信息，只保留对其他职工有帮助的内容。
      </Text>
      <FormField label='类别' required>
        <ChoiceChips options={categoryOptions} value={text.category} onChange={(category) => setText((t) => ({ ...t, category }))} />
      </FormField>
      <FormField label='标题' required error={errors.title} hint='用一句话概括问题，如“公司拖欠工资怎么办”'>
        <Input className='form-field__input' value={text.title} maxlength={articleTitleMax} onInput={(e) => edit('title', e.detail.value)} />
      </FormField>
      <FormField label='问题' required error={errors.questionText}>
        <Textarea
          className='form-field__textarea legal-publish__textarea'
          value={text.questionText}
          maxlength={articleTextMax}
          onInput={(e) => edit('questionText', e.detail.value)}
        />
      </FormField>
      <FormField label='律师解答' required error={errors.answerText}>
        <Textarea
          className='form-field__textarea legal-publish__textarea legal-publish__textarea--answer'
          value={text.answerText}
          maxlength={articleTextMax}
          onInput={(e) => edit('answerText', e.detail.value)}
        />
      </FormField>
      {refusal && <Text className='legal-publish__refusal'>{refusal}</Text>}
      <Button className='legal-publish__submit' type='primary' block loading={publish.busy} disabled={publish.busy} onClick={() => void publish.run()}>
        发布
      </Button>
    </View>
  )
}

export default function PublishPage() {
  const questionId = Number(useRouter().params.questionId)
  const valid = Number.isInteger(questionId) && questionId > 0
  const draft = useResource(`kb-draft:${questionId}`, () => api.legal.publishDraft({ questionId }), { enabled: valid })
  const article = draft.data?.article ?? null
  const alreadyPublished = article?.status === 'published'
  useEffect(() => {
    if (alreadyPublished) void Taro.setNavigationBarTitle({ title: '已发布' })
  }, [alreadyPublished])

  if (!valid) return <PageShell><PageState kind='error' message='咨询编号无效' /></PageShell>
  if (draft.status === 'loading') return <PageShell><PageState kind='loading' text='正在整理咨询内容…' /></PageShell>
  if (draft.error || !draft.data) {
    return <PageShell>{draft.error && <LoadFailure error={draft.error} onRetry={() => void draft.reload()} />}</PageShell>
  }
  if (article && alreadyPublished) {
    return (
      <PageShell>
        <PageState
          kind='empty'
          message='这条咨询已经发布到常见问题'
          action={{ text: '查看问答', onClick: () => void redirectPage(withQuery(routes.legalArticle, { id: article.id })) }}
        />
      </PageShell>
    )
  }
  return (
    <PageShell className='legal-publish'>
      <PublishForm draft={draft.data} />
    </PageShell>
  )
}
