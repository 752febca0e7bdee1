import { Button, Text, View } from '@tarojs/components'
import { routes } from '../../routes'
import type { MembershipStatus } from '../../shared/api'
import { relativeTimeText } from '../../utils/time'
import { openPage } from '../../utils/navigate'

const go = (url: string) => () => void openPage(url)

/** The member card entry, or where the user stands on the way to becoming a member. */
export function MemberPanel({ status }: { status: MembershipStatus }) {
  const { member, application } = status
  if (member) {
    return (
      <View className='member-panel member-panel--card' onClick={go(routes.card)}>
        <View className='member-panel__card-top'>
          <Text className='member-panel__brand'>嘉工卡</Text>
          <Text className='member-panel__no'>{member.memberNo}</Text>
        </View>
        <Text className='member-panel__name'>{member.name}</Text>
        <Text className='member-panel__branch'>{member.branch.name}</Text>
        <Button className='member-panel__action member-panel__action--light'>出示会员码</Button>
      </View>
    )
  }
  if (application?.status === 'pending') {
    return (
      <View className='member-panel member-panel--pending'>
        <Text className='member-panel__status'>入会申请审核中</Text>
        <Text className='member-panel__hint'>
          已提交至 {application.branch.fullName}（{relativeTimeText(application.updatedAt)}），审核通过后即可领取嘉工卡。
        </Text>
        <Button className='member-panel__action' onClick={go(routes.join)}>
          查看申请
        </Button>
      </View>
    )
  }
  if (application?.status === 'rejected') {
    return (
      <View className='member-panel member-panel--rejected'>
        <Text className='member-panel__status'>入会申请未通过</Text>
        {application.rejectReason && <Text className='member-panel__hint'>原因：{application.rejectReason}</Text>}
        <Button className='member-panel__action' onClick={go(routes.join)}>
          修改后重新申请
        </Button>
      </View>
    )
  }
  return (
    <View className='member-panel member-panel--none'>
      <Text className='member-panel__status'>您还不是认证会员</Text>
      <Text className='member-panel__hint'>完成入会认证后，可领取电子会员卡「嘉工卡」，查看工会通知、享受会员服务。</Text>
      <Button className='member-panel__action member-panel__action--primary' onClick={go(routes.join)}>
        申请入会
      </Button>
    </View>
  )
}
