export default definePageConfig({
  navigationBarTitleText: '审核互助申请',
  enablePullDownRefresh: true,
})
