import { Text, View } from '@tarojs/components'
import { membershipConsentVersion } from '../../../shared/consent'

/** PIPL notice: what is collected, why, how the ID number is kept, and the member's rights. */
export function ConsentNotice() {
  return (
    <View className='consent-notice'>
      <Text className='consent-notice__title'>个人信息处理告知</Text>
      <Text className='consent-notice__body'>
        为办理入会认证，嘉兴市总工会及您选择的基层工会将处理您的姓名、手机号码、身份证号码和所属工会，仅用于核实身份、入会审核和会员服务。
      </Text>
      <Text className='consent-notice__body'>
        身份证号码属于敏感个人信息：系统只保存其不可逆摘要和末 4 位，审核人员只能看到末 4 位和隐去中间四位的手机号码。未经您同意，不会向第三方提供。
      </Text>
      <Text className='consent-notice__body'>
        您可以联系所在工会查阅、更正或删除您的个人信息，也可以撤回本授权；撤回后将无法继续使用会员服务。
      </Text>
      <Text className='consent-notice__version'>告知版本 {membershipConsentVersion}</Text>
    </View>
  )
}
