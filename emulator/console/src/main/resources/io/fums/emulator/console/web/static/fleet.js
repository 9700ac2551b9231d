// The fleet page: every DCU (online or not, software, meter firmware, alarms) and every rollout, kept live.
'use strict';

(() => {
  const {el, badge, text, get, live, countsText, software, firmware, time, replaceRows, showError, clearError} = Fums;
  const dcus = new Map();
  const rollouts = new Map();

  function dcuRow(d) {
    const alarm = d.lastAlarm ? (d.lastAlarm.code + (d.lastAlarm.meterId ? ' ' + d.lastAlarm.meterId : '')) : '';
    return el('tr', {'data-dcu': d.dcuId},
      el('td', {}, el('a', {href: '/dcu.html?dcu=' + encodeURIComponent(d.dcuId)}, d.dcuId)),
      el('td', {}, badge(d.online ? 'online' : 'offline'), d.reason ? ' ' + d.reason : ''),
      el('td', {class: 'muted'}, time(d.since)),
      el('td', {}, Object.entries(d.labels || {}).map(([k, v]) => k + '=' + v).join(' ')),
      el('td', {}, software(d.software)),
      el('td', {class: 'num'}, d.meters && d.meters.count !== undefined ? d.meters.count : '-'),
      el('td', {}, firmware(d.meters)),
      el('td', {class: 'num' + (d.alarms ? ' alarm' : '')}, d.alarms),
      el('td', {class: 'alarm'}, alarm));
  }

  function rolloutRow(r) {
    return el('tr', {'data-rollout': r.id},
      el('td', {}, el('a', {href: '/rollout.html?id=' + encodeURIComponent(r.id)}, r.id)),
      el('td', {}, badge(r.state)),
      el('td', {}, r.firmware || '-'),
      el('td', {class: 'num'}, r.done + '/' + r.total),
      el('td', {}, countsText(r.counts)),
      el('td', {}, r.dcus.map(p => p.dcuId).join(', ')),
      el('td', {class: 'muted'}, r.reason || ''));
  }

  function render() {
    const list = [...dcus.values()].sort((a, b) => a.dcuId.localeCompare(b.dcuId));
    replaceRows('dcus', list.map(dcuRow));
    const online = list.filter(d => d.online).length;
    text('online', online);
    text('offline', list.length - online);
    text('meter-count', list.reduce((n, d) => n + (d.meters && d.meters.count ? d.meters.count : 0), 0));
    text('alarm-count', list.reduce((n, d) => n + d.alarms, 0));
    const rs = [...rollouts.values()].sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
    replaceRows('rollouts', rs.map(rolloutRow));
    text('rollout-count', rs.length);
  }

  async function load() {
    try {
      const [fleet, rs] = await Promise.all([get('/api/fleet'), get('/api/rollouts')]);
      dcus.clear();
      fleet.dcus.forEach(d => dcus.set(d.dcuId, d));
      rollouts.clear();
      rs.rollouts.forEach(r => rollouts.set(r.id, r));
      clearError();
      render();
    } catch (e) {
      showError('cannot load the fleet: ' + e.message);
    }
  }

  Fums.session().catch(e => showError(e.message));
  live({
    'dcu': d => { dcus.set(d.dcuId, d); render(); },
    'dcu-removed': d => { dcus.delete(d.dcuId); render(); },
    'rollout': r => { rollouts.set(r.id, r); render(); }
  }, load);
})();
