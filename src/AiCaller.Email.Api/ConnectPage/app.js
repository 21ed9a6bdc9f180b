// The connect page: lists the tenant's mailboxes and connects, reconnects and disconnects them through the API.
// The API key, when the host asks for one, lives in sessionStorage only (this tab, until it closes) and travels as
// Authorization: Bearer; never in a URL or a cookie.
'use strict';

(() => {
  const PAGE_SIZE = 50;
  const KEY_STORAGE = 'aicaller-email.api-key';
  const PROVIDERS = { gmail: 'Gmail', outlook: 'Outlook' };
  const STATUS_WORDS = {
    connected: 'Connected',
    disconnected: 'Not connected',
    error: 'Error',
    not_configured: 'Provider not configured',
  };

  const announcer = document.getElementById('announcer');
  const keySection = document.getElementById('key-section');
  const workspace = document.getElementById('workspace');

  class KeyRequired extends Error {
    constructor(message, rejected) {
      super(message);
      this.rejected = rejected;
    }
  }

  const apiKey = {
    get: () => sessionStorage.getItem(KEY_STORAGE),
    set: (key) => sessionStorage.setItem(KEY_STORAGE, key),
    clear: () => sessionStorage.removeItem(KEY_STORAGE),
  };

  function announce(text, kind) {
    announcer.textContent = text;
    announcer.className = 'announcer' + (kind ? ' ' + kind : '');
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const key = apiKey.get();
    if (key) {
      headers.Authorization = 'Bearer ' + key;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }

    // Relative to the page, so that the page works behind a path prefix too.
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
    if (response.status === 401) {
      throw new KeyRequired(key ? 'The API key was not accepted.' : 'This host asks for an API key.', Boolean(key));
    }
    if (response.status === 204) {
      return null;
    }
    const answer = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error((answer && answer.detail) || `The host answered ${response.status}.`);
    }
    return answer;
  }

  function mailboxPath(provider, account) {
    return `api/${provider}/accounts/${encodeURIComponent(account)}`;
  }

  function askForKey(message, kind) {
    apiKey.clear();
    workspace.hidden = true;
    keySection.hidden = false;
    announce(message, kind);
    document.getElementById('api-key').focus();
  }

  function failed(error) {
    if (error instanceof KeyRequired) {
      askForKey(error.message, error.rejected ? 'problem' : '');
    } else {
      announce(error.message, 'problem');
    }
  }

  function formatTime(text) {
    if (!text) {
      return null;
    }
    const time = document.createElement('time');
    time.dateTime = text;
    time.textContent = new Date(text).toLocaleString();
    return time;
  }

  function fact(list, term, value) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    if (value instanceof Node) {
      dd.append(value);
    } else {
      dd.textContent = value || '—';
    }
    list.append(dt, dd);
  }

  function button(text, label, onClick, className) {
    const element = document.createElement('button');
    element.type = 'button';
    element.textContent = text;
    // The visible word comes first, so that speech commands that use it still work.
    element.setAttribute('aria-label', label);
    if (className) {
      element.className = className;
    }
    element.addEventListener('click', onClick);
    return element;
  }

  function renderAccount(item) {
    const provider = item.provider;
    const name = PROVIDERS[provider];
    const li = document.createElement('li');
    li.className = 'account status-' + item.status;
    li.dataset.account = item.account;

    const heading = document.createElement('h3');
    heading.textContent = item.account;
    li.append(heading);

    const facts = document.createElement('dl');
    fact(facts, 'Status', STATUS_WORDS[item.status] || item.status);
    fact(facts, 'Email', item.email);
    fact(facts, 'Last refresh', formatTime(item.last_refreshed_at));
    if (item.last_error) {
      fact(facts, 'Last error', `${item.last_error.message} (${item.last_error.code})`);
    }
    li.append(facts);

    const what = `${name} account ${item.account}`;
    const actions = document.createElement('div');
    actions.className = 'actions';
    const connectWord = item.status === 'connected' ? 'Reconnect' : 'Connect';
    actions.append(
      button(connectWord, `${connectWord} ${what}`, () => connect(provider, item.account)),
      button('Link', `Link to connect ${what}`, () => createLink(provider, item.account, li), 'secondary'),
      button('Disconnect', `Disconnect ${what}`, () => disconnect(provider, item.account), 'danger'),
    );
    li.append(actions);
    return li;
  }

  async function loadProvider(section, pageToken) {
    const provider = section.dataset.provider;
    const list = section.querySelector('.accounts');
    const more = section.querySelector('.more');
    let path = `api/${provider}/accounts?limit=${PAGE_SIZE}`;
    if (pageToken) {
      path += '&page_token=' + encodeURIComponent(pageToken);
    }
    const page = await api('GET', path);
    if (!pageToken) {
      list.replaceChildren();
    }
    for (const item of page.accounts) {
      list.append(renderAccount(item));
    }
    section.querySelector('.empty').hidden = list.children.length > 0;
    more.hidden = !page.next_page_token;
    more.dataset.pageToken = page.next_page_token || '';
  }

  async function loadAll() {
    for (const section of document.querySelectorAll('section[data-provider]')) {
      await loadProvider(section);
    }
    keySection.hidden = true;
    workspace.hidden = false;
    document.getElementById('key-actions').hidden = !apiKey.get();
  }

  async function connect(provider, account) {
    announce(`Starting the ${PROVIDERS[provider]} sign-in for ${account}…`);
    try {
      // Back to this page afterwards, which then shows how it went.
      const start = await api('GET', `${mailboxPath(provider, account)}/oauth/start?return_url=${encodeURIComponent(location.pathname)}`);
      location.assign(start.auth_url);
    } catch (error) {
      failed(error);
    }
  }

  async function disconnect(provider, account) {
    const name = PROVIDERS[provider];
    if (!window.confirm(`Disconnect the ${name} account ${account}? Its tokens are deleted and ${name} is asked to revoke them.`)) {
      return;
    }
    try {
      await api('DELETE', mailboxPath(provider, account));
      announce(`Disconnected the ${name} account ${account}.`, 'success');
      const section = document.querySelector(`section[data-provider="${provider}"]`);
      await loadProvider(section);
      // Its button is gone with its card: keep the keyboard user in the same list.
      section.querySelector('h2').focus();
    } catch (error) {
      failed(error);
    }
  }

  async function createLink(provider, account, li) {
    try {
      const link = await api('POST', `${mailboxPath(provider, account)}/connect-link`);
      let box = li.querySelector('.link');
      if (!box) {
        box = document.createElement('div');
        box.className = 'link';
        li.append(box);
      }
      const id = `link-${provider}-${account}`.replace(/[^A-Za-z0-9_-]/g, '_');
      box.replaceChildren();
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = `Connect link, works once, until ${new Date(link.expires_at).toLocaleString()}`;
      const input = document.createElement('input');
      input.id = id;
      input.readOnly = true;
      input.value = link.url;
      input.addEventListener('focus', () => input.select());
      box.append(label, input);
      announce(`Created a connect link for the ${PROVIDERS[provider]} account ${account}; send it to the mailbox's owner.`, 'success');
      input.focus();
    } catch (error) {
      failed(error);
    }
  }

  // The OAuth callback sends the browser back here with the result in the query string; it is shown, then removed.
  function showReturnedResult() {
    const query = new URLSearchParams(location.search);
    const result = query.get('result');
    if (!result) {
      return;
    }
    const provider = PROVIDERS[query.get('provider')] || 'The provider';
    const account = query.get('account') || '';
    const message = query.get('message') || '';
    if (result === 'connected') {
      announce(`${provider} account ${account}: ${message}.`, 'success');
    } else if (result === 'refused') {
      announce(`${provider} account ${account} was not connected. ${message}`, 'problem');
    } else {
      announce(`${provider} account ${account} was not connected: ${message}`, 'problem');
    }
    history.replaceState(null, '', location.pathname);
  }

  document.getElementById('key-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('api-key');
    apiKey.set(input.value.trim());
    input.value = '';
    announce('Loading mailboxes…');
    try {
      await loadAll();
      announce('API key accepted.', 'success');
    } catch (error) {
      failed(error);
    }
  });

  document.getElementById('forget-key').addEventListener('click', () => {
    askForKey('The API key was forgotten.');
  });

  document.getElementById('add-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const account = document.getElementById('add-account').value.trim();
    connect(document.getElementById('add-provider').value, account);
  });

  for (const section of document.querySelectorAll('section[data-provider]')) {
    section.querySelector('.more').addEventListener('click', (event) => {
      loadProvider(section, event.currentTarget.dataset.pageToken).catch(failed);
    });
  }

  showReturnedResult();
  loadAll().catch(failed);
})();
