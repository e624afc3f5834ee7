// The hub's HTTP API as the console uses it. Every failure becomes an ApiError whose sentence is in the
// console's language: a wrong password, too many of them and an unreachable hub each say what they are.
import { t, word } from './i18n.js';

export const session = {
  token: sessionStorage.getItem('carecall.token'),
  staff: JSON.parse(sessionStorage.getItem('carecall.staff') || 'null'),
  onEnded: () => {},
};

export class ApiError extends Error {
  constructor(code, sentence, status, fields) {
    super(sentence);
    this.code = code;
    this.status = status;
    this.fields = fields || {};
  }
}

/** The refusal in words: the hub's stable error name, with the name of whoever holds the call. */
function sentence(status, body) {
  const code = body.error || '';
  if (status === 401) {
    return code === 'login-failed' ? t('err_login') : t('err_session');
  }
  if (status === 429 || code === 'throttled') {
    return t('err_throttled', body.retryAfterS || 60);
  }
  if (code === 'wrong-password' || code === 'must-change-password') {
    return t('err_' + code);
  }
  if (status === 403) {
    return t('err_forbidden');
  }
  if (['not-taken', 'not-yours', 'taken', 'on-site', 'closed', 'cancelled', 'not-found', 'invalid', 'revoked', 'unit-online'].includes(code)) {
    return t('err_' + code, body.by || '—');
  }
  if (code === 'out-of-order') {
    return t('err_out-of-order', word('orderState_', body.state));
  }
  return t('err_failed');
}

export async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: Object.assign({ 'Content-Type': 'application/json' },
        session.token ? { Authorization: 'Bearer ' + session.token } : {}),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (unreachable) {
    throw new ApiError('unreachable', t('err_unreachable'), 0);
  }
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && path !== '/api/session') {
    session.onEnded();
  }
  if (!response.ok) {
    throw new ApiError(data.error || 'failed', sentence(response.status, data), response.status, data.fields);
  }
  return data;
}

export function remember(token, staff) {
  session.token = token;
  session.staff = staff;
  if (token) {
    sessionStorage.setItem('carecall.token', token);
    sessionStorage.setItem('carecall.staff', JSON.stringify(staff));
  } else {
    sessionStorage.removeItem('carecall.token');
    sessionStorage.removeItem('carecall.staff');
  }
}
