export default definePageConfig({
  navigationBarTitleText: '职工课堂',
  enablePullDownRefresh: true,
})
