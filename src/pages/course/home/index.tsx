import { Input, ScrollView, Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import { courseCategoryNames } from '../../../shared/course/names'
import type { CourseCategory } from '../../../shared/course/names'
import { openPage } from '../../../utils/navigate'
import { CourseCover } from '../course-cover'
import { CourseRow, ProgressBar } from '../course-row'
import './index.scss'

const searchDelayMs = 300

const entries = [
  { title: '我的课程', text: '学习进度、证书', url: routes.courseMine },
  { title: '答题练习', text: '题库练习、测验', url: routes.quizHome },
  { title: '答题竞赛', text: '红船精神拉力赛', url: routes.contestList },
  { title: '线下课程', text: '报名、签到', url: routes.trainingSessions },
]

/** 职工课堂: the way to my courses, quizzes, contests and offline courses; 继续学习; every course open to me by category or words. */
export default function CourseHomePage() {
  const home = useResource('course-home', () => api.course.courseHome({}))
  const [category, setCategory] = useState<CourseCategory | 'all'>('all')
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), searchDelayMs)
    return () => clearTimeout(timer)
  }, [typed])
  const list = usePagedList(`courses:${category}:${q}`, (cursor) =>
    api.course.courses({ category: category === 'all' ? null : category, q: q || undefined, cursor }),
  )
  usePullToRefresh(() => Promise.all([home.reload(), list.reload()]))
  // Back from a lesson, progress has moved on.
  useRefreshOnReturn(() => void home.reload())
  useReachBottom(() => void list.loadMore())

  const tabs = [
    { value: 'all' as const, title: '全部' },
    ...(home.data?.categories ?? []).map((c) => ({ value: c.category, title: `${courseCategoryNames[c.category]} ${c.count}` })),
  ]
  const learning = home.data?.learning ?? []

  return (
    <PageShell className='course-home'>
      <View className='course-home__entries'>
        {entries.map((entry) => (
          <View key={entry.title} className='course-home__entry' onClick={() => void openPage(entry.url)}>
            <Text className='course-home__entry-title'>{entry.title}</Text>
            <Text className='course-home__entry-text'>{entry.text}</Text>
          </View>
        ))}
      </View>

      {home.error && <LoadFailure error={home.error} onRetry={() => void home.reload()} />}
      {learning.length > 0 && (
        <View className='course-home__card'>
          <View className='course-home__card-head'>
            <Text className='course-home__card-title'>继续学习</Text>
            <Text className='course-home__more' onClick={() => void openPage(routes.courseMine)}>
              全部
            </Text>
          </View>
          <ScrollView className='course-home__strip' scrollX enhanced showScrollbar={false}>
            {learning.map((course) => (
              <View
                key={course.id}
                className='course-home__learning'
                onClick={() =>
                  void openPage(
                    course.lastLessonId
                      ? withQuery(routes.courseLesson, { courseId: course.id, lessonId: course.lastLessonId })
                      : withQuery(routes.courseDetail, { id: course.id }),
                  )
                }
              >
                <CourseCover url={course.coverUrl} title={course.title} />
                <Text className='course-home__learning-title'>{course.title}</Text>
                <ProgressBar permille={course.permille} text={`${course.completedLessons}/${course.lessonCount}`} />
              </View>
            ))}
          </ScrollView>
        </View>
      )}

      <View className='course-home__search'>
        <Input
          className='course-home__input'
          value={typed}
          maxlength={30}
          confirmType='search'
          placeholder='搜索课程、讲师'
          onInput={(e) => setTyped(e.detail.value)}
        />
      </View>
      {tabs.length > 1 && <FilterTabs tabs={tabs} value={category} onChange={setCategory} />}

      <View className='course-home__card'>
        <Text className='course-home__card-title'>{q ? `“${q}”的课程` : category === 'all' ? '最新课程' : courseCategoryNames[category]}</Text>
        {list.status === 'loading' && <PageState kind='loading' />}
        {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
        {list.status === 'ready' && list.items.length === 0 && (
          <PageState kind='empty' message={q ? `没有找到“${q}”相关的课程` : '课堂正在备课，过几天再来看看'} />
        )}
        {list.items.map((course) => (
          <CourseRow key={course.id} course={course}>
            <Text className='course-home__meta'>
              {course.branch.name} · {course.enrolledCount} 人学习
            </Text>
          </CourseRow>
        ))}
      </View>
      {list.status === 'ready' && list.items.length > 0 && (
        <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
      )}
    </PageShell>
  )
}
