export default definePageConfig({
  navigationBarTitleText: '互助审核',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
