export default definePageConfig({
  navigationBarTitleText: '我的互助申请',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
