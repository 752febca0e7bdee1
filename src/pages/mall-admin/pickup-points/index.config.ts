export default definePageConfig({
  navigationBarTitleText: '自提点管理',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
