export default definePageConfig({
  navigationBarTitleText: '导入题目',
})
