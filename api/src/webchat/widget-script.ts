import { createHash } from 'node:crypto';

/**
 * The embeddable web chat widget, served at `/api/webchat/widget.js`. A website adds
 * `<script src="https://parley.example.com/api/webchat/widget.js" data-connection="<connection id>" async></script>`;
 * the script opens a chat bubble that talks to the web chat REST API (visitor, messages) and its server-sent event
 * stream, with the visitor's token kept in localStorage per connection. Plain ES2017 in a string (the API is not
 * compiled for the DOM), self-contained, no dependencies; every text goes in through `textContent`, never as HTML,
 * and links only open http(s) URLs.
 */
export const WIDGET_SCRIPT = `(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.getAttribute('data-connection')) return;
  var connectionId = script.getAttribute('data-connection');
  var title = script.getAttribute('data-title') || 'Chat with us';
  var api = new URL('..', script.src).href.replace(/\\/$/, '') + '/webchat/' + encodeURIComponent(connectionId);
  var storageKey = 'parley-webchat:' + connectionId;
  var visitor = null;
  try { visitor = JSON.parse(localStorage.getItem(storageKey) || 'null'); } catch (e) { visitor = null; }
  var shown = {};
  var stream = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var style = el('style');
  style.textContent = [
    '.parley-bubble{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:#2563eb;color:#fff;font:600 22px/1 system-ui,sans-serif;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483000}',
    '.parley-bubble:focus-visible,.parley-panel button:focus-visible,.parley-panel input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}',
    '.parley-panel{position:fixed;right:20px;bottom:88px;width:320px;max-width:calc(100vw - 40px);height:420px;max-height:calc(100vh - 120px);display:flex;flex-direction:column;background:#fff;color:#111;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);font:14px/1.4 system-ui,sans-serif;z-index:2147483000;overflow:hidden}',
    '.parley-panel[hidden]{display:none}',
    '.parley-head{background:#2563eb;color:#fff;padding:10px 12px;font-weight:600;display:flex;justify-content:space-between;align-items:center}',
    '.parley-head button{background:transparent;border:0;color:#fff;font-size:18px;cursor:pointer}',
    '.parley-log{flex:1;overflow-y:auto;padding:10px;display:flex;flex-direction:column;gap:6px}',
    '.parley-msg{max-width:80%;padding:6px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}',
    '.parley-in{align-self:flex-start;background:#f1f5f9}',
    '.parley-out{align-self:flex-end;background:#2563eb;color:#fff}',
    '.parley-actions{display:flex;flex-wrap:wrap;gap:4px}',
    '.parley-actions button,.parley-actions a{border:1px solid #2563eb;background:#fff;color:#2563eb;border-radius:14px;padding:3px 10px;font:inherit;cursor:pointer;text-decoration:none}',
    '.parley-form{display:flex;border-top:1px solid #e2e8f0}',
    '.parley-form input{flex:1;border:0;padding:10px;font:inherit}',
    '.parley-form button{border:0;background:#2563eb;color:#fff;padding:0 14px;font:inherit;cursor:pointer}'
  ].join('');
  document.head.appendChild(style);

  var bubble = el('button', 'parley-bubble');
  bubble.type = 'button';
  // A speech-bubble icon drawn as SVG (no emoji font needed), built node by node like everything else.
  var svgNs = 'http://www.w3.org/2000/svg';
  var icon = document.createElementNS(svgNs, 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('width', '26');
  icon.setAttribute('height', '26');
  icon.setAttribute('aria-hidden', 'true');
  var shape = document.createElementNS(svgNs, 'path');
  shape.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  shape.setAttribute('fill', 'currentColor');
  icon.appendChild(shape);
  bubble.appendChild(icon);
  bubble.setAttribute('aria-label', title);
  bubble.setAttribute('aria-expanded', 'false');
  var panel = el('section', 'parley-panel');
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', title);
  var head = el('div', 'parley-head');
  head.appendChild(el('span', '', title));
  var close = el('button', '', '\\u00D7');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close chat');
  head.appendChild(close);
  var log = el('div', 'parley-log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  var form = el('form', 'parley-form');
  var input = el('input');
  input.type = 'text';
  input.maxLength = 4000;
  input.setAttribute('aria-label', 'Your message');
  input.placeholder = 'Write a message…';
  var send = el('button', '', 'Send');
  send.type = 'submit';
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(form);
  document.body.appendChild(panel);
  document.body.appendChild(bubble);

  function scroll() { log.scrollTop = log.scrollHeight; }

  function showOwn(text) {
    log.appendChild(el('div', 'parley-msg parley-out', text));
    scroll();
  }

  function safeUrl(url) {
    try { var u = new URL(String(url)); return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null; } catch (e) { return null; }
  }

  function showReply(id, message) {
    if (shown[id]) return;
    shown[id] = true;
    message = message || {};
    var wrap = el('div', 'parley-msg parley-in');
    wrap.appendChild(el('div', '', typeof message.text === 'string' ? message.text : ''));
    var choices = [].concat(message.buttons || [], message.quickReplies || []);
    if (choices.length) {
      var actions = el('div', 'parley-actions');
      choices.forEach(function (choice) {
        var href = choice && choice.url ? safeUrl(choice.url) : null;
        if (href) {
          var link = el('a', '', String(choice.title || href));
          link.href = href;
          link.target = '_blank';
          link.rel = 'noopener noreferrer';
          actions.appendChild(link);
        } else if (choice && (choice.payload || choice.id)) {
          var button = el('button', '', String(choice.title || ''));
          button.type = 'button';
          button.addEventListener('click', function () { post(String(choice.title || ''), String(choice.payload || choice.id)); });
          actions.appendChild(button);
        }
      });
      wrap.appendChild(actions);
    }
    log.appendChild(wrap);
    scroll();
  }

  function call(method, path, body) {
    var headers = { 'content-type': 'application/json' };
    if (visitor) headers['x-visitor-token'] = visitor.token;
    return fetch(api + path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(function (res) {
      if (res.status === 401 && visitor) {
        // The visitor was removed server-side: start over as a new one.
        visitor = null;
        localStorage.removeItem(storageKey);
      }
      if (!res.ok) throw new Error('web chat: HTTP ' + res.status);
      return res.json();
    });
  }

  function ensureVisitor() {
    if (visitor) return Promise.resolve(visitor);
    return call('POST', '/visitors').then(function (v) {
      visitor = { id: v.visitorId, token: v.token };
      localStorage.setItem(storageKey, JSON.stringify(visitor));
      return visitor;
    });
  }

  function listen() {
    if (stream || !visitor) return;
    stream = new EventSource(api + '/stream?token=' + encodeURIComponent(visitor.token));
    stream.onmessage = function (event) {
      try { showReply(event.lastEventId, JSON.parse(event.data)); } catch (e) { /* not a message */ }
    };
  }

  function post(text, payload) {
    var body = { clientMessageId: Date.now().toString(36) + Math.random().toString(36).slice(2, 10), text: text };
    if (payload) body.payload = payload;
    showOwn(text);
    return ensureVisitor().then(function () {
      listen();
      return call('POST', '/messages', body);
    }).catch(function () {
      log.appendChild(el('div', 'parley-msg parley-in', 'Your message could not be sent. Please try again.'));
    });
  }

  function toggle(open) {
    panel.hidden = !open;
    bubble.setAttribute('aria-expanded', String(open));
    if (open) {
      // A returning visitor sees the conversation so far.
      if (visitor) listen();
      input.focus();
    } else {
      bubble.focus();
    }
  }

  bubble.addEventListener('click', function () { toggle(panel.hidden); });
  close.addEventListener('click', function () { toggle(false); });
  panel.addEventListener('keydown', function (event) { if (event.key === 'Escape') toggle(false); });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    post(text);
  });
})();
`;


/** Changes only with a new build: revalidation of a cached copy is a 304. */
export const WIDGET_ETAG = `"${createHash('sha256').update(WIDGET_SCRIPT).digest('base64url').slice(0, 22)}"`;
