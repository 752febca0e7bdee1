export default definePageConfig({
  navigationBarTitleText: '参保缴费确认',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
