// The simulator page: sends through POST /simulator/messages, shows the TwiML reply, polls the outbox.
(() => {
  'use strict';
  const $ = (selector) => document.querySelector(selector);
  const chat = $('#chat');
  const fields = { from: $('#from'), name: $('#name'), key: $('#key') };
  const defaults = { from: '+15550100001', name: 'Simulator', key: '' };
  let cursor = null;
  let pending = [];
  let recorder = null;

  for (const [field, input] of Object.entries(fields)) {
    input.value = localStorage.getItem('simulator.' + field) ?? defaults[field];
    input.addEventListener('change', () => {
      localStorage.setItem('simulator.' + field, input.value.trim());
      if (field === 'from') cursor = null; // another user: start from what comes next
    });
  }

  const headers = () => (fields.key.value ? { 'X-Api-Key': fields.key.value } : {});

  const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

  // WhatsApp's formatting: *bold*, _italic_, ~strike~, ```mono```, line breaks.
  const format = (text) => escapeHtml(text)
    .replace(/```([\s\S]+?)```/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*(\S(?:[^*\n]*\S)?)\*(?=$|[\s).,!?:;])/g, '$1<strong>$2</strong>')
    .replace(/(^|[\s(])_(\S(?:[^_\n]*\S)?)_(?=$|[\s).,!?:;])/g, '$1<em>$2</em>')
    .replace(/(^|[\s(])~(\S(?:[^~\n]*\S)?)~(?=$|[\s).,!?:;])/g, '$1<s>$2</s>')
    .replace(/\n/g, '<br>');

  // A reply's media URL says nothing about its type: try it as a picture, then as audio, then a link.
  function mediaElement(url, type) {
    if (type && type.startsWith('audio/')) return Object.assign(document.createElement('audio'), { src: url, controls: true });
    const img = Object.assign(document.createElement('img'), { src: url, alt: 'attachment' });
    if (!type) {
      img.onerror = () => {
        const audio = Object.assign(document.createElement('audio'), { src: url, controls: true });
        audio.onerror = () => audio.replaceWith(Object.assign(document.createElement('a'), { href: url, textContent: url, target: '_blank' }));
        img.replaceWith(audio);
      };
    }
    return img;
  }

  function bubble(side, text, media = []) {
    const div = document.createElement('div');
    div.className = 'msg ' + side;
    for (const m of media) div.append(mediaElement(m.url, m.type));
    if (text) div.insertAdjacentHTML('beforeend', '<div class="text">' + format(text) + '</div>');
    const time = document.createElement('time');
    time.textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    div.append(time);
    chat.append(div);
    chat.scrollTop = chat.scrollHeight;
    return div;
  }

  function showPending() {
    $('#attachments').textContent = pending.length ? '📎 ' + pending.map((f) => f.name).join(', ') : '';
  }

  async function send(text, files) {
    if (!text && files.length === 0) return;
    bubble('out', text, files.map((f) => ({ url: URL.createObjectURL(f), type: f.type })));
    const form = new FormData();
    form.append('from', fields.from.value.trim());
    form.append('name', fields.name.value.trim());
    form.append('text', text);
    for (const f of files) form.append('file', f, f.name);
    const typing = bubble('in typing', '…');
    try {
      const response = await fetch('/simulator/messages', { method: 'POST', body: form, headers: headers() });
      const body = await response.json();
      typing.remove();
      if (!response.ok) {
        bubble('system', (body.title || 'Error') + (body.detail ? ': ' + body.detail : ''));
        return;
      }
      if (body.reply || body.mediaUrls.length) bubble('in', body.reply, body.mediaUrls.map((url) => ({ url })));
    } catch (error) {
      typing.remove();
      bubble('system', 'Could not reach the server: ' + error.message);
    }
  }

  async function poll() {
    const user = encodeURIComponent(fields.from.value.trim());
    const after = cursor === null ? '' : '&after=' + cursor;
    try {
      const response = await fetch('/simulator/outbox?user=' + user + after, { headers: headers() });
      if (!response.ok) return;
      const body = await response.json();
      if (cursor !== null) for (const m of body.messages) bubble('in', m.body);
      cursor = body.cursor;
    } catch {
      // The server restarting is not worth a bubble; the next poll tries again.
    }
  }

  $('#composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('#text').value.trim();
    const files = pending;
    $('#text').value = '';
    pending = [];
    showPending();
    send(text, files);
  });

  $('#file').addEventListener('change', (event) => {
    pending = pending.concat([...event.target.files]);
    event.target.value = '';
    showPending();
  });

  // A voice note: Opus in Ogg where the browser can, else WebM; sent as soon as recording stops.
  $('#record').addEventListener('click', async () => {
    const button = $('#record');
    if (recorder) {
      recorder.stop();
      return;
    }
    if (!navigator.mediaDevices || !window.MediaRecorder) {
      bubble('system', 'This browser cannot record audio here (it needs https or localhost).');
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const mimeType = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/webm'].find((t) => MediaRecorder.isTypeSupported(t)) || '';
      const chunks = [];
      recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
      recorder.ondataavailable = (event) => chunks.push(event.data);
      recorder.onstop = () => {
        stream.getTracks().forEach((t) => t.stop());
        const type = (recorder.mimeType || 'audio/webm').split(';')[0];
        recorder = null;
        button.classList.remove('recording');
        const file = new File(chunks, 'voice-note.' + (type === 'audio/ogg' ? 'ogg' : 'webm'), { type });
        send('', [file]);
      };
      recorder.start();
      button.classList.add('recording');
    } catch (error) {
      bubble('system', 'Microphone unavailable: ' + error.message);
    }
  });

  poll();
  setInterval(poll, 2000);
})();
