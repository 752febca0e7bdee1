// Taro's H5 scanCode is not implemented: the page shows a field for the code under the QR instead.
export const canScanCode = false

export async function scanCode(): Promise<string | null> {
  return null
}
