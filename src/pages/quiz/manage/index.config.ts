export default definePageConfig({
  navigationBarTitleText: '测验管理',
  enablePullDownRefresh: true,
})
