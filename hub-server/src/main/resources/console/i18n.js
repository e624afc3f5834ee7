// The console's words in both languages. Every code the hub sends (a state, a kind, a role, an outcome,
// an error) is put in words here; a screen never shows a code.
import { WORDS } from './words.js';
import { CHECK_IN_WORDS } from './checkin-words.js';
import { ORDER_WORDS } from './order-words.js';
import { FAMILY_WORDS } from './family-words.js';

const TEXT = {
  'zh-CN': {
    appName: 'CareCall 一键呼叫',
    disconnected: '未连接', connected: '已连接', logout: '退出', lang: 'English',
    login: '登录', username: '用户名', password: '密码', loginButton: '登录',
    caTitle: '本中心的证书', caText: '手机第一次使用前，请安装本中心的证书（CA），并核对下面的指纹与中心屏幕上的一致。',
    caDownload: '下载证书 (ca.pem)', caFingerprint: 'SHA-256 指纹：',
    changeTitle: '请设置您自己的密码', changeText: '这个密码是系统生成或重置的，只能用一次。请现在设置您自己的密码。',
    currentPassword: '当前密码', newPassword: '新密码（至少10个字符）', changeButton: '保存新密码',
    'err_wrong-password': '当前密码不对。',
    'err_must-change-password': '请先设置您自己的密码。',
    callInGrid: '{} 有呼叫', callWaiting: '有呼叫，请打开控制台查看',
    err_commonPassword: '这个密码太常见，别人最先会猜它。请换一个。', err_shortPassword: '新密码至少需要10个字符。',
    err_samePassword: '新密码不能和当前密码相同。',
    logoutEverywhere: '退出所有设备', logoutEverywhereAsk: '在所有手机和电脑上退出您的账号（包括这一台）？',
    offline: '本机已离线：呼叫无法到达这部手机。请检查网络，或改用电话值班。',
    storeFailing: '系统故障：中心无法保存新呼叫，设备正在重试。请电话联系老人，并通知技术人员。',
    unreachedTitle: '系统警报：以下呼叫的升级已无法联系到任何人',
    unreachedHint: '所有升级级别都没有联系到人，至今无人接单。请立即接单或打电话给老人。',
    startTitle: '开始值班提醒', startButton: '开始值班提醒',
    startText: '点击一次，这部设备就会为呼叫响铃、振动、弹出通知并保持屏幕常亮。',
    resumeButton: '继续值班提醒', startRinging: '有呼叫正在响铃 · 点击收听',
    alertsOn: '提醒已开启', alertsOff: '提醒未开启 · 点击开启',
    notificationsBlocked: '通知被浏览器禁止：后台时不会弹出通知。',
    tabBoard: '呼叫', tabHistory: '历史', tabResidents: '老人', searchWords: '姓名或房间', any: '全部',
    search: '查找', residentsFound: '找到 {} 位老人', tabDevices: '设备', tabRoster: '值班', tabReports: '报表',
    openCalls: '当前呼叫', noCalls: '没有未处理的呼叫', waitingCalls: '{} 个呼叫等待接单',
    coming: '我来处理', arrived: '已到达', file: '档案', closeCall: '结束呼叫', closeUntaken: '无人接单时结束',
    confirm: '已电话确认', takenBy: '{} 已接单', withResident: '{} 已到达老人身边',
    cancelledByResident: '老人已取消 · 请电话确认', pressedAgain: '再次按键 {} 次',
    sessionEnded: '您的登录已结束，请重新登录。屏幕上已有的呼叫会继续响铃，直到您重新登录。', sessionEnding: '您的登录将在 {} 分钟后结束。点这里立即重新登录，以免错过呼叫。', unreachedBadge: '升级无人应答', technicalFolded: '{} 个技术报警，由技术人员处理', stepBadge: '第 {} 级', waitingFor: '已等待 {}',
    ago: '{}前', seconds: '{} 秒', minutes: '{} 分钟', hours: '{} 小时',
    clockBehind: '设备时钟慢 {}', clockAhead: '设备时钟快 {}', room: '房间', grid: '网格',
    contacts: '紧急联系人', close: '关闭', residentPhone: '老人电话', mobility: '行动能力', medicines: '用药', born: '出生日期', risk: '风险等级', notes: '健康备注', language: '语言',
    breakGlass: '紧急查看健康备注', breakGlassAsk: '为什么需要查看？（会记入审计日志并告知主管）', breakGlassSeen: '紧急查看记录',
    resolveTitle: '结束呼叫', resolveUntakenTitle: '无人接单时结束呼叫（主管）', outcome: '结果', note: '记录',
    reason: '原因（必填）', resolve: '结束', cancel: '取消', ok: '好',
    device: '设备', status: '状态', lastSeen: '最后通信', firmware: '固件', outbox: '待发', power: '电源',
    battery: '电量', cpuTemp: '温度', wifi: '信号', lastTest: '最近测试', weeklyTest: '每周测试：',
    online: '在线', offlineUnit: '离线', commandSent: '指令已发送：{}，等待设备回复……',
    commandQueued: '设备离线，指令将在其连接后发送：{}', commandPassed: '设备 {unit} 回复：{cmd} 通过',
    commandFailed: '设备 {unit} 回复：{cmd} 未通过', commandNoAnswer: '一分钟内没有收到设备回复：{}。请检查设备是否在线。',
    inputs: '输入：', link: '连接：', outboxIs: '待发队列：', blinkingFor: '指示灯闪烁 {} 秒',
    onDutyNow: '当前值班', goOn: '开始值班', goOff: '结束值班', shifts: '班次', nobodyOnDuty: '无人值班',
    responseTimes: '响应时间（近30天）', group: '分组', calls: '呼叫数', within60: '60秒内接单',
    within180: '180秒内接单', all: '全部', ackSeconds: '接单用时（秒）',
    // what happened to a call
    RECEIVED: '已收到', NOTIFIED: '已有人看到', ACKNOWLEDGED: '已接单', ON_SITE: '已到达', RESOLVED: '已结束',
    CANCELLED: '老人已取消',
    // alarm kinds
    CALL_BUTTON: '一键呼叫', PULL_CORD: '拉绳呼叫', FALL: '跌倒', SMOKE: '烟雾报警', GAS: '燃气报警',
    UNKNOWN: '无法识别的呼叫', WATER: '漏水', INACTIVITY: '长时间无活动', DOOR_AT_NIGHT: '夜间开门', CHECK_IN_MISSED: '未报平安',
    TAMPER: '设备被拆', POWER_FAILURE: '停电', LOW_BATTERY: '电量低', DEVICE_OFFLINE: '设备离线', TEST: '测试呼叫',
    // roles, risk levels, outcomes, shifts, weekly tests, commands
    DUTY: '值班人员', SUPERVISOR: '主管', TECHNICIAN: '技术人员', ADMIN: '管理员',
    HIGH: '高', MEDIUM: '中', LOW: '低',
    outcome_HELPED: '已协助', outcome_MEDICAL: '送医 / 急救', outcome_FALSE_ALARM: '误报', outcome_OTHER: '其他',
    outcome_CANCELLED_BY_RESIDENT: '老人取消', outcome_test: '测试', outcome_TEST: '测试',
    WEEKLY: '每周', ONE_OFF: '单次', OFF: '休息',
    MONDAY: '周一', TUESDAY: '周二', WEDNESDAY: '周三', THURSDAY: '周四', FRIDAY: '周五', SATURDAY: '周六', SUNDAY: '周日',
    PASSED: '通过', WAITING: '进行中', FAILED: '失败', OVERDUE: '逾期',
    SELFTEST: '自检', LOCATE: '定位', TEST_CALL: '测试呼叫', MAINS: '市电', BATTERY: '电池供电',
    // audiences of an escalation step
    GRID_DUTY: '本网格值班人员', SITE_DUTY: '社区值班人员', SUPERVISORS: '主管', ALL_CONSOLES: '所有控制台',
    OUTSIDE: '外部通道', TECHNICIANS: '技术人员',
    // the timeline
    by_unit: '设备', by_hub: '系统', by_outside: '外部通道',
    row_RECEIVED: '中心已收到呼叫', row_NOTIFIED: '{} 看到了呼叫', row_NOTIFIED_outside: '外部通道已接收',
    row_SHOWN: '{} 也看到了呼叫', row_ACKNOWLEDGED: '{} 接单：我来处理', row_ON_SITE: '{} 已到达',
    row_RESOLVED: '{} 结束了呼叫', row_CANCELLED: '老人取消了呼叫', row_CONFIRMED: '{} 已电话确认',
    row_PRESSED_AGAIN: '老人再次按键', row_UNREACHED: '所有级别都无人接收到：在每个打开的控制台上显示系统警报',
    row_OUTSIDE_FAILED: '外部通道未能送达', row_NOBODY_ON_SITE: '{} 已接单，但仍无人到达：再次升级',
    colon: '：', listSep: '、',
    row_step: '第 {step} 级（{audiences}）', row_rang: '呼叫了 {}', row_everyone: '所有控制台',
    row_outsideToo: '外部通道', row_nobody_on_duty: '无人值班，立即转下一级',
    row_nobody_no_console: '无人打开控制台，立即转下一级', row_nobody_not_seen: '在规定时间内无人查看，转下一级',
    row_because_nobody: '（因为第 {} 级没有联系到任何人）', row_because_time: '（因为 {} 秒内无人接单）',
    // refusals and failures, in sentences
    err_login: '用户名或密码错误。', err_throttled: '此处输错次数过多，请 {} 秒后再试。',
    guessing: '有人在猜测设备密钥或员工密码：近15分钟 {} 次，来自 {}。这些地址已被减速，设备和员工不受影响；请查看审计页。',
    refusalsTitle: '被拒绝的尝试（近60分钟，按分钟和来源计数）', count: '次数', subject: '设备或账号',
    err_unreachable: '无法连接中心。请检查网络；如持续无法连接，请改用电话值班。',
    err_session: '登录已过期，请重新登录。', err_forbidden: '您的角色不能进行此操作。',
    'err_not-taken': '还没有人接单。请先点击"我来处理"，或请主管说明原因后结束。',
    'err_not-yours': '此呼叫由 {} 接单，只有接单人可以标记到达；结束呼叫需接单人或主管。',
    err_taken: '此呼叫已由 {} 接单。', 'err_on-site': '{} 已在老人身边。', err_closed: '此呼叫已经结束。',
    err_cancelled: '老人已取消此呼叫。', 'err_not-found': '找不到此项，可能已被删除。',
    err_invalid: '填写的内容不完整或有误。', err_failed: '中心处理失败，请稍后再试。',
  },
  en: {
    appName: 'CareCall',
    disconnected: 'Disconnected', connected: 'Connected', logout: 'Log out', lang: '中文',
    login: 'Log in', username: 'User name', password: 'Password', loginButton: 'Log in',
    caTitle: "This hub's certificate", caText: "Before a phone's first use, install this hub's certificate (CA) and check that the fingerprint below matches the one the hub shows.",
    caDownload: 'Download the certificate (ca.pem)', caFingerprint: 'SHA-256 fingerprint:',
    changeTitle: 'Choose your own password', changeText: 'This password was generated or reset and is good for one login. Choose your own now.',
    currentPassword: 'Current password', newPassword: 'New password (at least 10 characters)', changeButton: 'Save the new password',
    'err_wrong-password': 'The current password is not right.',
    'err_must-change-password': 'Choose your own password first.',
    callInGrid: 'A call in {}', callWaiting: 'A call: open the console to see it',
    err_commonPassword: 'This password is too common: guessers try it first. Choose another.',
    err_shortPassword: 'The new password needs at least 10 characters.',
    err_samePassword: 'The new password must differ from the current one.',
    logoutEverywhere: 'Log out everywhere', logoutEverywhereAsk: 'Log your account out on every phone and computer, this one too?',
    offline: 'This phone is offline: calls cannot reach it. Check the network, or keep watch by phone.',
    storeFailing: 'System alarm: the hub cannot store new calls; the units keep retrying. Phone the residents and call the technician.',
    unreachedTitle: 'System alarm: the escalation reached nobody for these calls',
    unreachedHint: 'Every escalation step reached nobody and nobody has taken them. Take them now, or phone the resident.',
    startTitle: 'Start duty alerts', startButton: 'Start duty alerts',
    startText: 'One tap, and this device rings, vibrates, notifies you and keeps its screen on for calls.',
    resumeButton: 'Resume duty alerts', startRinging: 'A call is ringing · tap to hear it',
    alertsOn: 'Alerts on', alertsOff: 'Alerts off · tap to start',
    notificationsBlocked: 'Notifications are blocked in this browser: none will show while the page is hidden.',
    tabBoard: 'Calls', tabHistory: 'History', tabResidents: 'Residents', searchWords: 'Name or room', any: 'Any',
    search: 'Search', residentsFound: '{} residents', tabDevices: 'Devices', tabRoster: 'Duty', tabReports: 'Reports',
    openCalls: 'Open calls', noCalls: 'No open calls', waitingCalls: '{} calls waiting',
    coming: "I'm coming", arrived: 'Arrived', file: 'File', closeCall: 'Close call', closeUntaken: 'Close untaken',
    confirm: 'Confirmed by phone', takenBy: 'Taken by {}', withResident: '{} is with the resident',
    cancelledByResident: 'Cancelled by the resident · confirm by phone', pressedAgain: 'pressed again {} times',
    sessionEnded: 'Your login has ended: log in again. Calls already on screen keep ringing until you do.', sessionEnding: 'Your login ends in {} min. Tap here to log in again now, so no call is missed.', unreachedBadge: 'escalation reached nobody', technicalFolded: '{} technical alarms, for the technicians', stepBadge: 'step {}', waitingFor: 'waiting {}',
    ago: '{} ago', seconds: '{} s', minutes: '{} min', hours: '{} h',
    clockBehind: 'unit clock {} behind', clockAhead: 'unit clock {} ahead', room: 'Room', grid: 'Grid',
    contacts: 'Emergency contacts', close: 'Close', residentPhone: 'Her phone', mobility: 'Mobility', medicines: 'Medicines', born: 'Born', risk: 'Risk', notes: 'Health notes', language: 'Language',
    breakGlass: 'Break the glass to read', breakGlassAsk: 'Why do you need them? (audited, and shown to the supervisors)', breakGlassSeen: 'Read by breaking the glass',
    resolveTitle: 'Close the call', resolveUntakenTitle: 'Close a call nobody took (supervisor)', outcome: 'Outcome',
    note: 'Note', reason: 'Reason (required)', resolve: 'Close call', cancel: 'Cancel', ok: 'OK',
    device: 'Device', status: 'Status', lastSeen: 'Last seen', firmware: 'Firmware', outbox: 'Outbox', power: 'Power',
    battery: 'Battery', cpuTemp: 'CPU °C', wifi: 'Wi-Fi dBm', lastTest: 'Last test', weeklyTest: 'Weekly test: ',
    online: 'online', offlineUnit: 'offline', commandSent: 'Command sent: {}; waiting for the unit to answer…',
    commandQueued: 'The unit is offline; the command goes when it connects: {}', commandPassed: 'The unit {unit} answered: {cmd} passed',
    commandFailed: 'The unit {unit} answered: {cmd} failed', commandNoAnswer: 'No answer from the unit within a minute: {}. Check that it is online.',
    inputs: 'inputs:', link: 'link:', outboxIs: 'outbox:', blinkingFor: 'lamps blinking for {} s',
    onDutyNow: 'On duty now', goOn: 'Go on duty', goOff: 'Go off duty', shifts: 'Shifts', nobodyOnDuty: 'Nobody on duty',
    responseTimes: 'Response times (last 30 days)', group: 'Group', calls: 'Calls', within60: 'Taken within 60 s',
    within180: 'Taken within 180 s', all: 'All', ackSeconds: 'time to take the call (s)',
    RECEIVED: 'Received', NOTIFIED: 'Seen by staff', ACKNOWLEDGED: 'Taken', ON_SITE: 'On site', RESOLVED: 'Closed',
    CANCELLED: 'Cancelled by the resident',
    CALL_BUTTON: 'Call button', PULL_CORD: 'Pull cord', FALL: 'Fall', SMOKE: 'Smoke alarm', GAS: 'Gas alarm',
    UNKNOWN: 'Unreadable call', WATER: 'Water leak', INACTIVITY: 'No activity', DOOR_AT_NIGHT: 'Door at night', CHECK_IN_MISSED: 'No check-in',
    TAMPER: 'Unit tampered with', POWER_FAILURE: 'Power cut', LOW_BATTERY: 'Low battery', DEVICE_OFFLINE: 'Unit offline',
    TEST: 'Test call',
    DUTY: 'Duty staff', SUPERVISOR: 'Supervisor', TECHNICIAN: 'Technician', ADMIN: 'Administrator',
    HIGH: 'high', MEDIUM: 'medium', LOW: 'low',
    outcome_HELPED: 'Helped', outcome_MEDICAL: 'Medical help / hospital', outcome_FALSE_ALARM: 'False alarm',
    outcome_OTHER: 'Other', outcome_CANCELLED_BY_RESIDENT: 'Cancelled by the resident', outcome_test: 'Test',
    outcome_TEST: 'Test',
    WEEKLY: 'weekly', ONE_OFF: 'once', OFF: 'off',
    MONDAY: 'Monday', TUESDAY: 'Tuesday', WEDNESDAY: 'Wednesday', THURSDAY: 'Thursday', FRIDAY: 'Friday',
    SATURDAY: 'Saturday', SUNDAY: 'Sunday',
    PASSED: 'passed', WAITING: 'waiting', FAILED: 'failed', OVERDUE: 'overdue',
    SELFTEST: 'Self-test', LOCATE: 'Locate', TEST_CALL: 'Test call', MAINS: 'mains', BATTERY: 'on battery',
    GRID_DUTY: 'grid on duty', SITE_DUTY: 'community on duty', SUPERVISORS: 'supervisors', ALL_CONSOLES: 'every console',
    OUTSIDE: 'outside channel', TECHNICIANS: 'technicians',
    by_unit: 'the unit', by_hub: 'the hub', by_outside: 'the outside channel',
    row_RECEIVED: 'The hub received the call', row_NOTIFIED: '{} saw the call', row_NOTIFIED_outside: 'The outside channel took the call',
    row_SHOWN: '{} saw the call too', row_ACKNOWLEDGED: "{} took the call: I'm coming", row_ON_SITE: '{} arrived',
    row_RESOLVED: '{} closed the call', row_CANCELLED: 'The resident cancelled the call', row_CONFIRMED: '{} confirmed by phone',
    row_PRESSED_AGAIN: 'The resident pressed again', row_UNREACHED: 'Every step reached nobody: a system alarm on every console that opens',
    row_OUTSIDE_FAILED: 'The outside channel could not deliver', row_NOBODY_ON_SITE: '{} took the call but nobody is on site yet: climbing again',
    colon: ': ', listSep: ', ',
    row_step: 'Step {step} ({audiences})', row_rang: 'rang {}', row_everyone: 'every console', row_outsideToo: 'the outside channel',
    row_nobody_on_duty: 'nobody on duty, moved on at once', row_nobody_no_console: 'no console open, moved on at once',
    row_nobody_not_seen: 'nobody saw it in time, moved on',
    row_because_nobody: ' (because step {} reached nobody)', row_because_time: ' (because nobody took it within {} s)',
    err_login: 'Wrong user name or password.', err_throttled: 'Too many wrong passwords from here: try again in {} s.',
    guessing: 'Someone is guessing unit secrets or staff passwords: {} tries in the last 15 minutes, from {}. Those addresses are slowed; units and staff are not. See the audit page.',
    refusalsTitle: 'Refused attempts (last 60 minutes, counted per minute and source)', count: 'Count', subject: 'Unit or account',
    err_unreachable: 'The hub cannot be reached. Check the network; if it stays down, keep watch by phone.',
    err_session: 'Your session has ended; please log in again.', err_forbidden: 'Your role may not do this.',
    'err_not-taken': "Nobody has taken this call yet. Tap \"I'm coming\" first, or ask a supervisor to close it with a reason.",
    'err_not-yours': '{} took this call; only they can mark the arrival, and only they or a supervisor can close it.',
    err_taken: '{} has already taken this call.', 'err_on-site': '{} is already with the resident.',
    err_closed: 'This call is already closed.', err_cancelled: 'The resident cancelled this call.',
    'err_not-found': 'This is not there any more.', err_invalid: 'Something is missing or not right in the form.',
    err_failed: 'The hub could not do this; please try again.',
  },
};

// The set-up screens' words live in their own module, merged here.
Object.keys(TEXT).forEach((language) => Object.assign(TEXT[language], WORDS[language], CHECK_IN_WORDS[language],
  ORDER_WORDS[language], FAMILY_WORDS[language]));

export const lang = { current: localStorage.getItem('carecall.lang') || 'zh-CN' };

/** The text for a key in the console's language, with {} (or {name}) filled in. */
export function t(key, ...values) {
  let text = TEXT[lang.current][key];
  if (text === undefined) {
    text = TEXT.en[key] !== undefined ? TEXT.en[key] : key;
  }
  values.forEach((value) => {
    if (value !== null && typeof value === 'object') {
      Object.entries(value).forEach(([name, filled]) => { text = text.replace('{' + name + '}', filled); });
    } else {
      text = text.replace('{}', value);
    }
  });
  return text;
}

/** Whether a key has words (an unknown code is shown as it is rather than as a blank). */
export function has(key) {
  return TEXT.en[key] !== undefined;
}

/** The words for a code of a kind (prefix such as 'category_'); a code a newer hub node wrote is "unknown (CODE)". */
export function word(prefix, code) {
  return has(prefix + code) ? t(prefix + code) : t('unknownCode', code || '?');
}

export function switchLanguage() {
  lang.current = lang.current === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('carecall.lang', lang.current);
}

/** Fills every element marked data-i18n. */
export function translatePage() {
  document.documentElement.lang = lang.current;
  document.querySelectorAll('[data-i18n]').forEach((node) => { node.textContent = t(node.dataset.i18n); });
}

export function duration(seconds) {
  if (seconds < 120) {
    return t('seconds', seconds);
  }
  return seconds < 7200 ? t('minutes', Math.round(seconds / 60)) : t('hours', Math.round(seconds / 3600));
}

export function when(iso) {
  // The hub's times may carry nanoseconds; a person reads the local date and time to the second.
  return iso ? new Date(String(iso).replace(/(\.\d{3})\d+/, '$1')).toLocaleString(lang.current) : '—';
}
