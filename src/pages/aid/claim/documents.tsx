import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { errorText } from '../../../api'
import { openDocument } from '../../../platform/open-document'
import { claimDocTypes } from '../../../shared/aid/claim-types'
import type { ClaimDocument } from '../../../shared/api'

/** The claim's documents by round: those filed with it, then each 补充材料 upload. Tap to view. */
export function ClaimDocuments({ documents }: { documents: ClaimDocument[] }) {
  if (documents.length === 0) return <Text className='aid-claim__muted'>没有可查看的材料</Text>
  const images = documents.filter((d) => d.file.type !== 'application/pdf')
  const view = (doc: ClaimDocument) => {
    if (doc.file.type === 'application/pdf') {
      openDocument(doc.read.url).catch((error: unknown) => void Taro.showToast({ title: errorText(error), icon: 'none' }))
      return
    }
    void Taro.previewImage({ urls: images.map((d) => d.read.url), current: doc.read.url })
  }
  const rounds = [...new Set(documents.map((d) => d.round))]
  return (
    <View className='aid-claim__documents'>
      {rounds.map((round) => (
        <View key={round} className='aid-claim__round'>
          <Text className='aid-claim__round-title'>{round === 0 ? '申请时提交' : `第 ${round} 次补充`}</Text>
          <View className='aid-claim__tiles'>
            {documents
              .filter((d) => d.round === round)
              .map((doc) => (
                <View key={doc.file.id} className='aid-claim__doc' onClick={() => view(doc)}>
                  {doc.file.type === 'application/pdf' ? (
                    <View className='aid-claim__doc-pdf'>
                      <Text className='aid-claim__doc-pdf-mark'>PDF</Text>
                      <Text className='aid-claim__doc-pdf-name'>{doc.file.name}</Text>
                    </View>
                  ) : (
                    <Image className='aid-claim__doc-image' src={doc.read.thumbUrl ?? doc.read.url} mode='aspectFill' />
                  )}
                  <Text className='aid-claim__doc-type'>{claimDocTypes[doc.docType]}</Text>
                </View>
              ))}
          </View>
        </View>
      ))}
    </View>
  )
}
