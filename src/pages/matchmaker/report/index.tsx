import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import type { DatingReportDetail } from '../../../shared/api'
import { profileStateNames, reportReasonNames, reportStatusNames } from '../../../shared/dating/names'
import { cx } from '../../../utils/cx'
import { dateTimeText } from '../../../utils/time'
import { HandleForm } from './handle-form'
import { memberFactsText } from '../member-facts'
import './index.scss'

function Target({ r }: { r: DatingReportDetail }) {
  const t = r.target
  if (!t) {
    return (
      <View className='matchmaker-report__card'>
        <Text className='matchmaker-report__title'>被举报人</Text>
        <Text className='matchmaker-report__meta'>该会员已注销鹊桥会资料，举报记录保留备查。</Text>
      </View>
    )
  }
  const urls = t.photos.map((p) => p.url)
  return (
    <View className='matchmaker-report__card'>
      <Text className='matchmaker-report__title'>被举报人</Text>
      <View className='matchmaker-report__head'>
        <Text className='matchmaker-report__name'>{t.nickname}</Text>
        <Text className='matchmaker-report__meta'>
          {memberFactsText(t)}
        </Text>
        <Text className={cx('matchmaker-report__state', `matchmaker-report__state--${t.state}`)}>
          {profileStateNames[t.state]}
          {t.suspendedUntil ? `至 ${dateTimeText(t.suspendedUntil)}` : ''}
        </Text>
      </View>
      {t.photos.length > 0 && (
        <View className='matchmaker-report__photos'>
          {t.photos.map((photo) => (
            <Image key={photo.fileId} className='matchmaker-report__photo' src={photo.thumbUrl ?? photo.url} mode='aspectFill' onClick={() => void Taro.previewImage({ urls, current: photo.url })} />
          ))}
        </View>
      )}
      {t.intro && <Text className='matchmaker-report__intro'>{t.intro}</Text>}
    </View>
  )
}

function Messages({ r }: { r: DatingReportDetail }) {
  if (!r.messages) return null
  const nickname = r.target?.nickname ?? '被举报人'
  return (
    <View className='matchmaker-report__card'>
      <Text className='matchmaker-report__title'>聊天记录（最近 {r.messages.length} 条，查看已记录）</Text>
      {r.messages.length === 0 && <Text className='matchmaker-report__meta'>两人没有聊过天</Text>}
      {r.messages.map((m) => (
        <View key={m.id} className={cx('matchmaker-report__message', m.fromTarget && 'matchmaker-report__message--target')}>
          <Text className='matchmaker-report__sender'>
            {m.fromTarget ? nickname : (r.reporter.nickname ?? '举报人')} · {dateTimeText(m.createdAt)}
          </Text>
          {m.image ? (
            <Image className='matchmaker-report__chat-image' src={m.image.thumbUrl ?? m.image.url} mode='aspectFit' onClick={() => void Taro.previewImage({ urls: [m.image?.url ?? ''] })} />
          ) : (
            <Text className='matchmaker-report__text'>{m.text ?? '（图片已失效）'}</Text>
          )}
        </View>
      ))}
    </View>
  )
}

/** One report: who is reported, why, earlier reports on them and the chat as evidence; then the decision. */
export default function MatchmakerReportPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const report = useResource(`matchmaker-report:${id}`, () => api.dating.reportDetail({ reportId: id }), { enabled: valid })
  usePullToRefresh(() => report.reload())

  if (!report.data) {
    return (
      <PageShell className='matchmaker-report'>
        {!valid ? (
          <LoadFailure error={{ message: '举报链接无效', notMember: false, code: 'NOT_FOUND' }} onRetry={() => void report.reload()} />
        ) : report.error ? (
          <LoadFailure error={report.error} onRetry={() => void report.reload()} />
        ) : (
          <PageState kind='loading' />
        )}
      </PageShell>
    )
  }
  const r = report.data
  return (
    <PageShell className='matchmaker-report'>
      <View className='matchmaker-report__card'>
        <View className='matchmaker-report__head'>
          <Text className='matchmaker-report__name'>{reportReasonNames[r.reason]}</Text>
          <Text className={cx('matchmaker-report__status', `matchmaker-report__status--${r.status}`)}>{reportStatusNames[r.status]}</Text>
        </View>
        <Text className='matchmaker-report__meta'>
          举报人：{r.reporter.nickname ?? '已注销的会员'} · {dateTimeText(r.createdAt)}
        </Text>
        <Text className='matchmaker-report__detail'>{r.detail || '（举报人未填写补充说明）'}</Text>
        {r.handledAt && (
          <Text className='matchmaker-report__meta'>
            {dateTimeText(r.handledAt)} 已处理{r.handlingNote ? `：${r.handlingNote}` : ''}
          </Text>
        )}
      </View>
      <Target r={r} />
      {r.earlier.length > 0 && (
        <View className='matchmaker-report__card'>
          <Text className='matchmaker-report__title'>对该会员的其他举报（{r.earlier.length}）</Text>
          {r.earlier.map((e) => (
            <Text key={e.reportId} className='matchmaker-report__meta'>
              {dateTimeText(e.createdAt)} · {reportReasonNames[e.reason]} · {reportStatusNames[e.status]}
              {e.handlingNote ? `：${e.handlingNote}` : ''}
            </Text>
          ))}
        </View>
      )}
      <Messages r={r} />
      {r.canHandle ? (
        <HandleForm
          reportId={r.reportId}
          onDone={async (toast) => {
            await report.reload()
            void Taro.showToast({ title: toast, icon: 'none', duration: 2500 })
          }}
        />
      ) : (
        r.status === 'open' && <Text className='matchmaker-report__note'>这条举报与您本人有关，请由其他红娘处理</Text>
      )}
    </PageShell>
  )
}
