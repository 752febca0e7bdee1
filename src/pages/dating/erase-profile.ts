import Taro from '@tarojs/taro'
import { api } from '../../api'
import { useAction } from '../../hooks/use-action'

/**
 * 注销: asks once, spelling out what goes, then erases the member's profile. Used by the edit page
 * and, for a profile a matchmaker closed (which has no edit page), by the hub.
 */
export function useEraseProfile(onErased: () => void) {
  return useAction(async () => {
    const { confirm } = await Taro.showModal({
      title: '注销鹊桥会资料',
      content: '注销后您的照片、资料、喜欢记录和所有聊天将被删除，配对全部解除，且不能恢复。确定注销吗？',
      confirmText: '注销',
      confirmColor: '#c4161c',
      cancelText: '再想想',
    })
    if (!confirm) return
    await api.dating.deleteProfile({ confirm: true })
    void Taro.showToast({ title: '已注销', icon: 'success' })
    onErased()
  })
}
