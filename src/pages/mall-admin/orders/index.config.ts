export default definePageConfig({
  navigationBarTitleText: '订单处理',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
