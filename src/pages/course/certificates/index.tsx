import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import type { CertificateSummary } from '../../../shared/api'
import { completedViaNames } from '../../../shared/course/names'
import { openPage } from '../../../utils/navigate'
import { certificateDay } from '../../../shared/course/certificate-text'
import './index.scss'

function CertificateRow({ item }: { item: CertificateSummary }) {
  return (
    <View className='certificate-row' onClick={() => void openPage(withQuery(routes.courseCertificate, { code: item.code }))}>
      <View className='certificate-row__seal'>
        <Text className='certificate-row__seal-text'>结业</Text>
      </View>
      <View className='certificate-row__body'>
        <Text className='certificate-row__title'>{item.courseTitle}</Text>
        <Text className='certificate-row__fact'>
          {item.issuerName} · {completedViaNames[item.via]}
        </Text>
        <View className='certificate-row__foot'>
          <Text>{certificateDay(item.issuedDay)} 颁发</Text>
          <Text className='certificate-row__code'>{item.code}</Text>
        </View>
      </View>
    </View>
  )
}

/** 我的证书: every 结业证书 of the member's, newest first. */
export default function CourseCertificatesPage() {
  const list = usePagedList('course-certificates', (cursor) => api.course.myCertificates({ cursor, limit: 20 }))

  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='course-certificates'>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <PageState kind='empty' message='还没有证书：学完一门课程的全部课时，或参加线下培训签到，即可获得结业证书' action={{ text: '去学习', onClick: () => void openPage(routes.courseHome) }} />
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <CertificateRow key={item.code} item={item} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
