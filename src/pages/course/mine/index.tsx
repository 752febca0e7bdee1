import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import { dateText } from '../../../utils/time'
import { openPage } from '../../../utils/navigate'
import { CourseRow, ProgressBar } from '../course-row'
import './index.scss'

type Tab = 'learning' | 'completed'
const tabs: readonly { value: Tab; title: string }[] = [
  { value: 'learning', title: '学习中' },
  { value: 'completed', title: '已完成' },
]

/** 我的课程: courses in progress (last studied first) and completed ones with their certificates. */
export default function CourseMinePage() {
  const [tab, setTab] = useState<Tab>('learning')
  const list = usePagedList(`my-courses:${tab}`, (cursor) => api.course.myCourses({ status: tab, cursor }))
  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='course-mine'>
      <View className='course-mine__certificates' onClick={() => void openPage(routes.courseCertificates)}>
        <Text className='course-mine__certificates-title'>我的证书</Text>
        <Text className='course-mine__certificates-more'>查看、下载结业证书 ›</Text>
      </View>
      <FilterTabs tabs={tabs} value={tab} onChange={setTab} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <PageState
          kind='empty'
          message={tab === 'learning' ? '还没有正在学习的课程' : '还没有完成的课程'}
          action={{ text: '去职工课堂', onClick: () => void openPage(routes.courseHome) }}
        />
      )}
      {list.items.length > 0 && (
        <View className='course-mine__card'>
          {list.items.map((course) => (
            <CourseRow
              key={course.id}
              course={course}
              url={
                tab === 'learning' && course.lastLessonId
                  ? withQuery(routes.courseLesson, { courseId: course.id, lessonId: course.lastLessonId })
                  : withQuery(routes.courseDetail, { id: course.id })
              }
            >
              {course.completedAt ? (
                <View className='course-mine__done'>
                  <Text className='course-mine__done-text'>{dateText(course.completedAt)} 完成</Text>
                  {course.certificateCode && (
                    <Text
                      className='course-mine__certificate'
                      onClick={(e) => {
                        e.stopPropagation()
                        void openPage(withQuery(routes.courseCertificate, { code: course.certificateCode ?? '' }))
                      }}
                    >
                      查看证书
                    </Text>
                  )}
                </View>
              ) : (
                <ProgressBar permille={course.permille} text={`已学 ${course.completedLessons}/${course.lessonCount}`} />
              )}
            </CourseRow>
          ))}
        </View>
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
      )}
    </PageShell>
  )
}
