import { Button } from '@nutui/nutui-react-taro'
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
import { courseStatusNames } from '../../../shared/course/names'
import type { CourseStatus } from '../../../shared/course/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { CourseRow } from '../course-row'
import './index.scss'

type Tab = CourseStatus | 'all'
const tabs: readonly { value: Tab; title: string }[] = [
  { value: 'all', title: '全部' },
  { value: 'draft', title: courseStatusNames.draft },
  { value: 'published', title: courseStatusNames.published },
  { value: 'unpublished', title: courseStatusNames.unpublished },
]

const tools = [
  { title: '题库', url: routes.quizBanks },
  { title: '测验', url: routes.quizManage },
  { title: '竞赛', url: routes.contestList },
  { title: '点单受理', url: routes.trainingOrders },
]

/** 课程管理 for course editors: the courses their grants cover by status, 新建课程, and the way to 题库, 测验, 竞赛 and 点单受理. */
export default function CourseManagePage() {
  const [tab, setTab] = useState<Tab>('all')
  const list = usePagedList(`course-manage:${tab}`, (cursor) => api.course.manageCourses({ status: tab === 'all' ? null : tab, cursor }))
  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='course-manage'>
      <View className='course-manage__tools'>
        {tools.map((tool) => (
          <Text key={tool.title} className='course-manage__tool' onClick={() => void openPage(tool.url)}>
            {tool.title}
          </Text>
        ))}
      </View>
      <View className='course-manage__actions'>
        <Button className='course-manage__create' type='primary' onClick={() => void openPage(routes.courseEdit)}>
          新建课程
        </Button>
      </View>
      <FilterTabs tabs={tabs} value={tab} onChange={setTab} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <PageState kind='empty' message='您管理的范围内还没有课程' action={{ text: '新建课程', onClick: () => void openPage(routes.courseEdit) }} />
      )}
      {list.items.length > 0 && (
        <View className='course-manage__card'>
          {list.items.map((course) => (
            <CourseRow key={course.id} course={course} url={withQuery(routes.courseEdit, { id: course.id })}>
              <Text className='course-manage__meta'>
                面向{course.branch.name} · {course.enrolledCount} 人学习
              </Text>
              <Text className={cx('course-manage__status', `course-manage__status--${course.status}`)}>{courseStatusNames[course.status]}</Text>
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
