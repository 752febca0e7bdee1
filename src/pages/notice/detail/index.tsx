import { Image, Text, View } from '@tarojs/components'
import { useRouter, useShareAppMessage } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { api } from '../../../api'
import { LoadFailure, loadErrorOf } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { routes, withQuery } from '../../../routes'
import type { NoticeDetail } from '../../../shared/api'
import { dateTimeText } from '../../../utils/time'
import { RichBody } from '../../../components/rich-body'
import './index.scss'

export default function NoticeDetailPage() {
  const id = Number(useRouter().params.id)
  const [notice, setNotice] = useState<NoticeDetail | null>(null)
  const [error, setError] = useState<LoadError | null>(null)

  const load = useCallback(async () => {
    setError(null)
    try {
      setNotice(await api.notice.read({ id }))
    } catch (err) {
      setError(loadErrorOf(err))
    }
  }, [id])

  useEffect(() => {
    if (Number.isInteger(id) && id > 0) void load()
    else setError({ message: '通知链接无效', notMember: false, code: 'NOT_FOUND' })
  }, [id, load])

  // The shared page opens the same notice; the recipient still needs to be a member in scope.
  useShareAppMessage(() => ({
    title: notice?.title ?? '工会通知',
    path: withQuery(routes.noticeDetail, { id }),
  }))

  if (!notice) {
    return (
      <PageShell className='notice-detail'>
        {error ? (
          <LoadFailure error={error} onRetry={() => void load()} />
        ) : (
          <PageState kind='loading' />
        )}
      </PageShell>
    )
  }

  return (
    <PageShell className='notice-detail'>
      <View className='notice-detail__article'>
        <Text className='notice-detail__title'>{notice.title}</Text>
        <View className='notice-detail__meta'>
          <Text>{notice.publisher}</Text>
          <Text>{dateTimeText(notice.publishedAt)}</Text>
        </View>
        <Text className='notice-detail__target'>发布范围：{notice.target.fullName}</Text>
        {notice.coverUrl && <Image className='notice-detail__cover' src={notice.coverUrl} mode='widthFix' />}
        <RichBody html={notice.bodyHtml} />
      </View>
    </PageShell>
  )
}
