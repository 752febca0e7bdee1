export default definePageConfig({
  navigationBarTitleText: '互助计划',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
