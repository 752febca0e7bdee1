import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { QrCode } from '../../../components/qr-code'
import { useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { openDocument } from '../../../platform/open-document'
import { routes, withQuery } from '../../../routes'
import { groupedCode } from '../../../shared/course/certificate-text'
import { openPage } from '../../../utils/navigate'
import { CertificateCard } from './certificate-card'
import './index.scss'

/** One 结业证书 of the member's: drawn on the page, its code and QR code for checking, and the PDF. */
export default function CourseCertificatePage() {
  const code = useRouter().params.code ?? ''
  const certificate = useResource(`course-certificate-${code}`, () => api.course.certificate({ code }))
  // Drawn on the first download (a second or so), kept after that.
  const download = useAction(async () => {
    const file = await api.course.certificateFile({ code })
    await openDocument(file.url, 'pdf', { keep: true })
  })

  const data = certificate.data
  return (
    <PageShell className='course-certificate'>
      {certificate.status === 'loading' && <PageState kind='loading' />}
      {certificate.error && <LoadFailure error={certificate.error} onRetry={() => void certificate.reload()} />}
      {data && (
        <>
          <CertificateCard certificate={data} />
          <View className='course-certificate__check'>
            <QrCode className='course-certificate__qr' text={data.verifyUrl} />
            <View className='course-certificate__check-text'>
              <Text className='course-certificate__label'>证书编号</Text>
              <Text className='course-certificate__code'>{groupedCode(data.code)}</Text>
              <Text className='course-certificate__hint'>他人扫描二维码，或在“证书查验”页输入编号，即可查验证书真伪（姓名部分隐去）。</Text>
            </View>
          </View>
          <View className='course-certificate__actions'>
            <Button type='primary' block loading={download.busy} disabled={download.busy} onClick={() => void download.run()}>
              {download.busy ? '正在生成证书…' : '下载证书（PDF）'}
            </Button>
            <Button block onClick={() => void openPage(withQuery(routes.certificateVerify, { code: data.code }))}>
              查验证书
            </Button>
            <Button block fill='none' onClick={() => void openPage(withQuery(routes.courseDetail, { id: data.courseId }))}>
              查看课程
            </Button>
          </View>
        </>
      )}
    </PageShell>
  )
}
