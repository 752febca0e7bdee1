export default definePageConfig({
  navigationBarTitleText: '互助申请详情',
  enablePullDownRefresh: true,
})
