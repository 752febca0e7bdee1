export default definePageConfig({
  navigationBarTitleText: '我的医疗互助',
  enablePullDownRefresh: true,
})
