// One DCU: its state, alarms and campaigns; a campaign's per-meter results and a meter's transitions; the audit trail.
'use strict';

(() => {
  const {el, badge, text, get, live, countsText, software, firmware, time, param, replaceRows, showError} = Fums;
  const dcu = param('dcu');
  let campaign = param('campaign');
  let reloadTimer = null;

  function summary(d) {
    const state = document.getElementById('dcu-state');
    state.replaceWith(Object.assign(badge(d.online ? 'online' : 'offline'), {id: 'dcu-state'}));
    text('dcu-summary', 'since ' + time(d.since) + (d.reason ? ' (' + d.reason + ')' : '') + ' \u00b7 software '
      + software(d.software) + ' \u00b7 ' + (d.meters ? d.meters.count : '-') + ' meters, firmware '
      + firmware(d.meters) + ' \u00b7 state signature ' + d.signature);
  }

  function alarms(list) {
    const ul = document.getElementById('alarms');
    ul.replaceChildren(...(list.length ? list.map(a => el('li', {}, el('span', {class: 'alarm'}, a.code), ' ',
      (a.meterId || '') + ' ' + (a.message || ''), el('div', {class: 'muted'}, time(a.at))))
      : [el('li', {class: 'muted'}, 'none received since the console started')]));
  }

  async function loadDcu() {
    try {
      const d = await get('/api/dcus/' + encodeURIComponent(dcu));
      summary(d);
      alarms(d.alarmList);
    } catch (e) {
      showError(e.message);
    }
  }

  async function loadCampaigns() {
    try {
      const c = await get('/api/dcus/' + encodeURIComponent(dcu) + '/campaigns');
      replaceRows('campaigns', c.campaigns.map(x => el('tr', {},
        el('td', {}, el('a', {href: '/dcu.html?dcu=' + encodeURIComponent(dcu) + '&campaign=' + encodeURIComponent(x.id)},
          x.id)),
        el('td', {}, badge(x.state)), el('td', {}, x.firmware), el('td', {class: 'num'}, x.done + '/' + x.total),
        el('td', {}, countsText(x.counts)), el('td', {class: 'muted'}, x.reason || ''))));
      if (!campaign && c.campaigns.length) campaign = c.campaigns[0].id;
    } catch (e) {
      showError(e.message);
    }
  }

  async function loadMeters() {
    if (!campaign) return;
    text('campaign-id', campaign);
    try {
      const c = await get('/api/dcus/' + encodeURIComponent(dcu) + '/campaigns/' + encodeURIComponent(campaign));
      replaceRows('meters', c.meters.map(m => {
        const link = el('a', {href: '#history', 'data-meter': m.meterId}, m.meterId);
        link.addEventListener('click', () => loadHistory(m.meterId));
        return el('tr', {'data-meter': m.meterId}, el('td', {}, link), el('td', {}, badge(m.state)),
          el('td', {class: 'alarm'}, m.errorCode || ''), el('td', {class: 'muted'}, m.message || ''),
          el('td', {class: 'num'}, m.attempts), el('td', {class: 'muted'}, time(m.updated)));
      }));
    } catch (e) {
      showError(e.message);
    }
  }

  async function loadHistory(meter) {
    text('meter-id', meter);
    try {
      const h = await get('/api/dcus/' + encodeURIComponent(dcu) + '/campaigns/' + encodeURIComponent(campaign)
        + '/meters/' + encodeURIComponent(meter));
      replaceRows('history', h.transitions.map(t => el('tr', {}, el('td', {class: 'muted'}, time(t.at)),
        el('td', {}, t.from), el('td', {}, badge(t.to)), el('td', {class: 'alarm'}, t.errorCode || ''),
        el('td', {}, t.detail || ''))));
    } catch (e) {
      showError(e.message);
    }
  }

  async function loadAudit() {
    try {
      const a = await get('/api/dcus/' + encodeURIComponent(dcu) + '/audit?limit=50');
      replaceRows('audit', a.entries.map(x => el('tr', {}, el('td', {class: 'num'}, x.seq),
        el('td', {class: 'muted'}, time(x.time)), el('td', {}, x.actor), el('td', {}, x.action),
        el('td', {}, badge(x.outcome === 'OK' ? 'ok' : x.outcome === 'REFUSED' ? 'refused' : x.outcome)),
        el('td', {}, x.reason || ''), el('td', {}, x.subject || ''))));
    } catch (e) {
      showError(e.message);
    }
  }

  async function loadAll() {
    await loadDcu();
    await loadCampaigns();
    await Promise.all([loadMeters(), loadAudit()]);
  }

  function soon() {
    if (!reloadTimer) reloadTimer = setTimeout(() => { reloadTimer = null; loadCampaigns().then(loadMeters); }, 1500);
  }

  if (!dcu) {
    showError('no DCU given (dcu.html?dcu=...)');
    return;
  }
  text('dcu-id', dcu);
  Fums.session().catch(e => showError(e.message));
  live({
    'dcu': d => { if (d.dcuId === dcu) summary(d); },
    'alarm': a => { if (a.dcuId === dcu) loadDcu(); },
    'rollout': r => { if (r.dcus.some(p => p.dcuId === dcu)) soon(); },
    'meter-result': m => { if (m.dcuId === dcu) soon(); }
  }, loadAll);
})();
