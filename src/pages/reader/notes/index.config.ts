export default definePageConfig({
  navigationBarTitleText: '书签与笔记',
  enablePullDownRefresh: true,
})
