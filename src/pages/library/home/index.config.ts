export default definePageConfig({
  navigationBarTitleText: '电子书屋',
  enablePullDownRefresh: true,
})
