import { Text, View } from '@tarojs/components'
import type { CertificateDetail } from '../../../shared/api'
import { certificateDay, chineseDate } from '../../../shared/course/certificate-text'
import { completedViaNames } from '../../../shared/course/names'

/**
 * The certificate as the PDF draws it, in the page's own shapes: a red and gold frame, 结业证书,
 * the member, the course, the issuing union and its seal.
 */
export function CertificateCard({ certificate }: { certificate: CertificateDetail }) {
  return (
    <View className='certificate-card'>
      <View className='certificate-card__frame'>
        <Text className='certificate-card__brand'>嘉兴网上职工之家 · 职工课堂</Text>
        <Text className='certificate-card__title'>结业证书</Text>
        <Text className='certificate-card__latin'>CERTIFICATE OF COMPLETION</Text>
        <View className='certificate-card__rule' />
        <Text className='certificate-card__name'>{certificate.memberName} 同志：</Text>
        <Text className='certificate-card__text'>
          于 {certificateDay(certificate.issuedDay)} 通过{completedViaNames[certificate.via]}，完成职工课堂课程《{certificate.courseTitle}》的全部学习内容，经考核合格，特发此证。
        </Text>
        <View className='certificate-card__issuer'>
          <View className='certificate-card__seal'>
            <Text className='certificate-card__seal-star'>★</Text>
            <Text className='certificate-card__seal-text'>结业证书专用</Text>
          </View>
          <Text className='certificate-card__issuer-name'>{certificate.issuerName}</Text>
          <Text className='certificate-card__issuer-date'>{chineseDate(certificate.issuedDay)}</Text>
        </View>
      </View>
    </View>
  )
}
