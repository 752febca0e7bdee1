import Taro from '@tarojs/taro'

/**
 * Opens the WeChat camera for a QR code. Null when the user closed the camera, or when the code
 * could not be read (then `unreadableHint` is shown). Only the weapp build calls it.
 */
export async function scanQrCode(unreadableHint: string): Promise<string | null> {
  try {
    const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
    return result
  } catch (error) {
    // Closing the camera is not an error worth a message.
    const message = error instanceof Object && 'errMsg' in error ? String(error.errMsg) : ''
    if (!message.includes('cancel')) void Taro.showToast({ title: unreadableHint, icon: 'none' })
    return null
  }
}
