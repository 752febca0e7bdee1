import Taro from '@tarojs/taro'

export async function openDocument(url: string, fileType: 'pdf' | 'xlsx' = 'pdf', options: { keep?: boolean } = {}): Promise<void> {
  const { tempFilePath, statusCode } = await Taro.downloadFile({ url })
  if (statusCode !== 200) throw new Error('文件下载失败，请稍后重试')
  // An export is the user's own file to keep or send on; a claim's documents are only shown.
  await Taro.openDocument({ filePath: tempFilePath, fileType, showMenu: fileType === 'xlsx' || options.keep === true })
}
