export default definePageConfig({
  navigationBarTitleText: '法律咨询工作台',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
