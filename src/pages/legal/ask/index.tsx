import { Button, Switch } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { ApiCallError, api, errorText } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { DocumentUpload } from '../../../components/document-upload'
import type { UploadedDocument } from '../../../components/document-upload'
import { FormField } from '../../../components/form-field'
import { PageShell } from '../../../components/page-shell'
import { useAction } from '../../../hooks/use-action'
import { useRequestId } from '../../../hooks/use-request-id'
import { useSubscribeConsent } from '../../../hooks/use-subscribe-consent'
import { routes, withQuery } from '../../../routes'
import type { KnowledgeArticleSummary, LegalCategory } from '../../../shared/api'
import { maxQuestionBody, maxQuestionFiles, maxQuestionTitle, minQuestionBody } from '../../../shared/legal/ask-rules'
import { legalCategories, legalCategoryNames } from '../../../shared/legal/names'
import { openPage, redirectPage } from '../../../utils/navigate'
import './index.scss'

type Field = 'category' | 'title' | 'body' | 'files'
type Errors = Partial<Record<Field, string>>

/** Typing pauses this long before the similar questions are searched: one request per pause, not per key. */
const searchDelayMs = 400

/** Characters as the server counts them (a Chinese character or an emoji is one). */
function length(text: string): number {
  return Array.from(text.trim()).length
}

/** The form's problems, checked as the server checks them. */
function problems(category: LegalCategory | null, title: string, body: string): Errors {
  const found: Errors = {}
  if (!category) found.category = '请选择咨询类别'
  if (length(title) === 0) found.title = '请填写标题'
  else if (length(title) > maxQuestionTitle) found.title = `标题不超过 ${maxQuestionTitle} 字`
  if (length(body) < minQuestionBody) found.body = `问题描述至少 ${minQuestionBody} 个字`
  else if (length(body) > maxQuestionBody) found.body = `问题描述不超过 ${maxQuestionBody} 字`
  return found
}

/** Answered questions like the one being typed (常见问题), so a member may find the answer before asking. */
function useSimilarQuestions(title: string, category: LegalCategory | null): KnowledgeArticleSummary[] {
  const [items, setItems] = useState<KnowledgeArticleSummary[]>([])
  useEffect(() => {
    const q = title.trim()
    if (length(q) < 2) {
      setItems([])
      return
    }
    let live = true
    const timer = setTimeout(() => {
      api.legal
        .searchKnowledge({ q, category, limit: 5 })
        .then((page) => live && setItems(page.items))
        // Only a hint: a failed search leaves the form as it is.
        .catch(() => undefined)
    }, searchDelayMs)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [title, category])
  return items
}

/**
 * 我要咨询: category, title, description, attachments and 匿名咨询; similar answered questions
 * appear under the title as it is typed. Submitting opens the question's thread.
 */
export default function LegalAskPage() {
  const [category, setCategory] = useState<LegalCategory | null>(null)
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [anonymous, setAnonymous] = useState(false)
  const [files, setFiles] = useState<UploadedDocument[]>([])
  const [uploading, setUploading] = useState(false)
  const [errors, setErrors] = useState<Errors>({})
  const requestId = useRequestId()
  // Fetched with the page, so 提交咨询 can ask WeChat for consent within its tap.
  const subscribe = useSubscribeConsent('legalAsk')
  const similar = useSimilarQuestions(title, category)

  const clear = (field: Field) => setErrors((e) => ({ ...e, [field]: undefined }))

  const submit = useAction(async () => {
    const found = problems(category, title, body)
    setErrors(found)
    const first = Object.values(found).find(Boolean)
    if (first || !category) {
      void Taro.showToast({ title: first ?? '请检查填写内容', icon: 'none' })
      return
    }
    if (uploading) {
      void Taro.showToast({ title: '请等待附件上传完成', icon: 'none' })
      return
    }
    // Still inside the tap: WeChat shows its consent dialog only for a request made before any await.
    subscribe.ask()
    const payload = { category, title: title.trim(), body: body.trim(), anonymous, fileIds: files.map((f) => f.fileId) }
    try {
      // Same payload, same id: a retry after a lost answer gets the question it made, asked once.
      const { questionId } = await api.legal.ask({ ...payload, requestId: requestId.idFor(payload) })
      requestId.reset()
      void Taro.showToast({ title: '咨询已提交', icon: 'success' })
      void redirectPage(withQuery(routes.legalQuestion, { id: questionId }))
    } catch (error) {
      if (error instanceof ApiCallError && error.code.startsWith('FILE_')) {
        setErrors({ files: errorText(error) })
        void Taro.showToast({ title: errorText(error), icon: 'none', duration: 2500 })
        return
      }
      throw error
    }
  })

  return (
    <PageShell className='legal-ask'>
      <View className='legal-ask__card'>
        <FormField label='咨询类别' required error={errors.category}>
          <ChoiceChips
            className='legal-ask__category'
            options={legalCategories.map((c) => ({ value: c, label: legalCategoryNames[c] }))}
            value={category}
            onChange={(c) => {
              setCategory(c)
              clear('category')
            }}
          />
        </FormField>
        <FormField label='标题' required error={errors.title} hint={`一句话说明您的问题，${length(title)}/${maxQuestionTitle}`}>
          <Input
            className='form-field__input legal-ask__title'
            value={title}
            maxlength={maxQuestionTitle}
            placeholder='例如：公司拖欠三个月工资怎么办'
            onInput={(e) => {
              setTitle(e.detail.value)
              clear('title')
            }}
          />
        </FormField>
        {similar.length > 0 && (
          <View className='legal-ask__similar'>
            <Text className='legal-ask__similar-title'>这些已解答的问题可能对您有帮助</Text>
            {similar.map((item) => (
              <View key={item.id} className='legal-ask__similar-item' onClick={() => void openPage(withQuery(routes.legalArticle, { id: item.id }))}>
                <Text className='legal-ask__similar-name'>{item.title}</Text>
                <Text className='legal-ask__similar-excerpt'>{item.excerpt}</Text>
              </View>
            ))}
          </View>
        )}
        <FormField label='问题描述' required error={errors.body}>
          <Textarea
            className='form-field__textarea legal-ask__body'
            value={body}
            maxlength={maxQuestionBody}
            autoHeight
            placeholder='请写明事情经过、时间、涉及的金额和您想了解的问题（至少 10 个字）。请不要填写身份证号、银行卡号等敏感信息。'
            onInput={(e) => {
              setBody(e.detail.value)
              clear('body')
            }}
          />
          <Text className={`legal-ask__counter${length(body) > maxQuestionBody ? ' legal-ask__counter--over' : ''}`}>
            {length(body)}/{maxQuestionBody}
          </Text>
        </FormField>
        <FormField label='附件' error={errors.files} hint={`劳动合同、工资条、聊天记录等照片或 PDF，最多 ${maxQuestionFiles} 个，仅您和处理的律师可见`}>
          <DocumentUpload
            className='legal-ask__files'
            purpose='lawyer_attachment'
            value={files}
            max={maxQuestionFiles}
            onChange={(next) => {
              setFiles(next)
              clear('files')
            }}
            onBusyChange={setUploading}
          />
        </FormField>
      </View>

      <View className='legal-ask__card'>
        <View className='legal-ask__anonymous'>
          <Text className='legal-ask__anonymous-label'>匿名咨询</Text>
          <Switch className='legal-ask__anonymous-switch' checked={anonymous} onChange={setAnonymous} />
        </View>
        <Text className='legal-ask__anonymous-hint'>
          {anonymous
            ? '律师只能看到您所在的区县，看不到您的姓名、手机号、会员号和单位。如需线下帮助，会先征得您的同意再提供联系方式。'
            : '律师可以看到您的姓名和所在单位，便于了解情况；不会看到您的手机号和会员号。'}
        </Text>
      </View>

      <View className='legal-ask__actions'>
        <Button className='legal-ask__submit' type='primary' block loading={submit.busy} disabled={submit.busy} onClick={() => void submit.run()}>
          {submit.busy ? '正在提交…' : '提交咨询'}
        </Button>
        <Text className='legal-ask__note'>值班律师会在工作时间内尽快回复；超时未回复的咨询会自动提醒并上报工会。</Text>
      </View>
    </PageShell>
  )
}
