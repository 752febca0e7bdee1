import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { routes } from '../../../routes'
import type { MembershipStatus, MyApplication } from '../../../shared/api'
import { dateText, dateTimeText } from '../../../utils/time'
import { redirectPage } from '../../../utils/navigate'

function ApplicationFacts({ application }: { application: MyApplication }) {
  return (
    <View className='join-status__facts'>
      <Text>姓名：{application.name}</Text>
      <Text>手机号码：{application.phoneMasked}</Text>
      <Text>身份证号码：尾号 {application.idLast4}</Text>
      <Text>所属工会：{application.branch.fullName}</Text>
      <Text>更新时间：{dateTimeText(application.updatedAt)}</Text>
    </View>
  )
}

export function MemberStatus({ member }: { member: NonNullable<MembershipStatus['member']> }) {
  return (
    <View className='join-status join-status--member'>
      <Text className='join-status__title'>您已是认证会员</Text>
      <View className='join-status__facts'>
        <Text>会员号：{member.memberNo}</Text>
        <Text>所属工会：{member.branch.fullName}</Text>
        <Text>入会日期：{dateText(member.joinedAt)}</Text>
      </View>
      <Button type='primary' block onClick={() => void redirectPage(routes.card)}>
        查看嘉工卡
      </Button>
    </View>
  )
}

export function PendingStatus({ application }: { application: MyApplication }) {
  return (
    <View className='join-status join-status--pending'>
      <Text className='join-status__title'>入会申请审核中</Text>
      <Text className='join-status__hint'>所属工会审核通过后，您将自动成为会员并可领取嘉工卡。</Text>
      <ApplicationFacts application={application} />
    </View>
  )
}

export function RejectedStatus({ application, onResubmit }: { application: MyApplication; onResubmit: () => void }) {
  return (
    <View className='join-status join-status--rejected'>
      <Text className='join-status__title'>入会申请未通过</Text>
      <Text className='join-status__reason'>驳回原因：{application.rejectReason ?? '未说明'}</Text>
      <ApplicationFacts application={application} />
      <Button type='primary' block onClick={onResubmit}>
        修改后重新提交
      </Button>
    </View>
  )
}
