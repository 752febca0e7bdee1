export default definePageConfig({
  navigationBarTitleText: '商城管理',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
