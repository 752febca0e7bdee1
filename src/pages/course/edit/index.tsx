import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { ImageUpload } from '../../../components/image-upload'
import type { ShownImage } from '../../../components/image-upload'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { BranchRef, ManagedCourseDetail, Me } from '../../../shared/api'
import { courseCategories, courseCategoryNames, courseLimits, courseStatusNames, lessonKindNames } from '../../../shared/course/names'
import type { CourseCategory, LessonKind } from '../../../shared/course/names'
import { openPage, redirectPage } from '../../../utils/navigate'
import { clockText } from '../progress-text'
import './index.scss'

const categoryOptions = courseCategories.map((c) => ({ value: c, label: courseCategoryNames[c] }))

/** A course editor's page for one course (or a new one): metadata, cover, scope, 企业点单, the lessons in order, 发布 and 下架. */
export default function CourseEditPage() {
  const id = Number(useRouter().params.id)
  const editing = Number.isInteger(id) && id > 0
  const me = useResource('me', () => api.auth.me())
  const detail = useResource(`course-edit:${id}`, () => api.course.managedCourse({ courseId: id }), { enabled: editing })
  // Back from a lesson's editor, the list has changed.
  useRefreshOnReturn(() => void (editing && detail.reload()))

  const loading = me.status === 'loading' || (editing && detail.status === 'loading')
  const error = me.error ?? (editing ? detail.error : null)
  return (
    <PageShell className='course-edit'>
      {loading && <PageState kind='loading' />}
      {error && <LoadFailure error={error} onRetry={() => void (me.error ? me.reload() : detail.reload())} />}
      {me.data && (!editing || detail.data) && (
        <Editor me={me.data} detail={detail.data} onChanged={(next) => detail.setData(() => next)} />
      )}
    </PageShell>
  )
}

function defaultBranch(me: Me): BranchRef | null {
  return me.grants.find((g) => g.role === 'course_editor')?.branch ?? null
}

function Editor({ me, detail, onChanged }: { me: Me; detail: ManagedCourseDetail | null; onChanged: (next: ManagedCourseDetail) => void }) {
  const course = detail?.course ?? null
  const [title, setTitle] = useState(course?.title ?? '')
  const [teacher, setTeacher] = useState(course?.teacher ?? '')
  const [summary, setSummary] = useState(course?.summary ?? '')
  const [category, setCategory] = useState<CourseCategory>(course?.category ?? 'ideology')
  const [branch, setBranch] = useState<BranchRef | null>(course?.branch ?? defaultBranch(me))
  const [orderable, setOrderable] = useState(course?.orderable ?? false)
  const [cover, setCover] = useState<ShownImage[]>(course?.coverUrl ? [{ fileId: course.coverFileId, url: course.coverUrl, thumbUrl: course.coverUrl }] : [])
  const [uploading, setUploading] = useState(false)
  const request = useRequestId()

  const save = useAction(async () => {
    if (!title.trim()) {
      void Taro.showToast({ title: '请填写课程名称', icon: 'none' })
      return null
    }
    if (!branch) {
      void Taro.showToast({ title: '请选择课程面向的组织', icon: 'none' })
      return null
    }
    if (uploading) {
      void Taro.showToast({ title: '封面还在上传，请稍候', icon: 'none' })
      return null
    }
    const fields = { title: title.trim(), teacher: teacher.trim(), summary: summary.trim(), category, branchId: branch.id, orderable, coverFileId: cover[0]?.fileId ?? null }
    const saved = await api.course.saveCourse(course ? { ...fields, id: course.id } : { ...fields, requestId: request.idFor(fields) })
    void Taro.showToast({ title: '已保存', icon: 'success' })
    if (!course) {
      request.reset()
      // A new course gets its lessons on its own page.
      void redirectPage(withQuery(routes.courseEdit, { id: saved.id }))
    } else if (detail) onChanged({ ...detail, course: saved })
    return saved
  })
  const toggle = useAction(async () => {
    if (!course || !detail) return
    if (course.status === 'published') {
      const { confirm } = await Taro.showModal({ title: '下架这门课程？', content: '下架后职工将看不到这门课程，已报名职工的学习记录保留。', confirmText: '下架' })
      if (!confirm) return
      onChanged({ ...detail, course: await api.course.unpublishCourse({ courseId: course.id }) })
      void Taro.showToast({ title: '已下架', icon: 'success' })
    } else {
      // What the editor typed is saved first, so members never see the old title.
      if (!(await save.run())) return
      onChanged({ ...detail, course: await api.course.publishCourse({ courseId: course.id }) })
      void Taro.showToast({ title: '已发布', icon: 'success' })
    }
  })
  const move = useAction(async (lessonId: number, direction: 'up' | 'down') => {
    onChanged(await api.course.moveLesson({ lessonId, direction }))
  })
  const remove = useAction(async (lessonId: number, learners: number) => {
    const { confirm } = await Taro.showModal({
      title: '删除这个课时？',
      content: learners > 0 ? `已有 ${learners} 名职工学过，删除后对职工隐藏，学习记录保留。` : '删除后无法恢复。',
      confirmText: '删除',
    })
    if (!confirm) return
    onChanged(await api.course.removeLesson({ lessonId }))
  })
  const addLesson = (kind: LessonKind) => course && void openPage(withQuery(routes.courseLessonEdit, { courseId: course.id, kind }))

  return (
    <>
      {course && (
        <View className='course-edit__status'>
          <Text className='course-edit__status-text'>
            {courseStatusNames[course.status]} · {course.lessonCount} 课时 · {course.enrolledCount} 人学习
          </Text>
          <Text className='course-edit__preview' onClick={() => void openPage(withQuery(routes.courseDetail, { id: course.id }))}>
            预览
          </Text>
        </View>
      )}
      <View className='course-edit__card'>
        <FormField label='课程名称' required>
          <Input className='form-field__input course-edit__title' value={title} maxlength={courseLimits.titleMaxLength} placeholder='如：红船精神十讲' onInput={(e) => setTitle(e.detail.value)} />
        </FormField>
        <FormField label='讲师'>
          <Input className='form-field__input course-edit__teacher' value={teacher} maxlength={courseLimits.teacherMaxLength} placeholder='讲师姓名、职务' onInput={(e) => setTeacher(e.detail.value)} />
        </FormField>
        <FormField label='分类' required>
          <ChoiceChips<CourseCategory> options={categoryOptions} value={category} onChange={setCategory} />
        </FormField>
        <FormField label='面向' required hint='这个组织及其下级的职工在课程发布后可以学习'>
          <BranchPicker scope='course_editor' value={branch} onChange={setBranch} title='选择课程面向的组织' placeholder='选择组织' />
        </FormField>
        <FormField label='封面' hint='横向图片效果最好（16:9）'>
          <ImageUpload purpose='course_cover' value={cover} onChange={setCover} onBusyChange={setUploading} />
        </FormField>
        <FormField label='企业点单' hint='企业工会可以预约这门课程的线下送课'>
          <ChoiceChips<'yes' | 'no'>
            options={[
              { value: 'no', label: '不接受' },
              { value: 'yes', label: '接受点单' },
            ]}
            value={orderable ? 'yes' : 'no'}
            onChange={(v) => setOrderable(v === 'yes')}
          />
        </FormField>
        <FormField label='简介'>
          <Textarea
            className='form-field__textarea course-edit__summary'
            value={summary}
            maxlength={courseLimits.summaryMaxLength}
            placeholder='这门课讲什么，适合谁学'
            onInput={(e) => setSummary(e.detail.value)}
          />
        </FormField>
      </View>

      {detail && course && (
        <View className='course-edit__card'>
          <Text className='course-edit__card-title'>课时（{detail.lessons.length}）</Text>
          {detail.lessons.length === 0 && <Text className='course-edit__empty'>还没有课时，添加视频或图文课时后即可发布</Text>}
          {detail.lessons.map((lesson, i) => (
            <View key={lesson.id} className='course-edit__lesson'>
              <View className='course-edit__lesson-body' onClick={() => void openPage(withQuery(routes.courseLessonEdit, { courseId: course.id, id: lesson.id }))}>
                <Text className='course-edit__lesson-title'>
                  {i + 1}. {lesson.title}
                </Text>
                <Text className='course-edit__lesson-meta'>
                  {lessonKindNames[lesson.kind]}
                  {lesson.durationSeconds ? ` · ${clockText(lesson.durationSeconds)}` : ''}
                  {lesson.learners > 0 ? ` · ${lesson.learners} 人学过` : ''}
                </Text>
              </View>
              <View className='course-edit__lesson-tools'>
                {i > 0 && (
                  <Text className='course-edit__lesson-tool' onClick={() => void move.run(lesson.id, 'up')}>
                    上移
                  </Text>
                )}
                {i < detail.lessons.length - 1 && (
                  <Text className='course-edit__lesson-tool' onClick={() => void move.run(lesson.id, 'down')}>
                    下移
                  </Text>
                )}
                <Text className='course-edit__lesson-tool course-edit__lesson-tool--danger' onClick={() => void remove.run(lesson.id, lesson.learners)}>
                  删除
                </Text>
              </View>
            </View>
          ))}
          <View className='course-edit__add'>
            <Button className='course-edit__add-video' size='small' onClick={() => addLesson('video')}>
              添加视频课时
            </Button>
            <Button className='course-edit__add-article' size='small' onClick={() => addLesson('article')}>
              添加图文课时
            </Button>
          </View>
        </View>
      )}

      <View className='course-edit__actions'>
        <Button className='course-edit__save' loading={save.busy} onClick={() => void save.run()}>
          {course ? '保存' : '保存并添加课时'}
        </Button>
        {course && (
          <Button className='course-edit__publish' type={course.status === 'published' ? 'default' : 'primary'} loading={toggle.busy} onClick={() => void toggle.run()}>
            {course.status === 'published' ? '下架' : '保存并发布'}
          </Button>
        )}
      </View>
    </>
  )
}
