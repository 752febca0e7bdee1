import Taro from '@tarojs/taro'

export const canScanCode = true

export async function scanCode(): Promise<string | null> {
  try {
    // Only the camera: a screenshot of the code sent from the venue must not check anyone in.
    const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
    return result
  } catch {
    // Closing the scanner rejects; it is not an error to report.
    return null
  }
}
