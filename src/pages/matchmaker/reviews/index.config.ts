export default definePageConfig({
  navigationBarTitleText: '资料审核',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
