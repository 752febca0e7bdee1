import { Button } from '@nutui/nutui-react-taro'
import { Input, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { FormField } from '../../../components/form-field'
import { ImageUpload } from '../../../components/image-upload'
import type { ShownImage } from '../../../components/image-upload'
import { PageShell } from '../../../components/page-shell'
import { loadErrorOf, LoadFailure } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useLeaveGuard } from '../../../hooks/use-leave-guard'
import { useRequestId } from '../../../hooks/use-request-id'
import { routes } from '../../../routes'
import { setLeaveGuard } from '../../../platform/leave-guard'
import type { BranchRef, ManagedNotice, NoticeAudience } from '../../../shared/api'
import { errorMessages } from '../../../shared/errors'
import { BodyEditor } from '../../../components/body-editor/body-editor'
import { maxBodyLength } from '../../../components/body-editor/body-tools'
import { defaultSchedule, resolveSchedule, scheduleOf } from './schedule'
import type { Schedule } from './schedule'
import { ScheduleFields } from './schedule-fields'
import { redirectPage } from '../../../utils/navigate'
import './index.scss'

interface Draft {
  title: string
  summary: string
  target: BranchRef | null
  /** None or one. */
  cover: ShownImage[]
  bodyHtml: string
}

type Field = keyof Draft
type Errors = Partial<Record<Field, string>>

const emptyDraft: Draft = { title: '', summary: '', target: null, cover: [], bodyHtml: '' }

function draftOf(n: ManagedNotice): Draft {
  const cover = n.coverUrl ? [{ fileId: n.coverFileId, url: n.coverUrl, thumbUrl: n.coverThumbUrl }] : []
  return { title: n.title, summary: n.summary, target: n.target, cover, bodyHtml: n.bodyHtml }
}

function formKey(draft: Draft, schedule: Schedule): string {
  return JSON.stringify([draft.title, draft.summary, draft.target?.id ?? null, draft.cover[0]?.url ?? null, draft.bodyHtml, schedule])
}

/** Same limits as the contract (src/shared/api/notice.ts). */
function validate(d: Draft): Errors {
  const errors: Errors = {}
  const title = d.title.trim()
  if (title.length < 2 || title.length > 60) errors.title = '标题为 2–60 字'
  if (d.summary.trim().length > 120) errors.summary = '摘要不超过 120 字'
  if (!d.target) errors.target = '请选择发布范围'
  const visibleText = d.bodyHtml.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').trim()
  if (d.bodyHtml.length > maxBodyLength) errors.bodyHtml = '正文过长'
  else if (!visibleText && !/<img\s/i.test(d.bodyHtml)) errors.bodyHtml = '请填写正文'
  return errors
}

/** The audience in words, from the server's count: the confirmation before anything goes out. */
function audienceText({ target, branches, members }: NoticeAudience): string {
  return branches > 0
    ? `将发布给 ${target.name} 及其下级 ${branches} 个组织的会员（约 ${members} 人）`
    : `将发布给 ${target.name} 的会员（${members} 人）`
}

function leave() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void redirectPage(routes.noticeManage)
}

export default function NoticeEditPage() {
  const idParam = useRouter().params.id
  const initialId = idParam ? Number(idParam) : null
  // Set once a new notice is first saved, so later saves and the publish hit the same row.
  const [id, setId] = useState<number | null>(initialId)
  const newDraft = useRequestId()
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const [schedule, setSchedule] = useState<Schedule>(defaultSchedule)
  const [errors, setErrors] = useState<Errors>({})
  const [loadState, setLoadState] = useState<{ kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; error: LoadError }>(
    initialId ? { kind: 'loading' } : { kind: 'ready' },
  )
  const [pending, setPending] = useState<'draft' | 'publish' | null>(null)
  const [uploading, setUploading] = useState(false)
  // Body images uploaded since the editor opened; the save attaches those the body still shows.
  const bodyImages = useRef<number[]>([])
  // What was last loaded or saved: the page asks before leaving while the form differs from it.
  const [savedForm, setSavedForm] = useState(() => formKey(emptyDraft, schedule))
  const dirty = loadState.kind === 'ready' && formKey(draft, schedule) !== savedForm
  useLeaveGuard(dirty)

  const load = useCallback(async () => {
    if (!initialId) return
    setLoadState({ kind: 'loading' })
    try {
      const notice = await api.notice.manageGet({ id: initialId })
      if (notice.state !== 'draft' && notice.state !== 'scheduled') {
        setLoadState({ kind: 'error', error: { message: errorMessages.NOTICE_NOT_EDITABLE, notMember: false } })
        return
      }
      const loaded = draftOf(notice)
      const loadedSchedule = notice.state === 'scheduled' ? scheduleOf(notice.publishAt, notice.expireAt) : schedule
      setDraft(loaded)
      setSchedule(loadedSchedule)
      setSavedForm(formKey(loaded, loadedSchedule))
      setLoadState({ kind: 'ready' })
    } catch (error) {
      setLoadState({ kind: 'error', error: loadErrorOf(error) })
    }
  }, [initialId])

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: initialId ? '编辑通知' : '新建通知' })
    void load()
  }, [initialId, load])

  const update = <K extends Field>(field: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const save = async (): Promise<ManagedNotice | null> => {
    if (uploading) {
      void Taro.showToast({ title: '图片上传中，请稍候', icon: 'none' })
      return null
    }
    const found = validate(draft)
    setErrors(found)
    if (Object.keys(found).length > 0 || !draft.target) {
      void Taro.showToast({ title: Object.values(found)[0] ?? '请检查填写内容', icon: 'none' })
      return null
    }
    const saved = await api.notice.save({
      id,
      // Until the first save answers, a resend must find the draft it made rather than make another.
      requestId: id ? null : newDraft.idFor('new-draft'),
      title: draft.title.trim(),
      summary: draft.summary.trim(),
      bodyHtml: draft.bodyHtml,
      // A cover set by URL before uploads existed has no file: left out, the notice keeps it.
      coverFileId: draft.cover[0] ? (draft.cover[0].fileId ?? undefined) : null,
      bodyImageFileIds: bodyImages.current,
      targetBranchId: draft.target.id,
    })
    setId(saved.id)
    setSavedForm(formKey(draft, schedule))
    return saved
  }

  const submit = useAction(async (kind: 'draft' | 'publish') => {
    const plan = kind === 'publish' ? resolveSchedule(schedule) : null
    if (plan && !plan.ok) {
      void Taro.showToast({ title: plan.message, icon: 'none' })
      return
    }
    setPending(kind)
    try {
      const saved = await save()
      if (!saved) return
      if (!plan) {
        void Taro.showToast({ title: '草稿已保存', icon: 'success' })
        return
      }
      const audience = await api.notice.audience({ id: saved.id })
      const { confirm } = await Taro.showModal({
        title: plan.publishAt ? '确认定时发布' : '确认发布',
        content: `${audienceText(audience)}。发布后会员即可看到，确定发布吗？`,
        confirmText: '发布',
        confirmColor: '#c4161c',
        cancelText: '再想想',
      })
      // Saved as a draft either way: nothing is lost by stepping back.
      if (!confirm) return
      const published = await api.notice.publish({ id: saved.id, publishAt: plan.publishAt, expireAt: plan.expireAt })
      void Taro.showToast({ title: published.state === 'scheduled' ? '已设置定时发布' : '已发布', icon: 'success' })
      // Saved and published: the guard's effect would lift only after this page is gone.
      setLeaveGuard(null)
      leave()
    } finally {
      setPending(null)
    }
  })

  if (loadState.kind !== 'ready') {
    return (
      <PageShell className='notice-edit'>
        {loadState.kind === 'loading' ? (
          <PageState kind='loading' />
        ) : (
          <LoadFailure error={loadState.error} onRetry={() => void load()} />
        )}
      </PageShell>
    )
  }

  return (
    <PageShell className='notice-edit'>
      <View className='notice-edit__card'>
        <FormField label='标题' required error={errors.title}>
          <Input
            className='form-field__input notice-edit__title'
            value={draft.title}
            maxlength={60}
            placeholder='2–60 字'
            onInput={(e) => update('title', e.detail.value)}
          />
        </FormField>
        <FormField label='摘要' error={errors.summary} hint='显示在通知列表中，不超过 120 字'>
          <Textarea
            className='form-field__textarea notice-edit__summary'
            value={draft.summary}
            maxlength={120}
            placeholder='选填'
            onInput={(e) => update('summary', e.detail.value)}
          />
        </FormField>
        <FormField label='发布范围' required error={errors.target} hint='该组织及其所有下级组织的会员都能看到'>
          <BranchPicker
            scope='admin'
            value={draft.target}
            title='选择发布范围'
            placeholder='请选择工会组织'
            onChange={(b) => update('target', b)}
          />
        </FormField>
        <FormField label='封面图片' hint='选填，显示在通知列表和正文上方'>
          <ImageUpload className='notice-edit__cover' purpose='notice_cover' value={draft.cover} onChange={(v) => update('cover', v)} onBusyChange={setUploading} />
        </FormField>
        <FormField label='正文' required error={errors.bodyHtml}>
          <BodyEditor
            initialHtml={draft.bodyHtml}
            imagePurpose='notice_image'
            onChange={(html) => update('bodyHtml', html)}
            onImageUploaded={(file) => {
              bodyImages.current = [...bodyImages.current, file.id]
            }}
          />
        </FormField>
      </View>

      <View className='notice-edit__card'>
        <FormField label='发布方式'>
          <ScheduleFields value={schedule} onChange={setSchedule} />
        </FormField>
      </View>

      <View className='notice-edit__actions'>
        <Button
          className='notice-edit__save'
          loading={pending === 'draft'}
          disabled={pending !== null}
          onClick={() => void submit.run('draft')}
        >
          保存草稿
        </Button>
        <Button
          className='notice-edit__publish'
          type='primary'
          loading={pending === 'publish'}
          disabled={pending !== null}
          onClick={() => void submit.run('publish')}
        >
          {schedule.mode === 'scheduled' ? '定时发布' : '发布'}
        </Button>
      </View>
    </PageShell>
  )
}
