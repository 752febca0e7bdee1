import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { CourseDetail } from '../../../shared/api'
import { completedViaNames, courseCategoryNames, courseStatusNames, lessonKindNames } from '../../../shared/course/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { CourseCover } from '../course-cover'
import { ProgressBar } from '../course-row'
import { clockText, lessonStateText } from '../progress-text'
import './index.scss'

function lessonUrl(courseId: number, lessonId: number): string {
  return withQuery(routes.courseLesson, { courseId, lessonId })
}

/** A course's page: what it is, its lessons with my progress, 报名学习 / 继续学习, the certificate once complete, 企业点单 for an enterprise admin. */
export default function CourseDetailPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const detail = useResource(`course-detail:${id}`, () => api.course.courseDetail({ courseId: id }), { enabled: valid })
  usePullToRefresh(() => detail.reload())
  useRefreshOnReturn(() => void detail.reload())

  if (!valid) {
    return (
      <PageShell className='course-detail'>
        <PageState kind='empty' message='没有找到这门课程' action={{ text: '去职工课堂', onClick: () => void openPage(routes.courseHome) }} />
      </PageShell>
    )
  }
  return (
    <PageShell className='course-detail'>
      {detail.status === 'loading' && <PageState kind='loading' />}
      {detail.error && <LoadFailure error={detail.error} onRetry={() => void detail.reload()} />}
      {detail.data && <CourseView detail={detail.data} onEnrolled={() => void detail.reload()} />}
    </PageShell>
  )
}

function CourseView({ detail, onEnrolled }: { detail: CourseDetail; onEnrolled: () => void }) {
  const { course, lessons, enrolment } = detail
  const firstOpen = lessons.find((l) => !l.completed) ?? lessons[0]
  const resumeId = enrolment?.lastLessonId && lessons.some((l) => l.id === enrolment.lastLessonId) ? enrolment.lastLessonId : firstOpen?.id
  const enrol = useAction(async () => {
    await api.course.enrol({ courseId: course.id })
    void Taro.showToast({ title: '报名成功', icon: 'success' })
    onEnrolled()
    if (firstOpen) void openPage(lessonUrl(course.id, firstOpen.id))
  })
  const permille = enrolment?.completedAt ? 1000 : lessons.length ? Math.floor((lessons.filter((l) => l.completed).length * 1000) / lessons.length) : 0
  const learnable = course.status === 'published'

  const openLesson = (lessonId: number) => {
    if (enrolment && learnable) void openPage(lessonUrl(course.id, lessonId))
    else if (learnable) void Taro.showToast({ title: '请先报名学习', icon: 'none' })
  }

  return (
    <>
      <CourseCover url={course.coverUrl} title={course.title} size='lg' />
      <View className='course-detail__head'>
        <Text className='course-detail__title'>{course.title}</Text>
        <Text className='course-detail__meta'>
          {course.teacher ? `讲师 ${course.teacher} · ` : ''}
          {courseCategoryNames[course.category]} · {course.lessonCount} 课时 · {course.enrolledCount} 人学习
        </Text>
        <Text className='course-detail__meta'>{course.branch.fullName}</Text>
        {enrolment && (
          <ProgressBar
            permille={permille}
            text={enrolment.completedAt ? `已完成（${completedViaNames[enrolment.completedVia ?? 'online']}）` : `已学 ${enrolment.completedLessons}/${lessons.length} 课时`}
          />
        )}
      </View>

      <View className='course-detail__actions'>
        {!enrolment && learnable && (
          <Button className='course-detail__main' type='primary' loading={enrol.busy} onClick={() => void enrol.run()}>
            报名学习
          </Button>
        )}
        {enrolment && learnable && resumeId && !enrolment.completedAt && (
          <Button className='course-detail__main' type='primary' onClick={() => void openPage(lessonUrl(course.id, resumeId))}>
            {enrolment.completedLessons > 0 || enrolment.lastLessonId ? '继续学习' : '开始学习'}
          </Button>
        )}
        {enrolment?.certificateCode && (
          <Button
            className='course-detail__main'
            type='primary'
            onClick={() => void openPage(withQuery(routes.courseCertificate, { code: enrolment.certificateCode ?? '' }))}
          >
            查看证书
          </Button>
        )}
        {detail.canOrder && (
          <Button className='course-detail__main' onClick={() => void openPage(withQuery(routes.trainingOrder, { courseId: course.id }))}>
            企业点单
          </Button>
        )}
      </View>
      {!learnable && <Text className='course-detail__notice'>{course.status === 'draft' ? '课程未发布，职工还看不到' : '课程已下架，学习记录仍然保留'}</Text>}

      {detail.canManage && (
        <View className='course-detail__manage'>
          <Text className='course-detail__manage-text'>
            {courseStatusNames[course.status]} · 面向{course.branch.name}
          </Text>
          <Button size='small' onClick={() => void openPage(withQuery(routes.courseEdit, { id: course.id }))}>
            编辑课程
          </Button>
        </View>
      )}

      {course.summary && (
        <View className='course-detail__card'>
          <Text className='course-detail__card-title'>课程简介</Text>
          <Text className='course-detail__summary'>{course.summary}</Text>
        </View>
      )}

      <View className='course-detail__card'>
        <Text className='course-detail__card-title'>课时（{lessons.length}）</Text>
        {lessons.map((lesson, i) => (
          <View key={lesson.id} className='course-detail__lesson' onClick={() => openLesson(lesson.id)}>
            <Text className='course-detail__lesson-no'>{i + 1}</Text>
            <View className='course-detail__lesson-body'>
              <Text className='course-detail__lesson-title'>{lesson.title}</Text>
              <Text className='course-detail__lesson-meta'>
                {lessonKindNames[lesson.kind]}
                {lesson.durationSeconds ? ` · ${clockText(lesson.durationSeconds)}` : ''}
              </Text>
            </View>
            {enrolment && (
              <Text className={cx('course-detail__lesson-state', lesson.completed && 'course-detail__lesson-state--done')}>{lessonStateText(lesson)}</Text>
            )}
          </View>
        ))}
      </View>
    </>
  )
}
