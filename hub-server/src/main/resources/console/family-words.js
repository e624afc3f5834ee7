// The words of the family's messages in the console: her file's list of what was sent to whom, and the
// supervisor's list of messages given up. Merged into the console's words by i18n.js.

export const FAMILY_WORDS = {
  'zh-CN': {
    familyMessages: '发给家属的消息', noFamilyMessages: '还没有发给家属的消息',
    channel_EMAIL: '电子邮件', channel_WEBHOOK: '短信网关',
    familyKind_UPDATE: '近况', familyKind_CHECK_IN_MISSED: '未报平安', familyKind_MONTHLY: '月报',
    familyKind_CALL_RESOLVED: '呼叫已处理', familyKind_OTHER: '消息',
    delivery_PENDING: '等待发送', delivery_SENDING: '正在发送', delivery_DELIVERED: '已送达 {}',
    delivery_GIVEN_UP: '发送失败，已放弃', deliveryRetrying: '发送失败，将重试（{} 次）',
    familyGivenUp: '发送失败的家属消息', familyGivenUpHint: '多次重试后仍未送达：请打电话告诉家属，并检查邮件或短信设置。',
    byFamily: '家属确认平安', familyContactPick: '她的联系人',
    familyCallResolved: '呼叫处理完后告知家属（已同意接收近况的家属）',
  },
  en: {
    familyMessages: 'Messages to the family', noFamilyMessages: 'Nothing sent to the family yet',
    channel_EMAIL: 'e-mail', channel_WEBHOOK: 'SMS gateway',
    familyKind_UPDATE: 'news', familyKind_CHECK_IN_MISSED: 'missed check-in', familyKind_MONTHLY: 'monthly summary',
    familyKind_CALL_RESOLVED: 'call resolved', familyKind_OTHER: 'message',
    delivery_PENDING: 'waiting to be sent', delivery_SENDING: 'being sent', delivery_DELIVERED: 'delivered {}',
    delivery_GIVEN_UP: 'failed, given up', deliveryRetrying: 'failed, will try again ({} tries)',
    familyGivenUp: 'Family messages given up', familyGivenUpHint: 'Not delivered after every retry: phone the family, and check the e-mail or SMS settings.',
    byFamily: 'Family says she is well', familyContactPick: 'Her contacts',
    familyCallResolved: 'Tell the family when a call is resolved (contacts who agreed to news)',
  },
};
