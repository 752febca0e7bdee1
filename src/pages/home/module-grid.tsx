import { Image, Text, View } from '@tarojs/components'
import aidEnrolIcon from '../../assets/icons/aid-enrol.svg'
import aidFiguresIcon from '../../assets/icons/aid-figures.svg'
import aidPaymentsIcon from '../../assets/icons/aid-payments.svg'
import aidPlansIcon from '../../assets/icons/aid-plans.svg'
import aidIcon from '../../assets/icons/aid.svg'
import aidSettlementIcon from '../../assets/icons/aid-settlement.svg'
import cardIcon from '../../assets/icons/card.svg'
import courseManageIcon from '../../assets/icons/course-manage.svg'
import courseIcon from '../../assets/icons/course.svg'
import datingIcon from '../../assets/icons/dating.svg'
import datingFiguresIcon from '../../assets/icons/dating-figures.svg'
import grantPointsIcon from '../../assets/icons/grant-points.svg'
import joinIcon from '../../assets/icons/join.svg'
import legalFiguresIcon from '../../assets/icons/legal-figures.svg'
import legalQueueIcon from '../../assets/icons/legal-queue.svg'
import legalIcon from '../../assets/icons/legal.svg'
import libraryManageIcon from '../../assets/icons/library-manage.svg'
import libraryIcon from '../../assets/icons/library.svg'
import matchmakerIcon from '../../assets/icons/matchmaker.svg'
import mallAdminIcon from '../../assets/icons/mall-admin.svg'
import mallIcon from '../../assets/icons/mall.svg'
import noticesIcon from '../../assets/icons/notices.svg'
import ordersIcon from '../../assets/icons/orders.svg'
import pointsIcon from '../../assets/icons/points.svg'
import reviewIcon from '../../assets/icons/review.svg'
import rolesIcon from '../../assets/icons/roles.svg'
import trainingIcon from '../../assets/icons/training.svg'
import verifyIcon from '../../assets/icons/verify.svg'
import { routes, withQuery } from '../../routes'
import type { Me, WorkQueues } from '../../shared/api'
import { openPage } from '../../utils/navigate'

export interface Module {
  key: string
  title: string
  icon: string
  url: string
  /** Items waiting in this queue, where the server counts them. */
  count?: number | null
}

/** A member's own modules, or the way to join for someone who is neither member nor staff. */
export function memberModules(me: Me, isMember: boolean): Module[] {
  if (isMember) {
    return [
      { key: 'card', title: '嘉工卡', icon: cardIcon, url: routes.card },
      { key: 'mall', title: '积分商城', icon: mallIcon, url: routes.mall },
      { key: 'points', title: '我的积分', icon: pointsIcon, url: routes.points },
      { key: 'aid', title: '医疗互助', icon: aidIcon, url: routes.aidCoverage },
      { key: 'legal', title: '在线律师', icon: legalIcon, url: routes.legalHome },
      { key: 'library', title: '电子书屋', icon: libraryIcon, url: routes.libraryHome },
      { key: 'course', title: '职工课堂', icon: courseIcon, url: routes.courseHome },
      { key: 'dating', title: '嘉工鹊桥会', icon: datingIcon, url: routes.datingHome },
    ]
  }
  return me.grants.length > 0 ? [] : [{ key: 'join', title: '入会认证', icon: joinIcon, url: routes.join }]
}

/** The work queues of the roles the user holds, only those that work today. */
export function staffModules(me: Me, queues: WorkQueues | null): Module[] {
  const modules: Module[] = []
  if (me.grants.some((g) => g.role === 'admin')) {
    modules.push(
      { key: 'review', title: '入会审核', icon: reviewIcon, url: routes.review, count: queues?.pendingApplications },
      { key: 'notices', title: '通知管理', icon: noticesIcon, url: routes.noticeManage },
      { key: 'grant-points', title: '积分发放', icon: grantPointsIcon, url: routes.pointsGrant },
      { key: 'roles', title: '角色授权', icon: rolesIcon, url: routes.roles },
    )
  }
  if (me.grants.some((g) => g.role === 'mall_operator')) {
    modules.push(
      { key: 'mall-admin', title: '商城运营', icon: mallAdminIcon, url: routes.mallAdminItems },
      { key: 'mall-orders', title: '订单处理', icon: ordersIcon, url: routes.mallAdminOrders, count: queues?.pendingPickups },
    )
  }
  // An enterprise union's admins send their workers' list; aid_admins may send one for the unions below them.
  if (me.grants.some((g) => g.role === 'admin' || g.role === 'aid_admin')) {
    modules.push({ key: 'aid-enrol', title: '互助参保', icon: aidEnrolIcon, url: routes.aidEnrolBatch })
  }
  if (me.grants.some((g) => g.role === 'claim_reviewer')) {
    modules.push({ key: 'aid-review', title: '互助审核', icon: reviewIcon, url: routes.aidReviewQueue, count: queues?.pendingClaims })
  }
  if (me.grants.some((g) => g.role === 'aid_admin')) {
    modules.push(
      { key: 'aid-plans', title: '互助计划', icon: aidPlansIcon, url: routes.aidPlans },
      { key: 'aid-payments', title: '缴费确认', icon: aidPaymentsIcon, url: routes.aidPayments },
      { key: 'aid-pay', title: '互助支付', icon: ordersIcon, url: withQuery(routes.aidReviewQueue, { filter: 'to_pay' }), count: queues?.claimsToPay },
    )
  }
  if (me.grants.some((g) => g.role === 'aid_admin')) {
    modules.push({ key: 'aid-figures', title: '互助统计', icon: aidFiguresIcon, url: routes.aidFigures })
  }
  // Settlement files are imported for a county or the city.
  if (me.grants.some((g) => g.role === 'aid_admin' && g.branch.level <= 2)) {
    modules.push({ key: 'aid-settlement', title: '一站式结算', icon: aidSettlementIcon, url: routes.aidSettlement })
  }
  // A lawyer answers from the queue; a legal_admin (without the lawyer role) follows it and keeps the roster.
  if (me.grants.some((g) => g.role === 'lawyer')) {
    modules.push({ key: 'legal-queue', title: '律师工作台', icon: legalQueueIcon, url: routes.legalQueue, count: queues?.legalUnclaimed })
  } else if (me.grants.some((g) => g.role === 'legal_admin')) {
    modules.push({ key: 'legal-queue', title: '法律服务', icon: legalQueueIcon, url: routes.legalQueue })
  }
  if (me.grants.some((g) => g.role === 'legal_admin')) {
    modules.push(
      { key: 'legal-cases', title: '援助调解', icon: reviewIcon, url: routes.legalCases, count: queues?.casesToAccept },
      { key: 'legal-figures', title: '法律服务统计', icon: legalFiguresIcon, url: routes.legalFigures },
    )
  }
  if (me.grants.some((g) => g.role === 'librarian')) {
    modules.push({ key: 'library-manage', title: '图书管理', icon: libraryManageIcon, url: routes.libraryManage })
  }
  // 点单送课: enterprise unions' admins order; county (or city) course editors accept and schedule.
  if (me.grants.some((g) => (g.role === 'admin' && g.branch.level === 4) || (g.role === 'course_editor' && g.branch.level <= 2))) {
    modules.push({ key: 'training-orders', title: '点单送课', icon: trainingIcon, url: routes.trainingOrders })
  }
  if (me.grants.some((g) => g.role === 'course_editor')) {
    modules.push({ key: 'course-manage', title: '课程管理', icon: courseManageIcon, url: routes.courseManage })
  }
  if (me.grants.some((g) => g.role === 'matchmaker')) {
    modules.push({ key: 'matchmaker', title: '红娘工作台', icon: matchmakerIcon, url: routes.matchmakerHome })
  }
  // 鹊桥会统计: union admins at county level or above (matchmakers reach it from their workbench).
  if (me.grants.some((g) => g.role === 'admin' && g.branch.level <= 2)) {
    modules.push({ key: 'dating-figures', title: '鹊桥会统计', icon: datingFiguresIcon, url: routes.matchmakerFigures })
  }
  // Every staff role may check a member's card, not only admins.
  if (me.grants.length > 0) modules.push({ key: 'verify', title: '核验会员码', icon: verifyIcon, url: routes.verifyCard })
  return modules
}

export function ModuleGrid({ modules, className }: { modules: Module[]; className?: string }) {
  return (
    <View className={`module-grid ${className ?? ''}`}>
      {modules.map((m) => (
        <View
          key={m.key}
          className={`module-grid__item module-grid__item--${m.key}`}
          onClick={() => void openPage(m.url)}
        >
          <View className='module-grid__glyph'>
            <Image className='module-grid__icon' src={m.icon} />
            {m.count ? <Text className='module-grid__count'>{m.count > 99 ? '99+' : m.count}</Text> : null}
          </View>
          <Text className='module-grid__title'>{m.title}</Text>
        </View>
      ))}
    </View>
  )
}
