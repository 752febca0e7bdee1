import Taro from '@tarojs/taro'

export async function openDocument(url: string): Promise<void> {
  const { tempFilePath, statusCode } = await Taro.downloadFile({ url })
  if (statusCode !== 200) throw new Error('文件下载失败，请稍后重试')
  await Taro.openDocument({ filePath: tempFilePath, fileType: 'pdf' })
}
