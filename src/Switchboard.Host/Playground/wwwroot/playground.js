// Switchboard playground: a person picks a persona, chats with the bot and works team channels.
// Talks to the host through /api/playground/ only. All user and bot text goes through textContent.
(() => {
  'use strict';

  const API = '/api/playground';
  const POLL_MS = 1000;
  // Other channels are checked for new activity every few polls only.
  const ACTIVITY_EVERY = 4;
  const NOTICE_MS = 12000;

  const state = {
    personas: [],
    channels: [],
    persona: null,
    channelId: null,
    drafts: new Map(),
    // conversationId -> the version last seen in that channel (viewed, or found when first checked).
    seenVersions: new Map(),
    // conversationIds whose tab shows the new-activity dot.
    activeChannels: new Set(),
    pollCount: 0,
    offline: false,
    // 'chat' or 'home': what the left pane shows.
    view: 'chat',
    // persona|JSON of the home page last rendered, so an unchanged page is not rebuilt under the pointer.
    homeKey: null,
  };

  const el = {
    personaSelect: document.getElementById('persona-select'),
    personaRole: document.getElementById('persona-role'),
    notices: document.getElementById('notices'),
    dmMessages: document.getElementById('dm-messages'),
    composer: document.getElementById('composer'),
    dmInput: document.getElementById('dm-input'),
    dmSend: document.getElementById('dm-send'),
    chatHint: document.getElementById('chat-hint'),
    tabs: document.getElementById('channel-tabs'),
    channelPanel: document.getElementById('channel-panel'),
    channelInfo: document.getElementById('channel-info'),
    channelMessages: document.getElementById('channel-messages'),
    channelComposer: document.getElementById('channel-composer'),
    channelInput: document.getElementById('channel-input'),
    channelInputLabel: document.getElementById('channel-input-label'),
    channelSend: document.getElementById('channel-send'),
    home: document.getElementById('home'),
    viewChat: document.getElementById('view-chat'),
    viewHome: document.getElementById('view-home'),
  };

  // ---------------------------------------------------------------- helpers

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = value;
        else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function lockIcon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('width', '12');
    svg.setAttribute('height', '12');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', 'lock');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('d', 'M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4zm2 0h4V5a2 2 0 1 0-4 0v2z');
    svg.append(path);
    return svg;
  }

  // Outside Development the playground API wants the admin key; ask once per browser session.
  const ADMIN_KEY = 'switchboard.adminKey';

  async function requestJson(method, path, body, askedForKey) {
    const headers = body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' };
    const key = sessionStorage.getItem(ADMIN_KEY);
    if (key) headers['X-Admin-Key'] = key;
    const response = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    if ((response.status === 401 || response.status === 403) && !askedForKey && response.headers.get('X-Admin-Key-Required')) {
      const entered = window.prompt('This playground is protected. Enter the admin key (Admin:ApiKey):');
      if (entered) {
        sessionStorage.setItem(ADMIN_KEY, entered);
        return requestJson(method, path, body, true);
      }
    }
    let payload = null;
    const text = await response.text();
    if (text) {
      try { payload = JSON.parse(text); } catch { payload = null; }
    }
    return { ok: response.ok, status: response.status, payload };
  }

  function errorText(result, fallback) {
    if (result.payload && typeof result.payload.error === 'string' && result.payload.error) return result.payload.error;
    if (result.payload && typeof result.payload.detail === 'string' && result.payload.detail) return result.payload.detail;
    return `${fallback} (HTTP ${result.status}).`;
  }

  function initials(name) {
    const parts = String(name || '?').trim().split(/\s+/).filter(Boolean);
    return ((parts[0] || '?')[0] + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
  }

  function formatTime(at) {
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) return '';
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function currentPersona() {
    return state.personas.find(p => p.id === state.persona) || null;
  }

  function teamName(teamId) {
    const channel = state.channels.find(c => c.teamId === teamId);
    return channel ? channel.name : teamId;
  }

  // ---------------------------------------------------------------- notices

  function showNotice(text, kind, key) {
    if (key) {
      const existing = el.notices.querySelector(`[data-key="${key}"]`);
      if (existing) return existing;
    }
    const close = h('button', { type: 'button', 'aria-label': 'Dismiss', title: 'Dismiss' }, '×');
    const notice = h('div', {
      class: `notice ${kind === 'error' ? 'error' : 'info'}`,
      role: 'alert',
      'data-testid': 'notice',
      'data-kind': kind,
      'data-key': key || null,
    }, h('p', { text }), close);
    close.addEventListener('click', () => notice.remove());
    el.notices.append(notice);
    if (!key) setTimeout(() => notice.remove(), NOTICE_MS);
    return notice;
  }

  function clearTransientNotices() {
    for (const notice of el.notices.querySelectorAll('.notice:not([data-key])')) notice.remove();
  }

  function clearNotice(key) {
    const existing = el.notices.querySelector(`[data-key="${key}"]`);
    if (existing) existing.remove();
  }

  function reportOutcome(result, fallback) {
    if (!result.ok) {
      showNotice(errorText(result, fallback), 'error');
      return false;
    }
    const outcome = result.payload && result.payload.outcome;
    const notice = result.payload && result.payload.notice;
    if (outcome === 'Refused') {
      showNotice(notice || 'Switchboard refused that.', 'error');
      return false;
    }
    if (notice) showNotice(notice, 'info');
    return true;
  }

  // ---------------------------------------------------------------- cards

  function inputControl(input, idPrefix) {
    const domId = `${idPrefix}-${input.id}`;
    const required = input.requirement === 'Required';
    let control;
    if (input.kind === 'Choice') {
      control = h('select', { id: domId });
      control.append(h('option', { value: '' }, required ? 'Choose…' : '(none)'));
      for (const choice of input.choices || []) {
        control.append(h('option', { value: choice.value }, choice.title));
      }
      control.value = input.value || '';
    } else if (input.kind === 'MultilineText') {
      control = h('textarea', { id: domId, rows: 3, placeholder: input.placeholder || null, maxlength: input.maxLength || null });
      control.value = input.value || '';
    } else {
      control = h('input', { id: domId, type: 'text', placeholder: input.placeholder || null, maxlength: input.maxLength || null });
      control.value = input.value || '';
    }
    control.dataset.inputId = input.id;
    control.dataset.testid = 'card-input';
    if (required) {
      control.required = true;
      control.setAttribute('aria-required', 'true');
    }
    const error = h('span', { class: 'field-error', id: `${domId}-error`, 'aria-live': 'polite' });
    control.setAttribute('aria-describedby', error.id);
    control.addEventListener('input', () => {
      control.removeAttribute('aria-invalid');
      error.textContent = '';
    });
    const label = h('label', { for: domId }, input.label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null);
    return h('div', { class: 'field' }, label, control, error);
  }

  // Reads the controls under `root`; returns null (and marks the fields) when a required one is empty.
  function collectValues(root, values) {
    let firstInvalid = null;
    for (const control of root.querySelectorAll('[data-input-id]')) {
      const value = control.value;
      if (control.required && !value.trim()) {
        control.setAttribute('aria-invalid', 'true');
        const error = document.getElementById(control.getAttribute('aria-describedby'));
        if (error) error.textContent = 'Please fill this in.';
        firstInvalid = firstInvalid || control;
        continue;
      }
      values[control.dataset.inputId] = value;
    }
    if (firstInvalid) {
      firstInvalid.focus();
      return null;
    }
    return values;
  }

  function setBusy(root, busy) {
    for (const button of root.querySelectorAll('button')) button.disabled = busy;
  }

  async function runAction(message, action, cardNode, formNode) {
    const values = { ...(action.data || {}) };
    // An action that ignores the card's inputs (Cancel) is not blocked by an empty required one.
    if (action.cardInputs !== 'Ignore' && collectValues(cardNode.querySelector('.card-inputs'), values) === null) return;
    if (formNode && collectValues(formNode, values) === null) return;
    const persona = state.persona;
    setBusy(cardNode, true);
    let result;
    try {
      // A home page button belongs to no conversation; it is answered in the persona's direct chat.
      result = message.home
        ? await requestJson('POST', '/home/actions', { persona: state.persona, verb: action.verb, values })
        : await requestJson('POST', '/actions', {
          persona: state.persona,
          conversationId: message.conversationId,
          messageId: message.id,
          verb: action.verb,
          values,
        });
    } catch {
      showNotice('Could not reach Switchboard. Is the host still running?', 'error');
      setBusy(cardNode, false);
      return;
    }
    setBusy(cardNode, false);
    if (persona !== state.persona) return;
    if (reportOutcome(result, 'That action failed') && formNode) {
      formNode.remove();
    }
    refreshNow();
  }

  // `opener` is the control to give focus back to when the form is cancelled.
  function openForm(message, action, cardNode, actionsNode, opener) {
    const existing = cardNode.querySelector('.card-form');
    if (existing) {
      const sameAction = existing.dataset.verb === action.verb && existing.dataset.title === action.title;
      existing.remove();
      if (sameAction) return;
    }
    const form = action.form;
    const idPrefix = `f-${message.id}-${action.verb.replace(/[^a-z0-9]/gi, '-')}`;
    const submit = h('button', { type: 'submit', class: 'btn btn-positive', 'data-testid': 'card-form-submit' }, form.submitTitle || 'Submit');
    const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'card-form-cancel' }, 'Cancel');
    const node = h('form', { class: 'card-form', 'data-testid': 'card-form', 'data-verb': action.verb, novalidate: true },
      h('fieldset', { style: 'border:0;margin:0;padding:0;min-width:0' },
        h('legend', { text: form.title || action.title }),
        ...(form.inputs || []).map(input => inputControl(input, idPrefix)),
        h('div', { class: 'card-actions' }, submit, cancel)));
    node.dataset.title = action.title;
    node.addEventListener('submit', event => {
      event.preventDefault();
      runAction(message, action, cardNode, node);
    });
    cancel.addEventListener('click', () => {
      node.remove();
      if (opener.isConnected) opener.focus();
      if (opener.hasAttribute('aria-expanded') && opener.dataset.testid === 'card-action') opener.setAttribute('aria-expanded', 'false');
    });
    actionsNode.after(node);
    const first = node.querySelector('[data-input-id]');
    (first || submit).focus();
  }

  function renderCard(message) {
    const card = message.card;
    const node = h('div', {
      class: 'card',
      'data-testid': 'card',
      'data-accent': card.accent || 'Default',
      'data-message-id': message.id,
      role: 'group',
      'aria-label': card.title,
    });
    node.append(h('h3', { class: 'card-title', 'data-testid': 'card-title', text: card.title }));
    if (card.subtitle) node.append(h('p', { class: 'card-subtitle', 'data-testid': 'card-subtitle', text: card.subtitle }));
    if (card.text) node.append(h('p', { class: 'card-text', 'data-testid': 'card-text', text: card.text }));
    if (card.facts && card.facts.length) {
      const body = h('tbody');
      for (const fact of card.facts) {
        body.append(h('tr', { 'data-testid': 'card-fact' },
          h('th', { scope: 'row', text: fact.label }),
          h('td', { text: fact.value })));
      }
      node.append(h('table', { class: 'card-facts', 'data-testid': 'card-facts' }, body));
    }
    if (card.items && card.items.length) {
      const list = h('ul', { class: 'card-items', 'data-testid': 'card-items' });
      for (const item of card.items) {
        const buttons = h('div', { class: 'card-item-actions' });
        for (const action of item.actions || []) {
          const style = action.style === 'Positive' ? ' btn-positive' : '';
          const button = h('button', { type: 'button', class: `btn btn-small${style}`, 'data-testid': 'card-item-action', 'data-verb': action.verb }, action.title);
          button.addEventListener('click', () => runAction(message, action, node, null));
          buttons.append(button);
        }
        list.append(h('li', { class: 'card-item', 'data-testid': 'card-item', 'data-accent': item.accent || 'Default' },
          h('div', { class: 'card-item-text' },
            h('span', { class: 'card-item-title', 'data-testid': 'card-item-title', text: item.title }),
            item.detail ? h('span', { class: 'card-item-detail', 'data-testid': 'card-item-detail', text: item.detail }) : null),
          buttons));
      }
      node.append(list);
    }
    const inputs = h('div', { class: 'card-inputs' });
    for (const input of card.inputs || []) inputs.append(inputControl(input, `c-${message.id}`));
    node.append(inputs);
    const actions = h('div', { class: 'card-actions' });
    // What a button or a "More" entry does: open its form under the buttons, or send it.
    const choose = (action, opener) => {
      if (!action.form) {
        runAction(message, action, node, null);
        return;
      }
      openForm(message, action, node, actions, opener);
      const open = node.querySelector('.card-form');
      for (const other of actions.querySelectorAll('[data-testid="card-action"][aria-expanded]')) other.setAttribute('aria-expanded', 'false');
      if (open && open.dataset.verb === action.verb && opener.dataset.testid === 'card-action') opener.setAttribute('aria-expanded', 'true');
    };
    const all = card.actions || [];
    for (const action of all.filter(a => a.prominence !== 'Secondary')) {
      const style = action.style === 'Positive' ? ' btn-positive' : action.style === 'Destructive' ? ' btn-destructive' : '';
      const button = h('button', {
        type: 'button',
        class: `btn${style}`,
        'data-testid': 'card-action',
        'data-verb': action.verb,
        'aria-expanded': action.form ? 'false' : null,
      }, action.title);
      button.addEventListener('click', () => choose(action, button));
      actions.append(button);
    }
    const secondary = all.filter(a => a.prominence === 'Secondary');
    if (secondary.length) actions.append(moreMenu(message, secondary, choose));
    // A link button opens its page in a new tab; nothing goes to the bot.
    for (const link of card.links || []) {
      actions.append(h('a', { class: 'btn btn-link', 'data-testid': 'card-link', href: link.url, target: '_blank', rel: 'noopener noreferrer' }, link.title));
    }
    node.append(actions);
    return node;
  }

  // The card's "More" menu: a menu button whose entries do what their buttons would (WAI-ARIA menu button).
  function moreMenu(message, actions, choose) {
    const menuId = `more-${message.id}`;
    const toggle = h('button', {
      type: 'button',
      class: 'btn btn-more',
      'data-testid': 'card-more',
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      'aria-controls': menuId,
    }, 'More', h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾'));
    const menu = h('div', { class: 'card-menu', id: menuId, role: 'menu', 'aria-label': 'More actions', 'data-testid': 'card-menu', hidden: true });
    const wrapper = h('div', { class: 'card-more' }, toggle, menu);
    const items = actions.map(action => {
      const item = h('button', {
        type: 'button',
        role: 'menuitem',
        tabindex: '-1',
        class: action.style === 'Destructive' ? 'menu-item destructive' : 'menu-item',
        'data-testid': 'card-menu-item',
        'data-verb': action.verb,
      }, action.title);
      item.addEventListener('click', () => {
        close(false);
        choose(action, toggle);
      });
      return item;
    });
    menu.append(...items);

    const onOutside = event => {
      if (!wrapper.contains(event.target)) close(false);
    };
    function open(focusIndex) {
      menu.hidden = false;
      // Near the bottom of a scrolled conversation the menu opens upwards rather than out of sight.
      menu.classList.remove('up');
      const scroller = wrapper.closest('#dm-messages, #channel-messages');
      if (scroller) {
        const box = menu.getBoundingClientRect();
        const room = scroller.getBoundingClientRect();
        if (box.bottom > room.bottom && toggle.getBoundingClientRect().top - box.height - 4 >= room.top) menu.classList.add('up');
      }
      toggle.setAttribute('aria-expanded', 'true');
      document.addEventListener('pointerdown', onOutside, true);
      items[(focusIndex + items.length) % items.length].focus();
    }
    function close(focusToggle) {
      if (menu.hidden) return;
      menu.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      document.removeEventListener('pointerdown', onOutside, true);
      if (focusToggle) toggle.focus();
    }
    toggle.addEventListener('click', () => (menu.hidden ? open(0) : close(true)));
    toggle.addEventListener('keydown', event => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        open(event.key === 'ArrowDown' ? 0 : -1);
      }
    });
    menu.addEventListener('keydown', event => {
      const index = items.indexOf(document.activeElement);
      let next = null;
      if (event.key === 'ArrowDown') next = index + 1;
      else if (event.key === 'ArrowUp') next = index - 1;
      else if (event.key === 'Home') next = 0;
      else if (event.key === 'End') next = items.length - 1;
      else if (event.key === 'Escape') {
        event.preventDefault();
        close(true);
        return;
      } else if (event.key === 'Tab') {
        close(false);
        return;
      }
      if (next === null) return;
      event.preventDefault();
      items[(next + items.length) % items.length].focus();
    });
    return wrapper;
  }

  // ---------------------------------------------------------------- messages

  function isMine(message) {
    const persona = currentPersona();
    return !!persona && !message.from.isBot && message.from.name === persona.name;
  }

  function renderMessage(message) {
    const mine = isMine(message);
    const classes = ['msg', message.from.isBot ? 'from-bot' : 'from-person', mine ? 'mine' : ''].join(' ').trim();
    const meta = h('div', { class: 'msg-meta' },
      h('span', { class: 'who', text: mine ? 'You' : message.from.name }),
      h('time', { datetime: message.at, text: formatTime(message.at) }),
      message.visibleTo ? h('span', { class: 'tag', text: 'Only visible to you' }) : null,
      message.edited ? h('span', { text: '(updated)' }) : null);
    const body = h('div', { class: 'msg-body' }, meta);
    if (message.text) body.append(h('div', { class: 'msg-text', 'data-testid': 'message-text', text: message.text }));
    if (message.card) body.append(renderCard(message));
    return h('div', { class: classes, 'data-testid': 'message', 'data-message-id': message.id },
      h('span', { class: 'avatar', 'aria-hidden': 'true', text: message.from.isBot ? 'S' : initials(message.from.name) }),
      body);
  }

  // Puts `desired` as the children of `parent`. Stale nodes go first, so a replaced card doesn't make its
  // siblings move: moving a node blurs it, and focused fields, half-filled forms and thread replies being
  // typed survive a refresh.
  function syncChildren(parent, desired) {
    const keep = new Set(desired);
    for (const child of [...parent.children]) if (!keep.has(child)) child.remove();
    desired.forEach((child, index) => {
      if (parent.children[index] !== child) parent.insertBefore(child, parent.children[index] || null);
    });
  }

  function createView(container, emptyText, threadReplies) {
    return {
      container,
      emptyText,
      // Whether ticket cards get a "Reply in thread" composer (team channels).
      threadReplies,
      conversationId: null,
      // Bumped on every reset, so a late answer for the previous persona or channel is dropped.
      generation: 0,
      key: null, // persona|conversation|version last rendered
      seq: 0,
      renderedSeq: 0,
      messages: new Map(), // id -> { sig, node }
      entries: new Map(), // root id -> { node, thread }
    };
  }

  function resetView(view, conversationId) {
    view.conversationId = conversationId;
    view.generation++;
    view.key = null;
    view.messages.clear();
    view.entries.clear();
    view.container.replaceChildren();
  }

  function renderView(view, messages) {
    const container = view.container;
    const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
    const known = new Set(view.messages.keys());
    const ids = new Set(messages.map(m => m.id));
    let appended = false;

    const nodeFor = message => {
      const sig = JSON.stringify(message);
      const cached = view.messages.get(message.id);
      if (cached && cached.sig === sig) return cached.node;
      const node = renderMessage(message);
      view.messages.set(message.id, { sig, node });
      if (!known.has(message.id)) appended = true;
      return node;
    };

    const roots = [];
    const replies = new Map();
    for (const message of messages) {
      if (message.threadId && message.threadId !== message.id && ids.has(message.threadId)) {
        if (!replies.has(message.threadId)) replies.set(message.threadId, []);
        replies.get(message.threadId).push(message);
      } else {
        roots.push(message);
      }
    }

    const desired = [];
    for (const root of roots) {
      let entry = view.entries.get(root.id);
      if (!entry) {
        entry = {
          node: h('div', { class: 'thread-root', 'data-testid': 'thread', 'data-root-id': root.id }),
          thread: h('div', { class: 'thread', 'data-testid': 'thread-replies' }),
          reply: view.threadReplies && isTicketCard(root) ? threadReplyComposer(view.conversationId, root) : null,
        };
        view.entries.set(root.id, entry);
      }
      syncChildren(entry.thread, (replies.get(root.id) || []).map(nodeFor));
      syncChildren(entry.node, [nodeFor(root), entry.thread, entry.reply].filter(Boolean));
      desired.push(entry.node);
    }

    for (const id of [...view.messages.keys()]) if (!ids.has(id)) view.messages.delete(id);
    for (const id of [...view.entries.keys()]) if (!ids.has(id)) view.entries.delete(id);

    if (desired.length === 0) {
      container.replaceChildren(h('p', { class: 'empty', 'data-testid': 'empty', text: view.emptyText() }));
      return;
    }
    syncChildren(container, desired);
    if (appended && (nearBottom || known.size === 0)) container.scrollTop = container.scrollHeight;
  }

  function renderViewError(view, text) {
    view.key = null;
    view.messages.clear();
    view.entries.clear();
    view.container.replaceChildren(h('p', { class: 'empty', 'data-testid': 'empty', text }));
  }

  const dmView = createView(el.dmMessages, () => {
    const persona = currentPersona();
    const first = persona ? persona.name.split(' ')[0] : 'there';
    return `Hi ${first}! Tell Switchboard what you need (“My VPN drops every call”, “Update my bank details”) and it files a request with the right team.`;
  }, false);
  const channelView = createView(el.channelMessages, () => 'No tickets in this channel yet. File one from the chat on the left.', true);

  async function refreshView(view) {
    if (!state.persona || !view.conversationId) return;
    const generation = view.generation;
    const seq = ++view.seq;
    const path = `/conversations/${encodeURIComponent(view.conversationId)}/messages?persona=${encodeURIComponent(state.persona)}`;
    const result = await requestJson('GET', path);
    if (generation !== view.generation || seq < view.renderedSeq) return;
    view.renderedSeq = seq;
    if (!result.ok) {
      renderViewError(view, errorText(result, 'Could not load this conversation'));
      return;
    }
    if (view === channelView) markSeen(view.conversationId, result.payload.version);
    const key = `${state.persona}|${view.conversationId}|${result.payload.version}`;
    if (key === view.key) return;
    renderView(view, result.payload.messages || []);
    view.key = key;
  }

  let refreshing = null;
  let refreshAgain = false;

  async function refreshAll() {
    if (refreshing) {
      refreshAgain = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        refreshAgain = false;
        try {
          await Promise.all([state.view === 'home' ? refreshHome() : refreshView(dmView), refreshView(channelView)]);
          if (state.offline) {
            state.offline = false;
            clearNotice('offline');
          }
        } catch {
          state.offline = true;
          showNotice('Lost contact with Switchboard. Retrying…', 'error', 'offline');
        }
      } while (refreshAgain);
    })();
    try {
      await refreshing;
    } finally {
      refreshing = null;
    }
  }

  // ---------------------------------------------------------------- home page

  // The persona's home page, as Slack's App Home shows it: their requests and, for agents, their queue.
  async function refreshHome() {
    const persona = state.persona;
    if (!persona) return;
    const result = await requestJson('GET', `/home?persona=${encodeURIComponent(persona)}`);
    if (persona !== state.persona || state.view !== 'home') return;
    if (!result.ok) {
      state.homeKey = null;
      el.home.replaceChildren(h('p', { class: 'empty', 'data-testid': 'empty', text: errorText(result, 'Could not load the home page') }));
      return;
    }
    const sections = (result.payload && result.payload.sections) || [];
    const key = `${persona}|${JSON.stringify(sections)}`;
    if (key === state.homeKey) return;
    state.homeKey = key;
    el.home.replaceChildren(...sections.map((card, index) =>
      h('section', { class: 'home-section', 'data-testid': 'home-section' }, renderCard({ id: `home-${index}`, home: true, card }))));
  }

  function showView(view, focus) {
    state.view = view;
    state.homeKey = null;
    const home = view === 'home';
    el.home.hidden = !home;
    el.dmMessages.hidden = home;
    el.composer.hidden = home;
    el.viewHome.setAttribute('aria-selected', home ? 'true' : 'false');
    el.viewChat.setAttribute('aria-selected', home ? 'false' : 'true');
    el.viewHome.tabIndex = home ? 0 : -1;
    el.viewChat.tabIndex = home ? -1 : 0;
    if (focus) (home ? el.viewHome : el.viewChat).focus();
    if (!home) dmView.key = null;
    refreshNow();
  }

  el.viewChat.addEventListener('click', () => showView('chat', false));
  el.viewHome.addEventListener('click', () => showView('home', false));
  for (const tab of [el.viewChat, el.viewHome]) {
    tab.addEventListener('keydown', event => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      event.preventDefault();
      showView(state.view === 'home' ? 'chat' : 'home', true);
    });
  }

  function refreshNow() {
    refreshAll();
  }

  function markSeen(conversationId, version) {
    state.seenVersions.set(conversationId, version);
    setActivity(conversationId, false);
  }

  function setActivity(conversationId, active) {
    if (active) state.activeChannels.add(conversationId);
    else state.activeChannels.delete(conversationId);
    const tab = el.tabs.querySelector(`[data-conversation-id="${CSS.escape(conversationId)}"]`);
    if (!tab) return;
    const dot = tab.querySelector('.activity');
    if (active && !dot) {
      tab.append(h('span', { class: 'activity', 'data-testid': 'channel-activity', title: 'New activity' },
        h('span', { class: 'visually-hidden' }, 'new activity')));
    } else if (!active && dot) {
      dot.remove();
    }
  }

  // Marks the tabs of channels that changed since the person last looked at them.
  async function checkOtherChannels() {
    if (!state.persona) return;
    const others = state.channels.filter(c => c.conversationId !== state.channelId);
    await Promise.all(others.map(async channel => {
      const path = `/conversations/${encodeURIComponent(channel.conversationId)}/messages?persona=${encodeURIComponent(state.persona)}`;
      const result = await requestJson('GET', path);
      if (!result.ok || !result.payload || channel.conversationId === state.channelId) return;
      const version = result.payload.version;
      const seen = state.seenVersions.get(channel.conversationId);
      if (seen === undefined) {
        state.seenVersions.set(channel.conversationId, version);
        return;
      }
      setActivity(channel.conversationId, version !== seen);
    }));
  }

  function pollLoop() {
    const next = () => setTimeout(pollLoop, POLL_MS);
    if (document.hidden) {
      next();
      return;
    }
    const checkOthers = state.pollCount++ % ACTIVITY_EVERY === 0;
    refreshAll()
      .then(() => (checkOthers ? checkOtherChannels() : undefined))
      .catch(() => undefined)
      .finally(next);
  }

  // ---------------------------------------------------------------- composer

  async function postMessage(conversationId, threadId, text, button) {
    const trimmed = text.trim();
    if (!trimmed) return false;
    button.disabled = true;
    let result;
    try {
      result = await requestJson('POST', '/messages', {
        persona: state.persona,
        conversationId,
        threadId,
        text: trimmed,
      });
    } catch {
      showNotice('Could not reach Switchboard. Is the host still running?', 'error');
      return false;
    } finally {
      button.disabled = false;
    }
    refreshNow();
    if (!result.ok) {
      showNotice(errorText(result, 'Could not send the message'), 'error');
      return false;
    }
    // The text is in the conversation now, and the engine answers typed text (a refusal included) with
    // a reply there, so a toast would only repeat it.
    return true;
  }

  // A composer posts to the conversation `target()` names; drafts are kept per persona and conversation.
  function wireComposer(form, input, button, target) {
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const text = input.value;
      const conversationId = target();
      if (!text.trim() || !state.persona || !conversationId) return;
      const persona = state.persona;
      const ok = await postMessage(conversationId, null, text, button);
      if (ok && state.persona === persona && target() === conversationId && input.value === text) {
        input.value = '';
        state.drafts.delete(`${persona}|${conversationId}`);
      }
      input.focus();
    });
    input.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  function saveDraft(input, conversationId) {
    if (!state.persona || !conversationId) return;
    const key = `${state.persona}|${conversationId}`;
    if (input.value) state.drafts.set(key, input.value);
    else state.drafts.delete(key);
  }

  function loadDraft(input, conversationId) {
    input.value = state.drafts.get(`${state.persona}|${conversationId}`) || '';
  }

  // Grows a textarea with its text, up to the height its CSS allows.
  function autosize(input) {
    input.style.height = 'auto';
    if (input.value && input.scrollHeight) input.style.height = `${input.scrollHeight + 2}px`;
  }

  // ---------------------------------------------------------------- thread replies

  // A ticket card in a team channel: a public top-level card from the bot, whose thread is the ticket's.
  function isTicketCard(message) {
    return !!message.card && message.from.isBot && !message.threadId && !message.visibleTo;
  }

  function cardFact(card, label) {
    const fact = (card.facts || []).find(f => f.label === label);
    return fact ? fact.value : null;
  }

  // "Reply in thread" under a ticket card: a small button that opens a composer posting into the card's
  // thread. Built once per card and kept across refreshes; the draft is kept per persona and card.
  function threadReplyComposer(conversationId, root) {
    const draftKey = `${conversationId}#${root.id}`;
    const domId = `reply-${root.id}`;
    const title = root.card.title;
    const persona = currentPersona();
    const channel = state.channels.find(c => c.conversationId === conversationId);
    const agent = !!persona && !!channel && (persona.teams || []).includes(channel.teamId);
    const requester = cardFact(root.card, 'Requester');
    const keys = 'Enter sends, Shift+Enter adds a line, Esc closes.';
    const hint = agent ? `Goes to ${requester || 'the requester'}’s direct chat. ${keys}` : keys;

    const open = h('button', {
      type: 'button',
      class: 'thread-reply-open',
      'data-testid': 'thread-reply-open',
      'aria-expanded': 'false',
      'aria-controls': `${domId}-form`,
      'aria-label': `Reply in the thread of ${title}`,
    }, 'Reply in thread');
    const input = h('textarea', {
      id: `${domId}-input`,
      'data-testid': 'thread-reply-input',
      rows: 1,
      maxlength: 4000,
      placeholder: agent && requester ? `Reply to ${requester}…` : 'Reply in thread…',
      'aria-describedby': `${domId}-hint`,
    });
    const send = h('button', { type: 'submit', class: 'btn btn-positive', 'data-testid': 'thread-reply-send' }, 'Send');
    const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'thread-reply-close' }, 'Close');
    const form = h('form', {
      id: `${domId}-form`,
      class: 'thread-reply-form',
      'data-testid': 'thread-reply-form',
      autocomplete: 'off',
      hidden: true,
    },
    h('label', { for: input.id, class: 'visually-hidden' }, `Reply in the thread of ${title}`),
    input,
    h('div', { class: 'thread-reply-bar' },
      h('span', { id: `${domId}-hint`, class: 'thread-reply-hint', text: hint }),
      cancel,
      send));
    const node = h('div', { class: 'thread-reply', 'data-testid': 'thread-reply' }, open, form);

    const expand = focus => {
      form.hidden = false;
      open.hidden = true;
      open.setAttribute('aria-expanded', 'true');
      // A restored draft is expanded before the card is in the page; size it once it is laid out.
      requestAnimationFrame(() => autosize(input));
      if (focus) input.focus();
    };
    const collapse = () => {
      form.hidden = true;
      open.hidden = false;
      open.setAttribute('aria-expanded', 'false');
      open.focus();
    };

    let sending = false;
    open.addEventListener('click', () => expand(true));
    cancel.addEventListener('click', collapse);
    form.addEventListener('keydown', event => {
      if (event.key === 'Escape' && !event.isComposing) {
        event.preventDefault();
        collapse();
      }
    });
    input.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    input.addEventListener('input', () => {
      saveDraft(input, draftKey);
      autosize(input);
    });
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const text = input.value;
      if (sending || !text.trim() || !state.persona) return;
      const sender = state.persona;
      sending = true;
      let ok;
      try {
        ok = await postMessage(conversationId, root.id, text, send);
      } finally {
        sending = false;
      }
      if (!ok) return;
      if (state.drafts.get(`${sender}|${draftKey}`) === text) state.drafts.delete(`${sender}|${draftKey}`);
      if (input.value === text) {
        input.value = '';
        autosize(input);
      }
      if (node.isConnected && !form.hidden) input.focus();
    });

    loadDraft(input, draftKey);
    if (input.value) expand(false);
    return node;
  }

  wireComposer(el.composer, el.dmInput, el.dmSend, () => (state.persona ? `dm:${state.persona}` : null));
  wireComposer(el.channelComposer, el.channelInput, el.channelSend, () => state.channelId);

  // ---------------------------------------------------------------- personas and channels

  function renderPersonas() {
    const employees = h('optgroup', { label: 'Employees' });
    const agents = h('optgroup', { label: 'Agents' });
    for (const persona of state.personas) {
      const teams = persona.teams || [];
      if (teams.length) {
        agents.append(h('option', { value: persona.id }, `${persona.name} · ${teams.map(teamName).join(', ')}`));
      } else {
        employees.append(h('option', { value: persona.id }, persona.name));
      }
    }
    el.personaSelect.replaceChildren(...[employees, agents].filter(g => g.children.length));
    el.personaSelect.disabled = false;
  }

  function renderTabs() {
    const persona = currentPersona();
    const myTeams = new Set(persona ? persona.teams || [] : []);
    const tabs = state.channels.map(channel => {
      const tab = h('button', {
        type: 'button',
        role: 'tab',
        class: 'tab',
        id: `tab-${channel.teamId}`,
        'data-testid': `channel-tab-${channel.teamId}`,
        'data-conversation-id': channel.conversationId,
        'aria-controls': 'channel-panel',
        title: channel.confidential ? `${channel.name} (confidential)` : channel.name,
      },
      channel.confidential ? lockIcon() : null,
      h('span', { text: channel.name }),
      channel.confidential ? h('span', { class: 'badge', 'data-testid': 'confidential-badge' }, 'Confidential') : null,
      channel.private && !channel.confidential ? h('span', { class: 'badge' }, 'Private') : null,
      myTeams.has(channel.teamId) ? h('span', { class: 'mine-dot', title: 'Your team', 'aria-label': 'your team' }) : null);
      tab.addEventListener('click', () => selectChannel(channel.conversationId, false));
      return tab;
    });
    el.tabs.replaceChildren(...tabs);
    for (const conversationId of state.activeChannels) setActivity(conversationId, true);
    updateTabSelection();
  }

  // Updates the existing tab buttons in place so the one being clicked or arrowed to keeps focus.
  function updateTabSelection() {
    for (const tab of el.tabs.querySelectorAll('[role="tab"]')) {
      const selected = tab.dataset.conversationId === state.channelId;
      tab.setAttribute('aria-selected', selected ? 'true' : 'false');
      tab.tabIndex = selected ? 0 : -1;
    }
  }

  el.tabs.addEventListener('keydown', event => {
    const tabs = [...el.tabs.querySelectorAll('[role="tab"]')];
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    event.preventDefault();
    selectChannel(tabs[next].dataset.conversationId, true);
  });

  function renderChannelInfo() {
    const channel = state.channels.find(c => c.conversationId === state.channelId);
    const persona = currentPersona();
    if (!channel || !persona) {
      el.channelInfo.textContent = '';
      return;
    }
    const agent = (persona.teams || []).includes(channel.teamId);
    const parts = [];
    parts.push(channel.recognition
      ? 'Kudos everyone can see. Add your thanks with +1, or give kudos in your chat: kudos @Name for …'
      : agent
        ? `You are an agent of ${channel.name}: work tickets from their cards.`
        : `You are not an agent of ${channel.name}; its agents work these tickets.`);
    if (channel.confidential) parts.push('Confidential team: request details stay with its agents.');
    el.channelInfo.textContent = parts.join(' ');
    el.channelInputLabel.textContent = `Message ${channel.name}`;
    el.channelInput.placeholder = `Message ${channel.name} as ${persona.name} (try “help”)`;
    el.channelPanel.setAttribute('aria-labelledby', `tab-${channel.teamId}`);
  }

  function selectChannel(conversationId, focus) {
    if (!state.channels.some(c => c.conversationId === conversationId)) return;
    if (conversationId !== state.channelId) {
      saveDraft(el.channelInput, state.channelId);
      state.channelId = conversationId;
      loadDraft(el.channelInput, conversationId);
      localStorage.setItem('switchboard.playground.channel', conversationId);
      resetView(channelView, conversationId);
    }
    updateTabSelection();
    renderChannelInfo();
    if (focus) {
      const tab = el.tabs.querySelector('[aria-selected="true"]');
      if (tab) tab.focus();
    }
    refreshNow();
  }

  function selectPersona(personaId) {
    const persona = state.personas.find(p => p.id === personaId);
    if (!persona) return;
    if (state.persona) {
      saveDraft(el.dmInput, `dm:${state.persona}`);
      saveDraft(el.channelInput, state.channelId);
    }
    state.persona = persona.id;
    clearTransientNotices();
    localStorage.setItem('switchboard.playground.persona', persona.id);
    el.personaSelect.value = persona.id;
    loadDraft(el.dmInput, `dm:${persona.id}`);
    const teams = persona.teams || [];
    el.personaRole.textContent = teams.length ? `Agent · ${teams.map(teamName).join(', ')}` : 'Employee';
    el.chatHint.textContent = `Your direct messages with the bot, as ${persona.name}.`;
    // An agent starts on their own team's channel; anyone else keeps the channel they were looking at.
    let channelId = state.channelId;
    if (teams.length && !teams.some(t => `team:${t}` === channelId)) {
      const own = state.channels.find(c => c.teamId === teams[0]);
      if (own) channelId = own.conversationId;
    }
    if (!state.channels.some(c => c.conversationId === channelId) && state.channels.length) {
      channelId = state.channels[0].conversationId;
    }
    state.channelId = channelId;
    loadDraft(el.channelInput, channelId);
    resetView(dmView, `dm:${persona.id}`);
    state.homeKey = null;
    resetView(channelView, channelId);
    renderTabs();
    renderChannelInfo();
    refreshNow();
  }

  el.personaSelect.addEventListener('change', () => selectPersona(el.personaSelect.value));

  // Development only: move "now" forward so reminders, escalations and survey expiry can be tried by hand.
  const clock = document.getElementById('clock');
  const clockNow = document.getElementById('clock-now');

  function showClock(payload) {
    const ahead = payload.offset && payload.offset !== '00:00:00' ? ` (ahead by ${payload.offset})` : '';
    const now = new Date(payload.now).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    clockNow.textContent = `${now}${ahead}`;
  }

  async function initClock() {
    const result = await requestJson('GET', '/clock');
    if (!result.ok || !result.payload) return;
    clock.hidden = false;
    showClock(result.payload);
    clock.addEventListener('click', async event => {
      const button = event.target.closest('button');
      if (!button) return;
      const body = button.dataset.reset ? { reset: true } : { advance: button.dataset.advance };
      const moved = await requestJson('POST', '/clock', body);
      if (!moved.ok) {
        showNotice(errorText(moved, 'The clock did not move'), 'error');
        return;
      }
      showClock(moved.payload);
      showNotice(button.dataset.reset ? 'Clock back to the real time.' : `Clock moved forward: ${button.textContent}. Due reminders arrive within seconds.`, 'info');
      refreshNow();
    });
  }

  async function start() {
    let personas;
    let channels;
    try {
      [personas, channels] = await Promise.all([requestJson('GET', '/personas'), requestJson('GET', '/channels')]);
    } catch {
      showNotice('Could not reach Switchboard. Reload the page once the host is running.', 'error');
      return;
    }
    if (!personas.ok || !channels.ok) {
      showNotice(errorText(personas.ok ? channels : personas, 'The playground API is not available'), 'error');
      return;
    }
    state.personas = personas.payload || [];
    state.channels = channels.payload || [];
    renderPersonas();
    const savedChannel = localStorage.getItem('switchboard.playground.channel');
    if (state.channels.some(c => c.conversationId === savedChannel)) state.channelId = savedChannel;
    const savedPersona = localStorage.getItem('switchboard.playground.persona');
    const initial = state.personas.find(p => p.id === savedPersona) || state.personas[0];
    if (!initial) {
      showNotice('No personas are configured (Playground:Personas in appsettings.json).', 'error');
      return;
    }
    selectPersona(initial.id);
    initClock();
    pollLoop();
  }

  start();
})();
