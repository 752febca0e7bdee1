import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { api, errorText } from '../../../api'
import { BodyEditor } from '../../../components/body-editor/body-editor'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { forgetFile } from '../../../platform/choose-file'
import type { ManagedLesson } from '../../../shared/api'
import { courseLimits, lessonKindNames } from '../../../shared/course/names'
import type { LessonKind } from '../../../shared/course/names'
import { chooseForUpload, startUpload } from '../../../utils/upload-file'
import type { Upload } from '../../../utils/upload-file'
import { redirectPage } from '../../../utils/navigate'
import { routes, withQuery } from '../../../routes'
import { clockText } from '../progress-text'
import './index.scss'

const kindOptions = (['video', 'article'] as const).map((k) => ({ value: k, label: lessonKindNames[k] }))
type VideoSource = 'file' | 'url'

/** One lesson of a course: a video (an uploaded MP4, or an https address with its length) or an article in rich text. */
export default function CourseLessonEditPage() {
  const params = useRouter().params
  const courseId = Number(params.courseId)
  const id = Number(params.id)
  const editing = Number.isInteger(id) && id > 0
  const lesson = useResource(`course-lesson-edit:${id}`, () => api.course.managedLesson({ lessonId: id }), { enabled: editing })
  if (!Number.isInteger(courseId) || courseId <= 0) {
    return (
      <PageShell className='lesson-edit'>
        <PageState kind='empty' message='没有找到这门课程' />
      </PageShell>
    )
  }
  return (
    <PageShell className='lesson-edit'>
      {editing && lesson.status === 'loading' && <PageState kind='loading' />}
      {lesson.error && <LoadFailure error={lesson.error} onRetry={() => void lesson.reload()} />}
      {(!editing || lesson.data) && <LessonForm courseId={courseId} lesson={lesson.data} initialKind={params.kind === 'article' ? 'article' : 'video'} />}
    </PageShell>
  )
}

function LessonForm({ courseId, lesson, initialKind }: { courseId: number; lesson: ManagedLesson | null; initialKind: LessonKind }) {
  const [title, setTitle] = useState(lesson?.title ?? '')
  const [kind, setKind] = useState<LessonKind>(lesson?.kind ?? initialKind)
  const [source, setSource] = useState<VideoSource>(lesson && lesson.videoFileId === null && lesson.videoUrl ? 'url' : 'file')
  const [videoUrl, setVideoUrl] = useState(lesson && lesson.videoFileId === null ? (lesson.videoUrl ?? '') : '')
  const [minutes, setMinutes] = useState(lesson?.durationSeconds ? String(Math.floor(lesson.durationSeconds / 60)) : '')
  const [seconds, setSeconds] = useState(lesson?.durationSeconds ? String(lesson.durationSeconds % 60) : '')
  const [videoFile, setVideoFile] = useState<{ id: number; name: string } | null>(lesson?.videoFileId ? { id: lesson.videoFileId, name: '已上传的视频' } : null)
  const [uploadLabel, setUploadLabel] = useState<string | null>(null)
  const running = useRef<Upload | null>(null)
  const [html, setHtml] = useState(lesson?.articleHtml ?? '')
  const articleImages = useRef<number[]>([])
  const request = useRequestId()

  useEffect(() => () => running.current?.cancel(), [])

  const uploadVideo = async () => {
    if (uploadLabel !== null) return
    try {
      const [file] = await chooseForUpload('course_video', 1)
      if (!file) return
      setUploadLabel('上传中 0%')
      const upload = startUpload('course_video', file, (sent) => setUploadLabel(sent < 1 ? `上传中 ${Math.floor(sent * 100)}%` : '处理中…'))
      running.current = upload
      const stored = await upload.done
      forgetFile(file)
      setVideoFile({ id: stored.id, name: stored.name })
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none', duration: 2500 })
    } finally {
      running.current = null
      setUploadLabel(null)
    }
  }

  const save = useAction(async () => {
    if (!title.trim()) {
      void Taro.showToast({ title: '请填写课时标题', icon: 'none' })
      return
    }
    const duration = Number(minutes || 0) * 60 + Number(seconds || 0)
    let body
    if (kind === 'article') {
      body = { kind, articleHtml: html, articleImageFileIds: articleImages.current }
    } else if (source === 'file') {
      if (!videoFile) {
        void Taro.showToast({ title: '请上传视频', icon: 'none' })
        return
      }
      body = { kind, videoFileId: videoFile.id }
    } else {
      if (!Number.isInteger(duration) || duration <= 0) {
        void Taro.showToast({ title: '请填写视频时长', icon: 'none' })
        return
      }
      body = { kind, videoUrl: videoUrl.trim(), durationSeconds: duration }
    }
    const fields = { courseId, title: title.trim(), ...body }
    await api.course.saveLesson(lesson ? { ...fields, id: lesson.id } : { ...fields, requestId: request.idFor(fields) })
    request.reset()
    void Taro.showToast({ title: '已保存', icon: 'success' })
    // Back to the course's lessons: the list shows the saved lesson.
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
    else void redirectPage(withQuery(routes.courseEdit, { id: courseId }))
  })

  return (
    <>
      <View className='lesson-edit__card'>
        <FormField label='课时标题' required>
          <Input className='form-field__input lesson-edit__title' value={title} maxlength={courseLimits.titleMaxLength} placeholder='如：第一讲 开天辟地' onInput={(e) => setTitle(e.detail.value)} />
        </FormField>
        <FormField label='类型' required hint={lesson ? '已有职工学过的课时不能更改类型' : undefined}>
          <ChoiceChips<LessonKind> options={kindOptions} value={kind} onChange={setKind} />
        </FormField>
      </View>

      {kind === 'video' && (
        <View className='lesson-edit__card'>
          <FormField label='视频来源' required>
            <ChoiceChips<VideoSource>
              options={[
                { value: 'file', label: '上传 MP4' },
                { value: 'url', label: '视频地址' },
              ]}
              value={source}
              onChange={setSource}
            />
          </FormField>
          {source === 'file' ? (
            <FormField label='视频文件' hint='MP4 格式（H.264），不超过 500 MB；时长自动读取'>
              <View className='lesson-edit__upload'>
                <Text className='lesson-edit__upload-name'>{videoFile ? videoFile.name : '还没有上传视频'}</Text>
                <Button size='small' className='lesson-edit__upload-button' loading={uploadLabel !== null} onClick={() => void uploadVideo()}>
                  {uploadLabel ?? (videoFile ? '重新上传' : '选择视频')}
                </Button>
              </View>
              {lesson?.durationSeconds && lesson.videoFileId ? <Text className='lesson-edit__note'>时长 {clockText(lesson.durationSeconds)}</Text> : null}
            </FormField>
          ) : (
            <>
              <FormField label='视频地址' required hint='以 https:// 开头的 MP4 地址'>
                <Input className='form-field__input lesson-edit__url' value={videoUrl} maxlength={500} placeholder='https://' onInput={(e) => setVideoUrl(e.detail.value)} />
              </FormField>
              <FormField label='视频时长' required hint='看满时长的 90% 算完成'>
                <View className='lesson-edit__duration'>
                  <Input className='form-field__input lesson-edit__minutes' type='number' value={minutes} maxlength={3} placeholder='0' onInput={(e) => setMinutes(e.detail.value)} />
                  <Text className='lesson-edit__unit'>分</Text>
                  <Input className='form-field__input lesson-edit__seconds' type='number' value={seconds} maxlength={2} placeholder='0' onInput={(e) => setSeconds(e.detail.value)} />
                  <Text className='lesson-edit__unit'>秒</Text>
                </View>
              </FormField>
            </>
          )}
        </View>
      )}

      {kind === 'article' && (
        <View className='lesson-edit__card'>
          <FormField label='正文' required hint='职工读到末尾、且阅读时间足够时完成本课时'>
            <BodyEditor
              initialHtml={html}
              imagePurpose='course_image'
              onChange={setHtml}
              onImageUploaded={(file) => {
                articleImages.current = [...articleImages.current, file.id]
              }}
            />
          </FormField>
        </View>
      )}

      <View className='lesson-edit__actions'>
        <Button className='lesson-edit__save' type='primary' loading={save.busy} disabled={uploadLabel !== null} onClick={() => void save.run()}>
          保存课时
        </Button>
      </View>
    </>
  )
}
