// The words of the daily 平安 check-in: Today's list of those not checked in, the plan in her file and its
// month strip. Merged into the console's words by i18n.js.

export const CHECK_IN_WORDS = {
  'zh-CN': {
    checkInsTitle: '未报平安', notCheckedIn: '今天 {} 前未报平安', minutesLate: '已过 {} 分钟',
    checkInClaimed: '{} 正在联系', checkInRinging: '已发出呼叫', checkInFamilyDue: '应告知家属',
    lastActivity: '最后一次活动：{}（仅供参考，不算报平安）', onIt: '我来联系', confirmCheckIn: '确认平安',
    confirmBy: '谁确认的', by_STAFF: '我和她通了话', by_FAMILY: '家属告诉我们', confirmName: '姓名',
    confirmRelation: '与老人的关系', confirmNote: '备注', confirmSave: '确认',
    checkInSection: '每日报平安', checkInEnabled: '开启每日报平安', checkInDeadline: '截止时间',
    awayFrom: '外出开始（住院、探亲）', awayUntil: '外出结束', checkInSave: '保存', checkInSaved: '已保存。',
    checkInMonth: '本月', day_onTime: '按时', day_late: '迟报', day_missed: '未报', day_away: '外出',
    day_waiting: '等待中', day_unknown: '未知状态', closedBy_KEY: '按键', closedBy_STAFF: '工作人员', closedBy_FAMILY: '家属',
    noCheckInPlan: '未开启', checkInReport: '每日报平安', checkInsExpected: '应报',
    minutesToCloseP50: '截止后多久确认 p50（分钟）', minutesToCloseP90: 'p90（分钟）',
  },
  en: {
    checkInsTitle: 'Not checked in', notCheckedIn: 'No check-in by {}', minutesLate: '{} min past',
    checkInClaimed: '{} is on it', checkInRinging: 'Call raised', checkInFamilyDue: 'Family to be told',
    lastActivity: 'Last movement: {} (a hint, not a check-in)', onIt: "I'm on it", confirmCheckIn: 'Confirm she is well',
    confirmBy: 'Who confirmed', by_STAFF: 'I spoke to her', by_FAMILY: 'Family told us', confirmName: 'Name',
    confirmRelation: 'Relation to her', confirmNote: 'Note', confirmSave: 'Confirm',
    checkInSection: 'Daily check-in', checkInEnabled: 'Daily check-in on', checkInDeadline: 'Deadline',
    awayFrom: 'Away from (hospital, family)', awayUntil: 'Away until', checkInSave: 'Save', checkInSaved: 'Saved.',
    checkInMonth: 'This month', day_onTime: 'On time', day_late: 'Late', day_missed: 'Missed', day_away: 'Away',
    day_waiting: 'Waiting', day_unknown: 'Unknown state', closedBy_KEY: 'key', closedBy_STAFF: 'staff', closedBy_FAMILY: 'family',
    noCheckInPlan: 'Off', checkInReport: 'Daily check-in', checkInsExpected: 'Expected',
    minutesToCloseP50: 'Minutes from deadline to close, p50', minutesToCloseP90: 'p90 (minutes)',
  },
};
