import { Text, View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { routes, withQuery } from '../../routes'
import type { CourseSummary } from '../../shared/api'
import { courseCategoryNames } from '../../shared/course/names'
import { openPage } from '../../utils/navigate'
import { CourseCover } from './course-cover'
import './course-row.scss'

/**
 * A course in a list: cover, title, teacher and what kind of course it is; a tap opens `url`
 * (its page by default). Children come below (progress, status).
 */
export function CourseRow({ course, url, children }: PropsWithChildren<{ course: CourseSummary; url?: string }>) {
  return (
    <View className='course-row' onClick={() => void openPage(url ?? withQuery(routes.courseDetail, { id: course.id }))}>
      <CourseCover url={course.coverUrl} title={course.title} />
      <View className='course-row__body'>
        <Text className='course-row__title'>{course.title}</Text>
        <Text className='course-row__meta'>
          {course.teacher ? `${course.teacher} · ` : ''}
          {courseCategoryNames[course.category]} · {course.lessonCount} 课时
        </Text>
        {children}
      </View>
    </View>
  )
}

/** A thin bar of a share in thousandths, with its words beside it. */
export function ProgressBar({ permille, text }: { permille: number; text: string }) {
  return (
    <View className='progress-bar'>
      <View className='progress-bar__track'>
        <View className='progress-bar__fill' style={{ width: `${Math.min(100, permille / 10)}%` }} />
      </View>
      <Text className='progress-bar__text'>{text}</Text>
    </View>
  )
}
