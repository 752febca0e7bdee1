export default definePageConfig({
  navigationBarTitleText: '测验详情',
  enablePullDownRefresh: true,
})
