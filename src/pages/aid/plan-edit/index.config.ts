export default definePageConfig({
  navigationBarTitleText: '编辑互助计划',
})
