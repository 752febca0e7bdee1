export default definePageConfig({
  navigationBarTitleText: '预算管理',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
