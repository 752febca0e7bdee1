export default definePageConfig({
  navigationBarTitleText: '援助与调解案件',
  enablePullDownRefresh: true,
})
