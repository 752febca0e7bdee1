export default definePageConfig({
  navigationBarTitleText: '互助统计',
  enablePullDownRefresh: true,
})
