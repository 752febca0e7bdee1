import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { errorText } from '../../../api'
import { openDocument } from '../../../platform/open-document'
import type { ThreadFile } from '../../../shared/api'

/** Attachments of the question or of a message: images preview in a swipe viewer, PDFs open in the document viewer. */
export function ThreadFiles({ files }: { files: ThreadFile[] }) {
  if (files.length === 0) return null
  const images = files.filter((f) => f.file.type !== 'application/pdf')
  const view = (f: ThreadFile) => {
    if (f.file.type === 'application/pdf') {
      openDocument(f.read.url).catch((error: unknown) => void Taro.showToast({ title: errorText(error), icon: 'none' }))
      return
    }
    void Taro.previewImage({ urls: images.map((i) => i.read.url), current: f.read.url })
  }
  return (
    <View className='legal-question__files'>
      {files.map((f) => (
        <View key={f.file.id} className='legal-question__file' onClick={() => view(f)}>
          {f.file.type === 'application/pdf' ? (
            <View className='legal-question__file-pdf'>
              <Text className='legal-question__file-mark'>PDF</Text>
              <Text className='legal-question__file-name'>{f.file.name}</Text>
            </View>
          ) : (
            <Image className='legal-question__file-image' src={f.read.thumbUrl ?? f.read.url} mode='aspectFill' />
          )}
        </View>
      ))}
    </View>
  )
}
