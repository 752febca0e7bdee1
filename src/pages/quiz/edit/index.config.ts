export default definePageConfig({
  navigationBarTitleText: '编辑测验',
})
