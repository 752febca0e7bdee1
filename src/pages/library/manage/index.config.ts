export default definePageConfig({
  navigationBarTitleText: '图书管理',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
