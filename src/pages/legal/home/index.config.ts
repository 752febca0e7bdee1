export default definePageConfig({
  navigationBarTitleText: '在线律师',
  enablePullDownRefresh: true,
})
