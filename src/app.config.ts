// Evaluated at build time: the demo login page exists only in the H5 build, since WeChat
// identifies users by openid.
const authPackage = process.env.TARO_ENV === 'h5' ? [{ root: 'pages/auth', pages: ['login/index'] }] : []

export default defineAppConfig({
  pages: ['pages/home/index', 'pages/card/index'],
  subPackages: [
    ...authPackage,
    { root: 'pages/account', pages: ['me/index'] },
    { root: 'pages/membership', pages: ['join/index', 'review/index'] },
    { root: 'pages/notice', pages: ['detail/index', 'manage/index', 'edit/index'] },
    { root: 'pages/admin', pages: ['roles/index', 'verify-card/index'] },
    { root: 'pages/points', pages: ['index/index', 'grant/index', 'budgets/index'] },
    { root: 'pages/mall', pages: ['index/index', 'item/index', 'orders/index', 'order/index'] },
    // Operators' screens stay out of the package every member downloads with the mall.
    { root: 'pages/mall-admin', pages: ['items/index', 'item-edit/index', 'orders/index', 'stats/index', 'pickup-points/index'] },
    // Opened from the home page's 消息 entry; the list costs the main package nothing.
    { root: 'pages/message', pages: ['index'] },
    // 医疗互助: members' coverage and claims; staff's plans, enrolment, settlement, review, payments and figures.
    { root: 'pages/aid', pages: ['coverage/index', 'plans/index', 'plan-edit/index', 'enrol-batch/index', 'payments/index', 'enrol/index', 'settlement/index', 'claims/index', 'claim/index', 'claim-new/index', 'review-queue/index', 'review/index', 'figures/index'] },
    // 在线律师: members ask, follow their questions and read 常见问题; lawyers work the queue and threads; legal_admins the roster, cases and figures.
    { root: 'pages/legal', pages: ['home/index', 'ask/index', 'mine/index', 'queue/index', 'roster/index', 'question/index', 'handoff/index', 'cases/index', 'case/index', 'knowledge/index', 'article/index', 'publish/index', 'figures/index', 'policy/index'] },
    // 电子书屋's reader alone, so it opens fast and its size is measured on its own.
    { root: 'pages/reader', pages: ['read/index', 'notes/index'] },
    // 电子书屋: members find books, keep a shelf and join 读书活动; librarians import, edit, publish and curate 书单 (the reader is a package of its own, pages/reader).
    { root: 'pages/library', pages: ['home/index', 'search/index', 'browse/index', 'book/index', 'shelf/index', 'campaigns/index', 'campaign/index', 'manage/index', 'edit/index', 'list-edit/index', 'import/index', 'campaign-edit/index'] },
    { root: 'pages/training', pages: ['orders/index', 'order/index', 'session-edit/index', 'sessions/index', 'session/index'] },
    // 职工课堂: members browse, enrol, learn (video and article lessons) and see their courses; course editors build and publish courses.
    { root: 'pages/course', pages: ['home/index', 'detail/index', 'lesson/index', 'mine/index', 'manage/index', 'edit/index', 'lesson-edit/index', 'certificates/index', 'certificate/index'] },
    // 证书查验: public, opened from a certificate's QR code by anyone, signed in or not.
    { root: 'pages/verify', pages: ['certificate/index'] },
    // 答题: members take practice and graded quizzes (and contest rounds); course_editors keep banks and set quizzes.
    { root: 'pages/quiz', pages: ['home/index', 'detail/index', 'take/index', 'result/index', 'banks/index', 'bank/index', 'question-edit/index', 'import/index', 'manage/index', 'edit/index'] },
    // 答题拉力赛: members take part and follow the boards; course editors set contests up.
    { root: 'pages/contest', pages: ['list/index', 'detail/index', 'board/index', 'edit/index'] },
    // 嘉工鹊桥会: members join, keep a profile, discover, chat and go to events (红娘's pages are pages/matchmaker).
    { root: 'pages/dating', pages: ['chats/index', 'chat/index', 'home/index', 'join/index', 'profile-edit/index', 'report/index', 'discover/index', 'person/index', 'blocked/index', 'events/index', 'event/index'] },
    { root: 'pages/matchmaker', pages: ['home/index', 'reviews/index', 'review/index', 'reports/index', 'report/index', 'figures/index', 'words/index', 'events/index', 'event-edit/index', 'event-roster/index'] },
    // Reached only through a broken or outdated link (app.ts), so it costs the main package nothing.
    { root: 'pages/not-found', pages: ['index'] },
  ],
  // Members open notices from the home feed far more often than anything else.
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['pages/notice'] },
    // The points page leads straight into the mall.
    'pages/points/index/index': { network: 'all', packages: ['pages/mall'] },
    // A book opened from the library home starts reading without waiting for the reader package.
    'pages/library/home/index': { network: 'all', packages: ['pages/reader'] },
  },
  // WeChat holds privacy-scoped calls (camera, album, files, clipboard) until the user agrees to the
  // privacy guide; src/components/privacy-popup asks. README lists the calls for 用户隐私保护指引.
  __usePrivacyCheck__: true,
  // Components' code is injected when a page first uses them, not all at start.
  lazyCodeLoading: 'requiredComponents',
  // Personal and staff pages stay out of WeChat search (src/sitemap.json, copied by config/index.ts).
  sitemapLocation: 'sitemap.json',
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#c4161c',
    navigationBarTitleText: '嘉兴网上职工之家',
    navigationBarTextStyle: 'white',
    // WeChat draws this bar itself; Taro's H5 build draws its own only when asked to.
    navigationStyle: 'default',
    backgroundColor: '#f5f6f8',
  },
})
