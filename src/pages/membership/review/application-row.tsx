import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import type { ApplicationForReview } from '../../../shared/api'
import { dateTimeText } from '../../../utils/time'

const statusText = { pending: '待审核', approved: '已通过', rejected: '已驳回' } as const

interface ApplicationRowProps {
  application: ApplicationForReview
  approving: boolean
  onApprove: (application: ApplicationForReview) => void
  onReject: (application: ApplicationForReview) => void
}

export function ApplicationRow({ application: a, approving, onApprove, onReject }: ApplicationRowProps) {
  return (
    <View className={`application-row application-row--${a.status}`}>
      <View className='application-row__head'>
        <Text className='application-row__name'>{a.name}</Text>
        <Text className={`application-row__status application-row__status--${a.status}`}>{statusText[a.status]}</Text>
      </View>
      <View className='application-row__facts'>
        <Text>手机号码：{a.phoneMasked}</Text>
        <Text>身份证尾号：{a.idLast4}</Text>
        <Text>申请工会：{a.branch.fullName}</Text>
        <Text>{a.status === 'pending' ? '提交时间' : '更新时间'}：{dateTimeText(a.submittedAt)}</Text>
        {a.rejectReason && <Text className='application-row__reason'>驳回原因：{a.rejectReason}</Text>}
      </View>
      {a.status === 'pending' && (
        <View className='application-row__actions'>
          <Button className='application-row__reject' disabled={approving} onClick={() => onReject(a)}>
            驳回
          </Button>
          <Button
            className='application-row__approve'
            type='primary'
           
            loading={approving}
            disabled={approving}
            onClick={() => onApprove(a)}
          >
            通过
          </Button>
        </View>
      )}
    </View>
  )
}
