export default definePageConfig({
  navigationBarTitleText: '一站式结算导入',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
