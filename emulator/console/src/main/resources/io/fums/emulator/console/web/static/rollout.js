// A rollout live: its counts, meters per state over time (Chart.js), waves, failures by code, each DCU's part with
// a drill-down, the latest meter results, and the operator's commands (signed by the console, after a confirmation).
'use strict';

(() => {
  const {el, badge, text, get, post, live, countsText, time, param, replaceRows, showError, clearError,
    STATE_COLOURS} = Fums;
  const id = param('id');
  const ALLOWED = {start: ['CREATED'], pause: ['RUNNING'], resume: ['PAUSED'], cancel: ['CREATED', 'RUNNING', 'PAUSED']};
  const ENDED = ['COMPLETED', 'CANCELLED'];
  const PART_ENDED = ['SUCCEEDED', 'PARTIAL', 'EXCLUDED', 'CANCELLED', 'COMPLETED'];
  let rollout = null;
  let chart = null;
  let session = null;
  let reloadTimer = null;
  let pending = null;

  function chartData(series) {
    const states = [];
    for (const s of series) {
      for (const k of Object.keys(s.counts)) if (!states.includes(k)) states.push(k);
    }
    const order = Object.keys(STATE_COLOURS);
    states.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
    // each sample holds until the next; the last one is drawn a little past its time
    const points = series.map(s => ({t: Date.parse(s.t), counts: s.counts}));
    if (points.length) {
      const last = points[points.length - 1];
      const span = last.t - points[0].t;
      points.push({t: last.t + Math.max(2000, span / 20), counts: last.counts});
    }
    return states.map((state, i) => ({
      label: state,
      data: points.map(p => ({x: p.t, y: p.counts[state] || 0})),
      borderColor: STATE_COLOURS[state] || '#607d8b',
      backgroundColor: STATE_COLOURS[state] || '#607d8b',
      fill: i === 0 ? 'origin' : '-1', stepped: 'after', pointRadius: 0, borderWidth: 1
    }));
  }

  function stepSize(series) {
    if (series.length < 2) return 1000;
    const span = Date.parse(series[series.length - 1].t) - Date.parse(series[0].t);
    const nice = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
    return 1000 * (nice.find(n => n * 1000 * 8 >= span) || 86400);
  }

  function drawChart(series) {
    const datasets = chartData(series);
    if (!chart) {
      chart = new Chart(document.getElementById('chart'), {
        type: 'line',
        data: {datasets},
        options: {
          animation: false, maintainAspectRatio: false, parsing: true,
          scales: {
            x: {type: 'linear', ticks: {callback: v => new Date(v).toISOString().substring(11, 19),
              stepSize: stepSize(series)}},
            y: {stacked: true, beginAtZero: true, ticks: {precision: 0}, title: {display: true, text: 'meters'}}
          },
          plugins: {legend: {position: 'bottom'}}
        }
      });
    } else {
      chart.data.datasets = datasets;
      chart.options.scales.x.ticks.stepSize = stepSize(series);
      chart.update('none');
    }
  }

  function renderHeader(r) {
    text('rollout-id', r.id);
    const state = document.getElementById('state');
    state.replaceWith(Object.assign(badge(r.state), {id: 'state'}));
    text('done', r.done + '/' + r.total);
    text('firmware', r.firmware || '-');
    text('dcu-count', r.dcus.length);
    text('reason', r.reason ? 'reason: ' + r.reason : '');
    replaceRows('waves', r.waves.map(w => el('tr', {}, el('td', {}, w.name), el('td', {}, badge(w.state)),
      el('td', {}, w.dcus.join(', ')))));
    replaceRows('parts', r.dcus.map(p => el('tr', {'data-dcu': p.dcuId},
      el('td', {}, el('a', {href: '/dcu.html?dcu=' + encodeURIComponent(p.dcuId) + '&campaign='
        + encodeURIComponent(p.campaign)}, p.dcuId)),
      el('td', {}, p.campaign), el('td', {}, badge(p.state)), el('td', {class: 'num'}, p.done + '/' + p.total),
      el('td', {}, countsText(p.counts)), el('td', {class: 'muted'}, p.reason || ''),
      el('td', {}, excludable(r, p) ? excludeButton(p.dcuId) : null))));
    for (const b of document.querySelectorAll('#commands button')) {
      b.disabled = !session || !session.commands || !ALLOWED[b.dataset.action].includes(r.state);
    }
  }

  // a DCU can be taken out of a rollout that is not over while its part is not over (or failed)
  function excludable(r, p) {
    return session && session.commands && !ENDED.includes(r.state) && !PART_ENDED.includes(p.state);
  }

  function excludeButton(dcu) {
    const b = el('button', {class: 'danger small', 'data-exclude': dcu}, 'Exclude');
    b.addEventListener('click', () => ask('exclude', dcu));
    return b;
  }

  function renderFailures(failures) {
    const entries = Object.entries(failures || {});
    text('failed', entries.reduce((n, [, v]) => n + v, 0));
    replaceRows('failures', entries.length ? entries.map(([code, n]) => el('tr', {},
      el('td', {class: 'alarm'}, code), el('td', {class: 'num'}, n)))
      : [el('tr', {}, el('td', {class: 'muted', colspan: '2'}, 'none'))]);
  }

  async function load() {
    try {
      const r = await get('/api/rollouts/' + encodeURIComponent(id));
      rollout = r;
      clearError();
      renderHeader(r);
      renderFailures(r.failures);
      drawChart(r.series);
    } catch (e) {
      showError('cannot load rollout ' + id + ': ' + e.message);
    }
  }

  function reloadSoon() {
    if (!reloadTimer) {
      reloadTimer = setTimeout(() => { reloadTimer = null; load(); }, 1500);
    }
  }

  function onRollout(r) {
    if (r.id !== id) return;
    rollout = Object.assign(rollout || {}, r);
    renderHeader(r);
    if (r.sample) {
      rollout.series = (rollout.series || []).concat([r.sample]);
      drawChart(rollout.series);
    }
    reloadSoon();
  }

  function onResult(m) {
    if (m.rollout !== id && m.rollout !== 'fleet-' + id) return;
    const list = document.getElementById('results');
    list.prepend(el('li', {}, badge(m.state), ' ', m.dcuId + ' ' + m.meterId,
      m.errorCode ? el('span', {class: 'alarm'}, ' ' + m.errorCode) : null, el('span', {class: 'muted'}, ' ' + time(m.at))));
    while (list.children.length > 50) list.lastChild.remove();
    reloadSoon();
  }

  function ask(action, dcu) {
    pending = {action, dcu};
    if (dcu) {
      text('confirm-title', 'Exclude DCU ' + dcu + ' from rollout ' + id + '?');
      text('confirm-text', 'No further meter of ' + dcu + ' is upgraded: its campaign is cancelled (signed '
        + 'campaign.cancel) and it no longer counts against the fleet thresholds. The other DCUs go on.');
    } else {
      text('confirm-title', action.charAt(0).toUpperCase() + action.slice(1) + ' rollout ' + id + '?');
      text('confirm-text', (session.rolloutSource.startsWith('fleet') && !id.startsWith('fleet-')
        && rollout.waves.length ? 'This ' + action + 's the fleet rollout ' + id + ' over '
        : 'This sends campaign.' + action + ' for ' + id + ' to ') + rollout.dcus.length + ' DCU(s): '
        + rollout.dcus.map(p => p.dcuId).join(', ') + '.');
    }
    text('confirm-signer', 'Signed with operator key ' + session.operatorKeyId + '.');
    document.getElementById('confirm').showModal();
  }

  async function send() {
    const {action, dcu} = pending;
    document.getElementById('confirm').close();
    const out = document.getElementById('command-result');
    out.replaceChildren(document.createTextNode(action + ': sent, waiting for the DCUs\u2026'));
    try {
      const a = await post('/api/rollouts/' + encodeURIComponent(id) + '/' + action,
        dcu ? {confirm: id, dcu} : {confirm: id});
      out.replaceChildren(badge(a.ok ? 'ok' : 'refused'), ' ' + action + ' signed by ' + a.signedBy + ': ',
        ...a.dcus.map(d => el('span', {}, d.dcuId + ' ' + d.code + (d.message ? ' (' + d.message + ')' : '') + '; ')));
    } catch (e) {
      out.replaceChildren(badge('refused'), ' ' + action + ': ' + e.message);
    }
    load();
  }

  for (const b of document.querySelectorAll('#commands button')) {
    b.disabled = true;
    b.addEventListener('click', () => ask(b.dataset.action));
  }
  document.getElementById('confirm-yes').addEventListener('click', send);
  document.getElementById('confirm-no').addEventListener('click', () => document.getElementById('confirm').close());
  if (!id) {
    showError('no rollout given (rollout.html?id=...)');
    return;
  }
  text('rollout-id', id);
  Fums.session().then(s => {
    session = s;
    text('signer', s.commands ? 'commands are signed with operator key ' + s.operatorKeyId
      : 'read-only: this console has no operator key');
    if (rollout) renderHeader(rollout);
  }).catch(e => showError(e.message));
  live({'rollout': onRollout, 'meter-result': onResult}, load);
})();
