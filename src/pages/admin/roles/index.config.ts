export default definePageConfig({
  navigationBarTitleText: '角色授权',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
