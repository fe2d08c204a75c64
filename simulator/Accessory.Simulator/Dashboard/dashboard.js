'use strict';
// The dashboard's only script: follows /events (Server-Sent Events), re-renders the server's sections after an
// event, and turns button clicks into control API calls. No polling: the page asks only when the device speaks.
(() => {
  const levels = ['trace', 'debug', 'info', 'warning', 'error', 'critical'];
  const rank = level => Math.max(0, levels.indexOf(level));
  const timeline = document.getElementById('timeline');
  const levelSelect = document.getElementById('level');
  const live = document.getElementById('live');
  const notice = document.getElementById('notice');
  const maxRows = 400;
  let refreshQueued = false;

  function say(text, bad) {
    notice.textContent = text;
    notice.className = bad ? 'bad' : '';
    notice.hidden = !text;
  }

  // What the user is editing survives a re-render: typed values not yet sent, and opened parameter lists.
  const edited = new Map();
  const keyOf = input => input.dataset.param !== undefined
    ? input.closest('.fault').dataset.fault + ' ' + input.dataset.param
    : input.closest('tr').dataset.bssid + ' rssi';

  document.addEventListener('input', event => {
    if (event.target.matches('[data-param], [data-rssi]')) {
      edited.set(keyOf(event.target), event.target.value);
    }
  });

  function forget(element) {
    for (const input of element.querySelectorAll('[data-param], [data-rssi]')) {
      edited.delete(keyOf(input));
    }
  }

  // One re-render at a time, in order: an older response finishing after a newer one would put stale sections back
  // with nothing left to correct them. An event during a re-render asks for one more after it.
  let rendering = false;
  let renderAgain = false;

  async function refresh() {
    refreshQueued = false;
    if (rendering) {
      renderAgain = true;
      return;
    }
    rendering = true;
    try {
      await render();
    } finally {
      rendering = false;
      if (renderAgain) {
        renderAgain = false;
        queueRefresh();
      }
    }
  }

  async function render() {
    const response = await fetch('/dashboard/sections', { cache: 'no-store' });
    if (!response.ok) {
      return;
    }
    const html = await response.text();
    // What is open and focused is read only now, after the last wait: a parameter list opened while the request was
    // out must not be closed by the replacement below (nothing can run between here and the end of the replacement).
    const open = new Set([...document.querySelectorAll('.fault details[open]')].map(d => d.closest('.fault').dataset.fault));
    const active = document.activeElement;
    const focused = active && active.matches('[data-param], [data-rssi]') ? keyOf(active) : null;
    const fresh = document.createElement('template');
    fresh.innerHTML = html;
    for (const section of fresh.content.querySelectorAll('section[id]')) {
      const old = document.getElementById(section.id);
      if (old) {
        old.replaceWith(section);
      }
    }
    for (const details of document.querySelectorAll('.fault details')) {
      details.open = open.has(details.closest('.fault').dataset.fault);
    }
    for (const input of document.querySelectorAll('[data-param], [data-rssi]')) {
      const key = keyOf(input);
      if (edited.has(key)) {
        input.value = edited.get(key);
      }
      if (key === focused) {
        input.focus();
      }
    }
    tick();
  }

  function queueRefresh() {
    if (!refreshQueued) {
      refreshQueued = true;
      setTimeout(refresh, 150);
    }
  }

  function applyFilter(row) {
    row.hidden = rank(row.dataset.level) < rank(levelSelect.value);
  }

  function addRow(e) {
    const row = document.createElement('li');
    row.dataset.level = e.level;
    row.dataset.kind = e.kind;
    row.className = 'event kind-' + e.kind + ' level-' + e.level;
    const time = document.createElement('time');
    time.dateTime = e.time;
    time.textContent = e.time.substring(11, 23);
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.textContent = e.kind === 'log' ? e.component : e.kind;
    const text = document.createElement('span');
    text.className = 'message';
    text.textContent = e.message;
    row.append(time, ' ', tag, ' ', text);
    applyFilter(row);
    timeline.prepend(row);
    while (timeline.children.length > maxRows) {
      timeline.lastElementChild.remove();
    }
  }

  levelSelect.addEventListener('change', () => {
    for (const row of timeline.children) {
      applyFilter(row);
    }
  });

  const source = new EventSource('/events');
  source.onopen = () => { live.textContent = 'live'; live.className = 'badge ok'; };
  source.onerror = () => { live.textContent = 'reconnecting…'; live.className = 'badge bad'; };
  // Log lines of the parts whose figures the sections show (MQTT link and queue, provisioning, local API) also
  // re-render; the control server's own request log must not, or each re-render would ask for the next one.
  const rerenderOn = new Set(['mqtt', 'cloud', 'prov', 'api', 'ble']);
  source.addEventListener('device', message => {
    const e = JSON.parse(message.data);
    addRow(e);
    if (e.kind !== 'log' || rerenderOn.has(e.component)) {
      queueRefresh();
    }
  });

  // Counts active faults' remaining time down locally; the server sends the end time with each render.
  function tick() {
    for (const span of document.querySelectorAll('[data-ends-at]')) {
      const left = Math.max(0, Math.round((Number(span.dataset.endsAt) - Date.now()) / 1000));
      span.textContent = left + ' s left';
    }
  }
  setInterval(tick, 1000);

  function quote(value) {
    return /[,"=\s]/.test(value) ? '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"' : value;
  }

  async function send(method, url, body) {
    const response = await fetch(url, { method, body, headers: body === undefined ? {} : { 'Content-Type': 'text/plain' } });
    if (!response.ok) {
      let message = response.status + ' ' + response.statusText;
      try { message = (await response.json()).error || message; } catch (_) { /* not JSON */ }
      say(message, true);
      return false;
    }
    say('');
    return true;
  }

  document.addEventListener('click', async event => {
    const button = event.target.closest('button[data-action]');
    if (!button) {
      return;
    }
    const { action, name, bssid } = button.dataset;
    const owner = button.closest('.fault, tr');
    let ok = false;
    if (action === 'fault-set') {
      const card = button.closest('.fault');
      const values = [...card.querySelectorAll('[data-param]')]
        .filter(input => input.value.trim() !== '')
        .map(input => input.dataset.param + '=' + quote(input.value.trim()));
      ok = await send('POST', '/faults', name + (values.length ? ':' + values.join(',') : ''));
    } else if (action === 'fault-clear') {
      ok = await send('DELETE', '/faults/' + encodeURIComponent(name));
    } else if (action === 'ap-away' || action === 'ap-back') {
      ok = await send('POST', '/radio/' + encodeURIComponent(bssid), action === 'ap-away' ? 'away' : 'back');
    } else if (action === 'ap-rssi') {
      const input = button.closest('tr').querySelector('[data-rssi]');
      ok = await send('POST', '/radio/' + encodeURIComponent(bssid), 'rssi ' + input.value);
    }
    if (ok) {
      forget(owner);
      refresh();
    }
  });

  tick();
})();
