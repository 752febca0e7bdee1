export default definePageConfig({
  navigationBarTitleText: '浏览图书',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
