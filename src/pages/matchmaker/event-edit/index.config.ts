export default definePageConfig({
  navigationBarTitleText: '编辑联谊活动',
})
