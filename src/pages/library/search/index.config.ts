export default definePageConfig({
  navigationBarTitleText: '搜索图书',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
