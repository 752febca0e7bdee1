import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { useAction } from '../../../hooks/use-action'
import { healthConsentVersion } from '../../../shared/aid/claim-types'
import type { HealthConsent } from '../../../shared/api'

/**
 * The separate consent to health data, asked before the first claim (and again when the text
 * changes): what is collected, who sees it, how long it is kept. Nothing of the claim is sent before it.
 */
export function ConsentSheet({ onGiven }: { onGiven: (consent: HealthConsent) => void }) {
  const give = useAction(async () => onGiven(await api.aid.giveHealthConsent({ version: healthConsentVersion })))
  return (
    <View className='aid-claim-new__card aid-claim-new__consent'>
      <Text className='aid-claim-new__card-title'>健康信息使用授权</Text>
      <Text className='aid-claim-new__text'>
        申请医疗互助金需要提交您的就诊信息（医院、就诊日期、医疗费用）和病历材料（发票、出院小结、诊断证明等），其中包含健康信息，属于敏感个人信息。
      </Text>
      <Text className='aid-claim-new__text'>
        这些信息只用于审核和支付您的互助金。能查看的只有您本人、受理您申请的互助审核员，以及您所在工会范围内的互助管理员；工作人员每次查看材料都会留下记录。
      </Text>
      <Text className='aid-claim-new__text'>
        申请材料在申请办结后保存 5 年备查，撤回的申请其材料在 30 天后删除。您可以在「我的互助申请」中查看自己的全部记录。
      </Text>
      <Text className='aid-claim-new__muted'>授权版本 {healthConsentVersion}</Text>
      <Button className='aid-claim-new__consent-agree' type='primary' block loading={give.busy} disabled={give.busy} onClick={() => void give.run()}>
        同意并继续
      </Button>
    </View>
  )
}
