import { Button } from '@nutui/nutui-react-taro'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import type { DatingReviewDetail, PhotoView, RevisionContent } from '../../../shared/api'
import { contentCheckNames, datingLimits, educationNames, maritalNames, profileStateNames, revisionStatusNames } from '../../../shared/dating/names'
import { revisionFieldNames } from '../../../shared/dating/review-names'
import type { RevisionField } from '../../../shared/dating/review-names'
import { cx } from '../../../utils/cx'
import { dateTimeText } from '../../../utils/time'
import { Highlighted } from './highlight'
import { memberFactsText } from '../member-facts'
import './index.scss'

type TextField = Exclude<RevisionField, 'photos'>
const textFields: TextField[] = ['nickname', 'heightCm', 'education', 'marital', 'occupation', 'hometown', 'interests', 'intro']

function valueText(content: RevisionContent, field: TextField): string {
  switch (field) {
    case 'heightCm':
      return `${content.heightCm} cm`
    case 'education':
      return educationNames[content.education]
    case 'marital':
      return maritalNames[content.marital]
    case 'interests':
      return content.interests.join('、') || '（未填）'
    default:
      return content[field] || '（未填）'
  }
}

function Photos({ photos, fresh }: { photos: PhotoView[]; fresh?: Set<number> }) {
  const urls = photos.map((p) => p.url)
  return (
    <View className='matchmaker-review__photos'>
      {photos.map((photo, i) => (
        <View key={photo.fileId} className='matchmaker-review__photo' onClick={() => void Taro.previewImage({ urls, current: photo.url })}>
          <Image className='matchmaker-review__photo-image' src={photo.thumbUrl ?? photo.url} mode='aspectFill' />
          {i === 0 && <Text className='matchmaker-review__photo-tag'>头像</Text>}
          {fresh?.has(photo.fileId) && <Text className='matchmaker-review__photo-tag matchmaker-review__photo-tag--new'>新</Text>}
        </View>
      ))}
    </View>
  )
}

function Fields({ r }: { r: DatingReviewDetail }) {
  const changed = new Set(r.changed)
  return (
    <View className='matchmaker-review__card'>
      <Text className='matchmaker-review__title'>文字资料{r.approved ? '（标色为本次改动）' : ''}</Text>
      {textFields.map((field) => {
        const isChanged = r.approved !== null && changed.has(field)
        return (
          <View key={field} className={cx('matchmaker-review__field', `matchmaker-review__field--${field}`, isChanged && 'matchmaker-review__field--changed')}>
            <Text className='matchmaker-review__label'>{revisionFieldNames[field]}</Text>
            <View className='matchmaker-review__values'>
              <Highlighted className='matchmaker-review__value' text={valueText(r.content, field)} words={r.wordHits} />
              {isChanged && r.approved && <Text className='matchmaker-review__old'>原：{valueText(r.approved.content, field)}</Text>}
            </View>
          </View>
        )
      })}
    </View>
  )
}

/** One submitted profile beside the version others see now: approve it, or reject it with a reason. */
export default function MatchmakerReviewPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const review = useResource(`matchmaker-review:${id}`, () => api.dating.reviewDetail({ revisionId: id }), { enabled: valid })
  const [rejecting, setRejecting] = useState(false)
  usePullToRefresh(() => review.reload())

  const after = async (toast: string) => {
    setRejecting(false)
    await review.reload()
    void Taro.showToast({ title: toast, icon: 'none', duration: 2500 })
  }
  const approve = useAction(async () => {
    const { confirm } = await Taro.showModal({ title: '通过审核', content: '通过后，其他会员将看到这份资料。', confirmText: '通过' })
    if (!confirm) return
    await api.dating.approveRevision({ revisionId: id })
    await after('已通过，已通知会员')
  })

  if (!review.data) {
    return (
      <PageShell className='matchmaker-review'>
        {!valid ? (
          <LoadFailure error={{ message: '审核链接无效', notMember: false, code: 'NOT_FOUND' }} onRetry={() => void review.reload()} />
        ) : review.error ? (
          <LoadFailure error={review.error} onRetry={() => void review.reload()} />
        ) : (
          <PageState kind='loading' />
        )}
      </PageShell>
    )
  }
  const r = review.data
  const m = r.member
  const approvedIds = new Set(r.approved?.photos.map((p) => p.fileId) ?? [])
  const fresh = new Set(r.approved ? r.photos.filter((p) => !approvedIds.has(p.fileId)).map((p) => p.fileId) : [])
  return (
    <PageShell className='matchmaker-review'>
      <View className='matchmaker-review__card'>
        <View className='matchmaker-review__head'>
          <Text className='matchmaker-review__name'>{m.nickname}</Text>
          <Text className='matchmaker-review__facts'>{memberFactsText(m)}</Text>
          <Text className={cx('matchmaker-review__status', `matchmaker-review__status--${r.status}`)}>{revisionStatusNames[r.status]}</Text>
        </View>
        <Text className='matchmaker-review__meta'>
          {r.approved ? `修改资料 · 改动：${r.changed.map((f) => revisionFieldNames[f]).join('、') || '无'}` : '首次提交'} · {dateTimeText(r.submittedAt)} 提交
        </Text>
        <Text className='matchmaker-review__meta'>
          资料状态：{r.approved ? profileStateNames[m.state] : '尚未展示（首次审核通过后展示）'} · {contentCheckNames[r.contentCheck]}
        </Text>
        {r.wordHits.length > 0 && <Text className='matchmaker-review__hits'>命中敏感词：{r.wordHits.join('、')}（下方已标红）</Text>}
        {r.rejectReason && <Text className='matchmaker-review__hits'>未通过原因：{r.rejectReason}</Text>}
        {r.reviewedAt && <Text className='matchmaker-review__meta'>{dateTimeText(r.reviewedAt)} 已审核</Text>}
      </View>
      <View className={cx('matchmaker-review__card', r.approved && r.changed.includes('photos') && 'matchmaker-review__card--changed')}>
        <Text className='matchmaker-review__title'>提交的照片（{r.photos.length} 张，第一张为头像）</Text>
        <Photos photos={r.photos} fresh={fresh} />
        {r.approved && r.changed.includes('photos') && (
          <>
            <Text className='matchmaker-review__subtitle'>原照片</Text>
            <Photos photos={r.approved.photos} />
          </>
        )}
      </View>
      <Fields r={r} />
      {r.history.length > 0 && (
        <View className='matchmaker-review__card'>
          <Text className='matchmaker-review__title'>此前的审核</Text>
          {r.history.map((h) => (
            <Text key={h.revisionId} className='matchmaker-review__meta'>
              {dateTimeText(h.submittedAt)} 提交 · {revisionStatusNames[h.status]}
              {h.rejectReason ? `：${h.rejectReason}` : ''}
            </Text>
          ))}
        </View>
      )}
      {r.canDecide ? (
        <View className='matchmaker-review__actions'>
          <Button className='matchmaker-review__reject' disabled={approve.busy} onClick={() => setRejecting(true)}>
            不通过
          </Button>
          <Button className='matchmaker-review__approve' type='primary' loading={approve.busy} onClick={() => void approve.run()}>
            通过
          </Button>
        </View>
      ) : (
        r.status === 'pending' && <Text className='matchmaker-review__note'>这是您本人的资料，请由其他红娘审核</Text>
      )}
      <PromptDialog
        className='matchmaker-review__reject-dialog'
        visible={rejecting}
        title='不通过'
        subject={`「${m.nickname}」的资料`}
        label='原因'
        multiline
        maxLength={datingLimits.rejectReasonMaxLength}
        placeholder='请写明原因和修改建议，会员可以看到'
        confirmText='确认不通过'
        validate={(reason) => (reason.length < 2 ? `请填写原因（2–${datingLimits.rejectReasonMaxLength} 字）` : null)}
        onSubmit={async (reason) => {
          await api.dating.rejectRevision({ revisionId: id, reason })
          await after('已退回，已通知会员')
        }}
        onClose={() => setRejecting(false)}
      />
    </PageShell>
  )
}
