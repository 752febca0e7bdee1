export default definePageConfig({
  navigationBarTitleText: '发布到常见问题',
})
