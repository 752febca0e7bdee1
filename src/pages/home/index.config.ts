export default definePageConfig({
  navigationBarTitleText: '嘉兴网上职工之家',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
