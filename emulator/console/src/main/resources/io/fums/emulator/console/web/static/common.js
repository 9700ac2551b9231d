// The pages' shared helpers. Every value from the API is written with textContent (never as HTML).
'use strict';

const Fums = (() => {
  const STATE_COLOURS = {
    PENDING: '#b0bec5', INITIATED: '#90caf9', TRANSFERRING: '#42a5f5', TRANSFERRED: '#1e88e5', VERIFYING: '#5c6bc0',
    VERIFIED: '#3949ab', ACTIVATION_SCHEDULED: '#8e24aa', ACTIVATING: '#ab47bc', SELF_TEST: '#ffa726',
    SUCCEEDED: '#43a047', FAILED: '#e53935', REVERTED: '#c62828', CANCELLED: '#757575'
  };

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'class') e.className = v; else if (k === 'href') e.href = v; else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function badge(state) {
    return el('span', {class: 'badge ' + String(state || '').replace(/[^A-Za-z_]/g, '')}, state || '-');
  }

  function text(id, value) {
    const e = document.getElementById(id);
    if (e) e.textContent = value === null || value === undefined ? '-' : String(value);
  }

  function showError(message) {
    const e = document.getElementById('error');
    if (e) {
      e.textContent = message;
      e.classList.add('shown');
    }
  }

  function clearError() {
    const e = document.getElementById('error');
    if (e) e.classList.remove('shown');
  }

  /** GET a JSON document of the API; on a refusal, throws an Error with the server's message. */
  async function get(path) {
    const r = await fetch(path, {headers: {'Accept': 'application/json'}, cache: 'no-store'});
    const body = await r.json();
    if (!r.ok) throw new Error((body && body.error ? body.error + ': ' : '') + (body && body.message || r.status));
    return body;
  }

  let sessionPromise = null;

  /** The session: CSRF token, operator key id (null: read-only), version. */
  function session() {
    if (!sessionPromise) {
      sessionPromise = get('/api/session').then(s => {
        text('who', (s.operatorKeyId ? 'operator key ' + s.operatorKeyId : 'read-only (no operator key)')
          + ' \u00b7 ' + s.version);
        return s;
      });
    }
    return sessionPromise;
  }

  /** POST a command with this session's token. */
  async function post(path, body) {
    const s = await session();
    const r = await fetch(path, {
      method: 'POST', cache: 'no-store',
      headers: {'Content-Type': 'application/json', 'X-Fums-Csrf': s.csrf},
      body: JSON.stringify(body)
    });
    const answer = await r.json();
    if (!r.ok) throw new Error((answer.error ? answer.error + ': ' : '') + answer.message);
    return answer;
  }

  /** Follows the live updates: handlers by event name. Reconnects by itself; onOpen runs at each (re)connection. */
  function live(handlers, onOpen) {
    const source = new EventSource('/api/events');
    const dot = document.getElementById('live');
    source.onopen = () => {
      if (dot) dot.classList.add('on');
      if (onOpen) onOpen();
    };
    source.onerror = () => {
      if (dot) dot.classList.remove('on');
    };
    for (const [name, fn] of Object.entries(handlers)) {
      source.addEventListener(name, ev => {
        try {
          fn(JSON.parse(ev.data));
        } catch (e) {
          showError('live update ' + name + ': ' + e.message);
        }
      });
    }
    return source;
  }

  function countsText(counts) {
    return Object.entries(counts || {}).map(([k, v]) => k + '=' + v).join(' ');
  }

  function software(sw) {
    if (!sw) return '-';
    const features = (sw.features || []).map(f => f.name + ' ' + f.version).join(', ');
    return 'gen ' + sw.generation + (features ? ': ' + features : '');
  }

  function firmware(meters) {
    if (!meters || !meters.firmware) return '-';
    const parts = Object.entries(meters.firmware).map(([v, n]) => v + ' \u00d7' + n);
    if (meters.unidentified) parts.push('? \u00d7' + meters.unidentified);
    return parts.join(', ') || '-';
  }

  function time(iso) {
    if (!iso) return '-';
    return String(iso).replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function param(name) {
    return new URLSearchParams(window.location.search).get(name);
  }

  function replaceRows(table, rows) {
    const body = document.querySelector('#' + table + ' tbody');
    body.replaceChildren(...rows);
  }

  return {STATE_COLOURS, el, badge, text, showError, clearError, get, post, session, live, countsText, software,
    firmware, time, param, replaceRows};
})();
