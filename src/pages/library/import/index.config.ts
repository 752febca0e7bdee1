export default definePageConfig({
  navigationBarTitleText: '导入电子书',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
