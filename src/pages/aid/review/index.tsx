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
import { openDocument } from '../../../platform/open-document'
import { claimDocTypes, claimEventKinds, claimStatuses, claimTypes } from '../../../shared/aid/claim-types'
import { formatFen } from '../../../shared/aid/money'
import type { ClaimForReview, ReviewDocument } from '../../../shared/api'
import { cx } from '../../../utils/cx'
import { dateText, dateTimeText } from '../../../utils/time'
import { ApproveSheet, AskDocumentsSheet, PaymentSheet } from './sheets'
import './index.scss'

type Sheet = 'ask' | 'approve' | 'reject' | 'pay' | null

function Documents({ documents }: { documents: ReviewDocument[] }) {
  const images = documents.filter((d) => d.type !== 'application/pdf')
  const open = useAction(async (doc: ReviewDocument) => {
    if (doc.type === 'application/pdf') await openDocument(doc.url)
    else await Taro.previewImage({ urls: images.map((d) => d.url), current: doc.url })
  })
  if (!documents.length) return <Text className='claim-review__muted'>暂无材料</Text>
  return (
    <View className='claim-review__docs'>
      {documents.map((doc) => (
        <View key={doc.id} className='claim-review__doc' onClick={() => void open.run(doc)}>
          {doc.thumbUrl ? (
            <Image className='claim-review__thumb' src={doc.thumbUrl} mode='aspectFill' />
          ) : (
            <View className='claim-review__thumb claim-review__thumb--pdf'>
              <Text>PDF</Text>
            </View>
          )}
          <Text className='claim-review__doc-type'>{claimDocTypes[doc.docType]}</Text>
        </View>
      ))}
    </View>
  )
}

function Facts({ claim }: { claim: ClaimForReview }) {
  const bill = claim.bill
  return (
    <View className='claim-review__card'>
      <View className='claim-review__head'>
        <Text className='claim-review__name'>{claim.memberName}</Text>
        <Text className={cx('claim-review__status', `claim-review__status--${claim.status}`)}>{claimStatuses[claim.status]}</Text>
        {claim.overdue && <Text className='claim-review__overdue'>已超期</Text>}
      </View>
      <View className='claim-review__facts'>
        <Text>身份证尾号：{claim.idLast4}</Text>
        <Text>所在工会：{claim.branch.fullName}</Text>
        <Text>互助计划：{claim.planName}</Text>
        <Text>申请类型：{claimTypes[claim.claimType].label}</Text>
        {bill.hospital && <Text>就诊医院：{bill.hospital}</Text>}
        {bill.admittedOn && bill.dischargedOn && (
          <Text>
            就诊日期：{bill.admittedOn} 至 {bill.dischargedOn}
            {bill.hospitalDays !== null ? `（住院 ${bill.hospitalDays} 天）` : ''}
          </Text>
        )}
        {bill.criticalIllnessCode && <Text>重大疾病编码：{bill.criticalIllnessCode}</Text>}
        <Text>可报销金额：{formatFen(bill.eligibleFen)} 元</Text>
        <Text>提交时间：{dateTimeText(claim.submittedAt)}</Text>
      </View>
    </View>
  )
}

/** One claim for its reviewer: bill, the engine's figure and explanation, documents, timeline, and the actions open now. */
export default function ClaimReviewPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const claim = useResource(`aid-review:${id}`, () => api.aid.reviewClaim({ claimId: id }), { enabled: valid })
  const [sheet, setSheet] = useState<Sheet>(null)
  usePullToRefresh(() => claim.reload())

  const after = async (toast: string) => {
    setSheet(null)
    await claim.reload()
    void Taro.showToast({ title: toast, icon: 'none', duration: 2500 })
  }
  const take = useAction(async () => {
    await api.aid.takeClaim({ claimId: id })
    await after('已受理，请审核')
  })
  const release = useAction(async () => {
    const { confirm } = await Taro.showModal({ title: '退回队列', content: '退回后其他审核员可以受理该申请。', confirmText: '退回', confirmColor: '#c4161c' })
    if (!confirm) return
    await api.aid.releaseClaim({ claimId: id })
    await after('已退回队列')
  })

  if (!claim.data) {
    return (
      <PageShell className='claim-review'>
        {!valid ? (
          <LoadFailure error={{ message: '申请链接无效', notMember: false, code: 'NOT_FOUND' }} onRetry={() => void claim.reload()} />
        ) : claim.error ? (
          <LoadFailure error={claim.error} onRetry={() => void claim.reload()} />
        ) : (
          <PageState kind='loading' />
        )}
      </PageShell>
    )
  }
  const c = claim.data
  const busy = take.busy || release.busy
  return (
    <PageShell className='claim-review'>
      <Facts claim={c} />
      <View className='claim-review__card'>
        <Text className='claim-review__title'>计算金额 {formatFen(c.engine.payoutFen)} 元</Text>
        {c.engine.lines.map((line, i) => (
          <Text key={i} className='claim-review__line'>
            {line}
          </Text>
        ))}
        {c.approvedFen !== null && c.status === 'second_review' && (
          <Text className='claim-review__line'>
            初审核定 {formatFen(c.approvedFen)} 元{c.overrideReason ? `（原因：${c.overrideReason}）` : ''}
          </Text>
        )}
        {c.payoutFen !== null && (
          <>
            <Text className='claim-review__title'>已核准互助金 {formatFen(c.payoutFen)} 元</Text>
            {c.payoutLines.map((line, i) => (
              <Text key={i} className='claim-review__line'>
                {line}
              </Text>
            ))}
          </>
        )}
        {c.payment && (
          <Text className='claim-review__line'>
            {dateText(c.payment.paidAt)} 已转入尾号 {c.payment.bankLast4} 的账户，流水号 {c.payment.transferRef}
          </Text>
        )}
      </View>
      <View className='claim-review__card'>
        <Text className='claim-review__title'>申请材料</Text>
        {c.holder === 'me' || c.documents.length ? <Documents documents={c.documents} /> : <Text className='claim-review__muted'>受理后可查看材料，每次查看都会记录</Text>}
      </View>
      <View className='claim-review__card'>
        <Text className='claim-review__title'>办理记录</Text>
        {c.events.map((e, i) => (
          <View key={i} className='claim-review__event'>
            <Text className='claim-review__event-time'>{dateTimeText(e.at)}</Text>
            <Text>
              {claimEventKinds[e.kind]}
              {e.note ? `：${e.note}` : ''}
            </Text>
          </View>
        ))}
      </View>
      <View className='claim-review__actions'>
        {c.can.take && (
          <Button className='claim-review__take' type='primary' loading={take.busy} disabled={busy} onClick={() => void take.run()}>
            {c.status === 'second_review' ? '受理复核' : '受理'}
          </Button>
        )}
        {c.can.release && (
          <Button className='claim-review__release' disabled={busy} onClick={() => void release.run()}>
            退回队列
          </Button>
        )}
        {c.can.askForDocuments && (
          <Button className='claim-review__ask' disabled={busy} onClick={() => setSheet('ask')}>
            补充材料
          </Button>
        )}
        {c.can.reject && (
          <Button className='claim-review__reject' disabled={busy} onClick={() => setSheet('reject')}>
            拒赔
          </Button>
        )}
        {c.can.approve && (
          <Button className='claim-review__approve' type='primary' disabled={busy} onClick={() => setSheet('approve')}>
            {c.status === 'second_review' ? '复核通过' : '核准'}
          </Button>
        )}
        {c.can.recordPayment && (
          <Button className='claim-review__pay' type='primary' disabled={busy} onClick={() => setSheet('pay')}>
            登记支付
          </Button>
        )}
      </View>
      <AskDocumentsSheet
        claim={c}
        visible={sheet === 'ask'}
        onClose={() => setSheet(null)}
        onSubmit={async (value) => {
          await api.aid.askForDocuments({ claimId: id, ...value })
          await after('已通知申请人补充材料')
        }}
      />
      <ApproveSheet
        claim={c}
        visible={sheet === 'approve'}
        onClose={() => setSheet(null)}
        onSubmit={async (value) => {
          const result = await api.aid.approveClaim({ claimId: id, ...value })
          await after(result.status === 'second_review' ? '已核准，等待上级复核' : `已核准 ${formatFen(result.payoutFen ?? 0)} 元`)
        }}
      />
      <PaymentSheet
        claim={c}
        visible={sheet === 'pay'}
        onClose={() => setSheet(null)}
        onSubmit={async (value) => {
          await api.aid.recordPayment({ claimId: id, ...value })
          await after('已登记支付')
        }}
      />
      <PromptDialog
        className='claim-review__reject-dialog'
        visible={sheet === 'reject'}
        title='拒赔'
        subject={`${c.memberName} 的申请`}
        label='拒赔原因'
        multiline
        maxLength={200}
        placeholder='请写明原因，申请人可以看到'
        confirmText='确认拒赔'
        validate={(reason) => (reason.length < 2 ? '请填写拒赔原因（2–200 字）' : null)}
        onSubmit={async (reason) => {
          await api.aid.rejectClaim({ claimId: id, reason })
          await after('已拒赔')
        }}
        onClose={() => setSheet(null)}
      />
    </PageShell>
  )
}
