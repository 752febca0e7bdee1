import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import type { GrantRow } from '../../../shared/api'
import { roleNames } from '../../../shared/roles'
import { dateText } from '../../../utils/time'

interface GrantRowViewProps {
  grant: GrantRow
  /** Admins cannot revoke their own grants; the server refuses it too. */
  own: boolean
  revoking: boolean
  onRevoke: (grant: GrantRow) => void
}

export function GrantRowView({ grant: g, own, revoking, onRevoke }: GrantRowViewProps) {
  return (
    <View className='grant-row'>
      <View className='grant-row__head'>
        <Text className='grant-row__name'>{g.holder.name}</Text>
        {g.holder.memberNo && <Text className='grant-row__no'>{g.holder.memberNo}</Text>}
        <Text className={`grant-row__role grant-row__role--${g.role}`}>{roleNames[g.role]}</Text>
      </View>
      <View className='grant-row__facts'>
        <Text>范围：{g.branch.fullName}</Text>
        <Text>
          由 {g.grantedBy} 于 {dateText(g.grantedAt)} 授予
        </Text>
      </View>
      <View className='grant-row__actions'>
        {own ? (
          <Text className='grant-row__own'>本人角色</Text>
        ) : (
          <Button className='grant-row__revoke' loading={revoking} disabled={revoking} onClick={() => onRevoke(g)}>
            撤销
          </Button>
        )}
      </View>
    </View>
  )
}
