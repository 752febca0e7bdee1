export default definePageConfig({
  navigationBarTitleText: '互助参保',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
