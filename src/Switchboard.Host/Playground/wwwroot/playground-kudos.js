// Switchboard playground: the "Give kudos" form, the same form Slack's modal and Teams' dialog show.
// It asks /api/playground/kudos/form for the form (its people picker offers the other personas) and posts to
// /api/playground/kudos, which runs the same verb and rules. All text goes through textContent.
(() => {
  'use strict';

  const API = '/api/playground';
  const ADMIN_KEY = 'switchboard.adminKey';
  const NOTICE_MS = 12000;

  const opener = document.getElementById('give-kudos');
  const dialog = document.getElementById('kudos-dialog');
  const form = document.getElementById('kudos-form');
  const personaSelect = document.getElementById('persona-select');
  const notices = document.getElementById('notices');

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  async function requestJson(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const key = sessionStorage.getItem(ADMIN_KEY);
    if (key) headers['X-Admin-Key'] = key;
    const response = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    let payload = null;
    try { payload = JSON.parse(await response.text()); } catch { payload = null; }
    return { ok: response.ok, status: response.status, payload };
  }

  function showNotice(text, kind) {
    const close = h('button', { type: 'button', 'aria-label': 'Dismiss', title: 'Dismiss' }, '×');
    const notice = h('div', { class: `notice ${kind}`, role: 'alert', 'data-testid': 'notice', 'data-kind': kind }, h('p', { text }), close);
    close.addEventListener('click', () => notice.remove());
    notices.append(notice);
    setTimeout(() => notice.remove(), NOTICE_MS);
  }

  function field(input, control) {
    const required = input.requirement === 'Required';
    const error = h('span', { class: 'field-error', id: `kudos-${input.id}-error`, 'data-testid': `kudos-${input.id}-error`, 'aria-live': 'polite' });
    control.setAttribute('aria-describedby', error.id);
    const label = input.kind === 'People'
      ? h('legend', {}, input.label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null)
      : h('label', { for: `kudos-${input.id}` }, input.label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null);
    const wrapper = input.kind === 'People'
      ? h('fieldset', { class: 'field kudos-people', 'data-field': input.id }, label, control, error)
      : h('div', { class: 'field', 'data-field': input.id }, label, control, error);
    return wrapper;
  }

  function control(input) {
    const testid = `kudos-${input.id}`;
    if (input.kind === 'People') {
      // The playground's people picker: a checkbox per persona.
      const list = h('div', { class: 'kudos-people-list', 'data-testid': testid, role: 'group' });
      for (const choice of input.choices || []) {
        const box = h('input', { type: 'checkbox', value: choice.value, id: `kudos-person-${choice.value}`, 'data-testid': 'kudos-person' });
        list.append(h('label', { class: 'kudos-person', for: box.id }, box, ' ', choice.title));
      }
      return list;
    }
    if (input.kind === 'Choice') {
      const select = h('select', { id: testid, 'data-testid': testid });
      select.append(h('option', { value: '' }, input.requirement === 'Required' ? 'Choose…' : '(none)'));
      for (const choice of input.choices || []) select.append(h('option', { value: choice.value }, choice.title));
      select.value = input.value || '';
      return select;
    }
    const text = h('textarea', { id: testid, 'data-testid': testid, rows: 4, placeholder: input.placeholder || null, maxlength: input.maxLength || null });
    text.value = input.value || '';
    return text;
  }

  function clearErrors() {
    for (const error of form.querySelectorAll('.field-error')) error.textContent = '';
    for (const invalid of form.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  }

  function showError(fieldId, text) {
    const error = document.getElementById(`kudos-${fieldId}-error`) || form.querySelector('.field-error');
    if (error) error.textContent = text;
    const wrapper = form.querySelector(`[data-field="${fieldId}"]`);
    const target = wrapper && wrapper.querySelector('input, select, textarea');
    if (target) {
      target.setAttribute('aria-invalid', 'true');
      target.focus();
    }
  }

  function values() {
    return {
      people: Array.from(form.querySelectorAll('[data-testid="kudos-person"]:checked')).map(box => box.value),
      value: (form.querySelector('[data-testid="kudos-value"]') || { value: '' }).value,
      message: (form.querySelector('[data-testid="kudos-message"]') || { value: '' }).value,
    };
  }

  async function open() {
    const persona = personaSelect.value;
    const result = await requestJson('GET', `/kudos/form?persona=${encodeURIComponent(persona)}`);
    if (!result.ok || !result.payload) {
      showNotice((result.payload && result.payload.error) || `The kudos form is not available (HTTP ${result.status}).`, 'error');
      return;
    }
    const spec = result.payload;
    // One id per opened form: sending it twice (a double click, a retry) gives once.
    const formId = crypto.randomUUID();
    const send = h('button', { type: 'submit', class: 'btn btn-positive', 'data-testid': 'kudos-send' }, spec.submitTitle || 'Send');
    const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'kudos-cancel' }, 'Cancel');
    form.replaceChildren(...[
      h('h2', { id: 'kudos-title', text: spec.title }),
      spec.note ? h('p', { class: 'kudos-note', text: spec.note }) : null,
      ...spec.inputs.map(input => field(input, control(input))),
      h('div', { class: 'kudos-actions' }, cancel, send),
    ].filter(Boolean));
    cancel.addEventListener('click', () => dialog.close());
    form.onsubmit = async event => {
      event.preventDefault();
      clearErrors();
      const entered = values();
      if (entered.people.length === 0) { showError('people', 'Pick the people you want to thank.'); return; }
      if (!entered.message.trim()) { showError('message', 'Please fill this in.'); return; }
      send.disabled = true;
      try {
        const answer = await requestJson('POST', '/kudos', { persona, formId, ...entered });
        if (!answer.ok) {
          showError('people', (answer.payload && answer.payload.error) || `That didn't go through (HTTP ${answer.status}).`);
        } else if (answer.payload.outcome === 'Refused') {
          showError(answer.payload.field || 'people', answer.payload.notice || 'Switchboard refused that.');
        } else {
          dialog.close();
          if (answer.payload.notice) showNotice(answer.payload.notice, 'info');
        }
      } finally {
        send.disabled = false;
      }
    };
    dialog.showModal();
    const first = form.querySelector('input, select, textarea');
    if (first) first.focus();
  }

  opener.addEventListener('click', open);
})();
