export default definePageConfig({
  navigationBarTitleText: '联谊活动管理',
  enablePullDownRefresh: true,
})
