export default definePageConfig({
  navigationBarTitleText: '法律服务统计',
  enablePullDownRefresh: true,
})
