import Taro from '@tarojs/taro'

export function showBusy(): void {
  void Taro.showLoading({ title: '加载中', mask: true })
}

export function hideBusy(): void {
  Taro.hideLoading()
}

export function showFailure(message: string): void {
  void Taro.showToast({ title: message, icon: 'none' })
}
