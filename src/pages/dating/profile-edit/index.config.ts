export default definePageConfig({
  navigationBarTitleText: '我的鹊桥会资料',
})
