import Taro from '@tarojs/taro'

/** The one question both builds ask before unsaved changes are dropped. */
export async function askToLeave(message: string): Promise<boolean> {
  const { confirm } = await Taro.showModal({
    title: '放弃未保存的修改？',
    content: message,
    confirmText: '离开',
    cancelText: '继续编辑',
    confirmColor: '#c4161c',
  })
  return confirm
}
