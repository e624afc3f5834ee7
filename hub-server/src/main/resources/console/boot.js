// Before the first paint (a classic script in <head>, so it runs before anything is drawn): a stored login
// means the board's frame is drawn first, never the login form that would then jump away.
if (sessionStorage.getItem('carecall.token')) {
  document.documentElement.dataset.session = 'yes';
}
