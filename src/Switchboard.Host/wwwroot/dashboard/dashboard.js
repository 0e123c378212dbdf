// The team leads' dashboard: per filter change one call to /api/reports/summary plus the two reports the summary
// leaves out (answers that solved requests, unsung helpers), every view drawn from them as a
// chart (Chart.js, shipped under /lib) and as a table with the same numbers. Text people wrote (low-rating
// comments) is only ever set as textContent. No inline handlers, no inline styles in markup: the page runs under a
// strict Content-Security-Policy.

const TOKEN_KEY = 'switchboard.dashboard.token';
const ADMIN_KEY = 'switchboard.dashboard.adminKey';
// Okabe–Ito: told apart with the common colour-vision deficiencies.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#7F7F00', '#000000'];
const AGE_BUCKETS = [
  ['ageUnder1Day', 'Under 1 day'], ['age1To3Days', '1–3 days'], ['age3To7Days', '3–7 days'],
  ['age7To30Days', '7–30 days'], ['ageOver30Days', 'Over 30 days'],
];
const EMPTY = '—';

const state = { token: null, adminKey: null, access: null, summary: null, query: null };
const charts = new Map();
const $ = selector => document.querySelector(selector);

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// ---- talking to the API ----

function authHeaders() {
  if (state.token) return { Authorization: `Bearer ${state.token}` };
  if (state.adminKey) return { 'X-Admin-Key': state.adminKey };
  return {};
}

class ApiError extends Error {
  constructor(status, message, needsKey) {
    super(message);
    this.status = status;
    this.needsKey = needsKey;
  }
}

async function api(path, params, accept = 'application/json') {
  const url = new URL(path, location.origin);
  for (const [key, value] of params || []) url.searchParams.append(key, value);
  const response = await fetch(url, { headers: { Accept: accept, ...authHeaders() } });
  if (!response.ok) {
    let message = `The server answered ${response.status}.`;
    try { message = (await response.json()).error || message; } catch { /* not JSON: keep the status */ }
    throw new ApiError(response.status, message, response.headers.get('X-Admin-Key-Required') === 'true' && !state.token);
  }
  return accept === 'text/csv' ? response.blob() : response.json();
}

function queryParams(query) {
  const params = [['from', query.from], ['to', query.to]];
  for (const team of query.teams) params.push(['team', team]);
  return params;
}

// ---- dates ----

const isoDate = date => date.toISOString().slice(0, 10);
function daysBefore(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return isoDate(date);
}
const PRESETS = { '1w': 6, '4w': 27, '12w': 83 };

// ---- start ----

async function start() {
  const url = new URL(location.href);
  const token = url.searchParams.get('t');
  if (token) {
    // Kept for this tab only, and taken out of the address bar so it is not copied or bookmarked by accident.
    sessionStorage.setItem(TOKEN_KEY, token);
    url.searchParams.delete('t');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  state.token = sessionStorage.getItem(TOKEN_KEY);
  state.adminKey = sessionStorage.getItem(ADMIN_KEY);

  $('[data-testid="key-form"]').addEventListener('submit', event => {
    event.preventDefault();
    state.adminKey = $('#admin-key').value;
    sessionStorage.setItem(ADMIN_KEY, state.adminKey);
    $('[data-testid="key-form"]').hidden = true;
    loadAccess();
  });
  const filters = $('[data-testid="filters"]');
  filters.addEventListener('submit', event => {
    event.preventDefault();
    load();
  });
  $('#period').addEventListener('change', () => applyPreset($('#period').value));
  for (const id of ['#from', '#to']) $(id).addEventListener('change', () => { $('#period').value = 'custom'; });
  applyPreset('4w');
  await loadAccess();
}

function applyPreset(preset) {
  if (!(preset in PRESETS)) return;
  const to = isoDate(new Date());
  $('#to').value = to;
  $('#from').value = daysBefore(to, PRESETS[preset]);
}

async function loadAccess() {
  showError(null);
  try {
    state.access = await api('/api/dashboard/access');
  } catch (error) {
    if (error.needsKey) {
      $('[data-testid="access"]').textContent = 'Enter the admin key to see the reports.';
      $('[data-testid="key-form"]').hidden = false;
      $('#admin-key').focus();
      if (state.adminKey) showError(error.message);
      return;
    }
    $('[data-testid="access"]').textContent = 'The reports are not available.';
    showError(error.message);
    return;
  }
  const access = state.access;
  $('[data-testid="access"]').textContent = access.mode === 'lead'
    ? `Your teams: ${access.teams.map(t => t.name).join(', ')}. This link works until ${new Date(access.expiresAt).toUTCString().replace(' GMT', ' UTC')}.`
    : `All service teams (${access.teams.length}).`;
  const select = $('#team');
  select.replaceChildren(
    h('option', { value: '', text: access.mode === 'lead' && access.teams.length > 1 ? 'All my teams' : access.mode === 'lead' ? access.teams[0].name : 'All teams' }),
    ...(access.mode === 'lead' && access.teams.length === 1 ? [] : access.teams.map(t => h('option', { value: t.id, text: t.name }))));
  $('[data-testid="filters"]').hidden = false;
  await load();
}

async function load() {
  const access = state.access;
  const chosen = $('#team').value;
  // A lead's link answers only for the teams it names, so they are always named; an admin without a team sees all.
  const teams = chosen ? [chosen] : access.mode === 'lead' ? access.teams.map(t => t.id) : [];
  const query = { from: $('#from').value, to: $('#to').value, teams };
  setStatus('Loading the reports…');
  showError(null);
  try {
    const span = unsungSpan(query);
    // Every visible team named, so each helper's row carries their team (the report merges them fewest thanks first).
    const unsungTeams = (query.teams.length ? query.teams : access.teams.map(t => t.id)).map(t => ['team', t]);
    const [summary, answers, unsung] = await Promise.all([
      api('/api/reports/summary', queryParams(query)),
      api('/api/reports/answers', queryParams(query)),
      api('/api/reports/unsung-helpers', [['span', span], ...unsungTeams]),
    ]);
    state.summary = { ...summary, answers, unsung };
    state.query = query;
  } catch (error) {
    setStatus('');
    showError(error.message);
    return;
  }
  render(state.summary);
  setStatus(`Showing ${state.summary.period.from} to ${state.summary.period.to}, ${describeTeams(state.summary.teams)}.`);
}

// The fair board counts whole calendar periods holding today: the one nearest the chosen period's length.
function unsungSpan(query) {
  const days = Math.round((Date.parse(`${query.to}T00:00:00Z`) - Date.parse(`${query.from}T00:00:00Z`)) / 86400000) + 1;
  return days <= 10 ? 'week' : days <= 45 ? 'month' : days <= 135 ? 'quarter' : 'all';
}

const SPAN_TEXT = { week: 'this week', month: 'this month', quarter: 'this quarter', all: 'all time' };

function describeTeams(teams) {
  return teams.length === 1 ? teams[0].name : `${teams.length} teams`;
}

function setStatus(text) {
  $('[data-testid="status"]').textContent = text;
}

function showError(text) {
  const node = $('[data-testid="error"]');
  node.hidden = !text;
  node.textContent = text || '';
}

// ---- views ----

const VIEWS = [
  { id: 'requests', title: 'Requests over time', csv: 'requests', draw: requestsView },
  { id: 'times', title: 'First response and resolution (business time)', csv: 'service-levels', draw: timesView },
  { id: 'sla', title: 'SLA met', csv: 'service-levels', draw: slaView },
  { id: 'backlog', title: 'Backlog and ageing', csv: 'backlog', draw: backlogView },
  { id: 'satisfaction-trend', title: 'Satisfaction trend', csv: 'satisfaction/weekly', draw: satisfactionTrendView },
  { id: 'satisfaction', title: 'Satisfaction by team and agent', csv: 'satisfaction', draw: satisfactionView },
  { id: 'comments', title: 'Latest low ratings', csv: 'satisfaction/comments', draw: commentsView, tableOnly: true },
  { id: 'kudos-teams', title: 'Kudos given and received by team', csv: 'kudos', draw: kudosTeamsView },
  { id: 'kudos-values', title: 'Kudos by value', csv: 'kudos', draw: kudosValuesView },
  { id: 'chain', title: 'Internal service chain', csv: 'service-chain', draw: chainView },
  { id: 'answers', title: summary => `Answers that solved requests in ${summary.answers.month}`, csv: 'answers', draw: answersView },
  { id: 'unsung', title: summary => `Unsung helpers ${SPAN_TEXT[summary.unsung.span]}`, csv: 'unsung-helpers', csvParams: summary => [['span', summary.unsung.span]], draw: unsungView },
];

function render(summary) {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  const main = $('[data-testid="reports"]');
  const sections = VIEWS.map(view => {
    const section = h('section', { class: 'view', id: `view-${view.id}`, 'aria-labelledby': `h-${view.id}`, 'data-testid': `view-${view.id}` });
    const tools = h('div', { class: 'view-tools' });
    if (!view.tableOnly) {
      const toggle = h('button', { type: 'button', class: 'btn', 'aria-pressed': 'false', 'data-testid': 'toggle-table', 'aria-controls': `table-${view.id}` }, 'Table view');
      toggle.addEventListener('click', () => {
        const showTable = toggle.getAttribute('aria-pressed') !== 'true';
        toggle.setAttribute('aria-pressed', String(showTable));
        section.querySelector('.chart-area').hidden = showTable;
        section.querySelector('.table-area').hidden = !showTable;
      });
      tools.append(toggle);
    }
    if (view.csv) {
      const csv = h('button', { type: 'button', class: 'btn', 'data-testid': 'download-csv' }, 'Download CSV');
      csv.addEventListener('click', () => downloadCsv(view.csv, view.csvParams?.(summary) ?? []));
      tools.append(csv);
    }
    section.append(h('div', { class: 'view-head' }, h('h2', { id: `h-${view.id}`, text: typeof view.title === 'function' ? view.title(summary) : view.title }), tools));
    const content = view.draw(summary);
    if (content.note) section.append(h('p', { class: 'note', text: content.note }));
    if (!view.tableOnly) {
      const chartArea = h('div', { class: 'chart-area', 'data-testid': 'chart' });
      chartArea.append(content.chart);
      section.append(chartArea);
    }
    const tableArea = h('div', { class: 'table-area', id: `table-${view.id}`, hidden: !view.tableOnly });
    tableArea.append(content.table);
    section.append(tableArea);
    return { section, content };
  });
  main.replaceChildren(...sections.map(s => s.section));
  // Charts are drawn once their canvas is in the page, so Chart.js can size them.
  for (const { content } of sections) content.afterAttach?.();
}

// A chart's figure: a canvas the screen reader reads as one image with a summary, the numbers being in the table view.
function chartFigure(id, summaryText, config) {
  const canvas = h('canvas', { role: 'img', 'aria-label': summaryText, 'data-testid': 'chart-canvas' });
  canvas.append(h('p', { text: `${summaryText} The numbers are in the table view.` }));
  const figure = h('figure', { class: 'chart' }, h('div', { class: 'canvas-box' }, canvas), h('figcaption', { text: summaryText }));
  return {
    chart: figure,
    afterAttach() {
      charts.set(id, new window.Chart(canvas, config));
    },
  };
}

function baseOptions(extra) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { legend: { position: 'bottom' } },
    ...extra,
  };
}

function color(index) {
  return PALETTE[index % PALETTE.length];
}

// A table with a caption; every cell holds exactly the value the API gave (EMPTY where it left one out).
function table(id, caption, columns, rows) {
  const head = h('tr', null, ...columns.map(c => h('th', { scope: 'col', class: c.numeric ? 'num' : null, text: c.label })));
  const body = h('tbody');
  for (const row of rows) {
    const tr = h('tr', { 'data-testid': 'row' });
    columns.forEach((column, i) => {
      const value = column.value(row);
      const text = value === undefined || value === null || value === '' ? EMPTY : String(value);
      const instant = column.instant?.(row);
      // An instant reads in the viewer's own date and time; the <time> element keeps the API's ISO value.
      const cell = h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: column.numeric ? 'num' : null, 'data-col': column.key,
        text: instant ? null : text }, instant ? h('time', { datetime: instant, text }) : null);
      tr.append(cell);
    });
    body.append(tr);
  }
  if (rows.length === 0) body.append(h('tr', null, h('td', { colspan: columns.length, class: 'empty', text: 'Nothing in this period.' })));
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { 'data-testid': `table-${id}` }, h('caption', { text: caption }), h('thead', null, head), body));
}

const col = (key, label, numeric = false, value = row => row[key]) => ({ key, label, numeric, value });

// "Nov 30, 2026, 3:41 PM" in the viewer's locale and time zone; the JSON and CSV keep ISO 8601.
const localDateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A column of ISO 8601 instants, shown as the viewer's local date and time. */
const instantCol = (key, label) => ({
  key,
  label,
  numeric: false,
  value: row => (isInstant(row[key]) ? localDateTime.format(new Date(row[key])) : row[key]),
  instant: row => (isInstant(row[key]) ? row[key] : null),
});

const isInstant = value => typeof value === 'string' && !Number.isNaN(Date.parse(value));

function teamNames(summary) {
  return summary.teams.map(t => t.name).join(', ');
}

function requestsView(summary) {
  const rows = summary.requests.rows;
  const dates = [...new Set(rows.map(r => r.date))];
  const totals = summary.requests.totals || [];
  const datasets = summary.teams.map((team, i) => ({
    label: `${team.name} opened`,
    data: dates.map(date => rows.find(r => r.date === date && r.team === team.id)?.opened ?? 0),
    borderColor: color(i),
    backgroundColor: color(i),
    tension: 0.2,
  }));
  const text = `Line chart of requests opened per day, ${summary.period.from} to ${summary.period.to}. ` +
    totals.map(t => `${t.teamName}: ${t.opened} opened, ${t.resolved} resolved, ${t.cancelled} cancelled.`).join(' ');
  const figure = chartFigure('requests', text, {
    type: 'line',
    data: { labels: dates, datasets },
    options: baseOptions({ scales: { y: { beginAtZero: true, title: { display: true, text: 'Requests opened' }, ticks: { precision: 0 } } } }),
  });
  return {
    ...figure,
    table: table('requests', `Requests opened, resolved and cancelled per day and team (${teamNames(summary)})`, [
      col('date', 'Date'), col('teamName', 'Team'), col('opened', 'Opened', true), col('resolved', 'Resolved', true), col('cancelled', 'Cancelled', true),
    ], rows),
  };
}

const measureName = measure => (measure === 'firstResponse' ? 'First response' : 'Resolution');

function timesView(summary) {
  const rows = summary.serviceLevels.rows;
  const teams = summary.teams;
  const series = [
    ['firstResponse', 'medianMinutes', 'First response, median'], ['firstResponse', 'p90Minutes', 'First response, p90'],
    ['resolution', 'medianMinutes', 'Resolution, median'], ['resolution', 'p90Minutes', 'Resolution, p90'],
  ];
  const datasets = series.map(([measure, field, label], i) => ({
    label,
    data: teams.map(team => {
      const minutes = rows.find(r => r.team === team.id && r.measure === measure)?.[field];
      return minutes === undefined ? null : Math.round((minutes / 60) * 100) / 100;
    }),
    backgroundColor: color(i),
  }));
  const text = 'Bar chart of first response and resolution times in business hours, median and 90th percentile, by team. ' +
    rows.filter(r => r.count > 0).map(r => `${r.teamName} ${measureName(r.measure).toLowerCase()}: median ${r.medianMinutes} minutes, p90 ${r.p90Minutes} minutes over ${r.count}.`).join(' ');
  return {
    ...chartFigure('times', text, {
      type: 'bar',
      data: { labels: teams.map(t => t.name), datasets },
      options: baseOptions({ scales: { y: { beginAtZero: true, title: { display: true, text: 'Business hours' } } } }),
    }),
    note: 'Times count the team\'s business hours only, and stop while a request waits on the requester. Medians and p90s are the upper bound of the histogram bucket that holds them.',
    table: table('times', 'First response and resolution times by team, in business minutes', [
      col('teamName', 'Team'), col('measure', 'Measure', false, r => measureName(r.measure)), col('count', 'Count', true),
      col('medianMinutes', 'Median (min)', true), col('p90Minutes', 'p90 (min)', true),
    ], rows),
  };
}

function slaView(summary) {
  const rows = summary.serviceLevels.rows;
  const teams = summary.teams;
  const datasets = ['firstResponse', 'resolution'].map((measure, i) => ({
    label: `${measureName(measure)} met %`,
    data: teams.map(team => rows.find(r => r.team === team.id && r.measure === measure)?.metPercent ?? null),
    backgroundColor: color(i),
  }));
  const text = 'Bar chart of the share of requests that met the SLA target, by team, for first response and resolution. ' +
    rows.filter(r => r.metPercent !== undefined).map(r => `${r.teamName} ${measureName(r.measure).toLowerCase()}: ${r.metPercent}% met (${r.met} met, ${r.breached} breached).`).join(' ');
  return {
    ...chartFigure('sla', text, {
      type: 'bar',
      data: { labels: teams.map(t => t.name), datasets },
      options: baseOptions({ scales: { y: { min: 0, max: 100, title: { display: true, text: '% met' } } } }),
    }),
    table: table('sla', 'SLA targets met and breached by team', [
      col('teamName', 'Team'), col('measure', 'Measure', false, r => measureName(r.measure)), col('met', 'Met', true),
      col('breached', 'Breached', true), col('metPercent', 'Met %', true),
    ], rows),
  };
}

function backlogView(summary) {
  const rows = summary.backlog.rows;
  const datasets = AGE_BUCKETS.map(([key, label], i) => ({ label, data: rows.map(r => r[key]), backgroundColor: color(i) }));
  const text = `Stacked bar chart of open requests by age, per team, as of ${summary.backlog.asOf}. ` +
    rows.map(r => `${r.teamName}: ${r.open} open, ${r.overdue} overdue.`).join(' ');
  return {
    ...chartFigure('backlog', text, {
      type: 'bar',
      data: { labels: rows.map(r => r.teamName), datasets },
      options: baseOptions({ indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Open requests' } }, y: { stacked: true } } }),
    }),
    note: 'As of now, whatever the period. Age is elapsed time since filing.',
    table: table('backlog', 'Open requests by team: status, overdue and age', [
      col('teamName', 'Team'), col('open', 'Open', true), col('new', 'New', true), col('assigned', 'Assigned', true),
      col('inProgress', 'In progress', true), col('waitingOnRequester', 'Waiting on requester', true), col('overdue', 'Overdue', true),
      ...AGE_BUCKETS.map(([key, label]) => col(key, label, true)),
      col('oldestTicket', 'Oldest'), col('oldestOpenedAt', 'Oldest opened at'),
    ], rows),
  };
}

function satisfactionTrendView(summary) {
  const rows = summary.satisfaction.weekly || [];
  const weeks = [...new Set(rows.map(r => r.week))];
  const datasets = summary.teams.map((team, i) => ({
    label: team.name,
    data: weeks.map(week => rows.find(r => r.week === week && r.team === team.id)?.average ?? null),
    borderColor: color(i),
    backgroundColor: color(i),
    spanGaps: true,
  }));
  const text = 'Line chart of the average rating per week, by team, from 1 to 5. ' +
    rows.filter(r => r.count > 0).map(r => `${r.week} ${r.teamName}: ${r.average} over ${r.count}.`).join(' ');
  return {
    ...chartFigure('satisfaction-trend', text, {
      type: 'line',
      data: { labels: weeks, datasets },
      options: baseOptions({ scales: { y: { min: 1, max: 5, title: { display: true, text: 'Average rating' } } } }),
    }),
    table: table('satisfaction-trend', 'Average rating per week and team', [
      col('week', 'Week'), col('weekStart', 'Week starts'), col('teamName', 'Team'), col('count', 'Ratings', true), col('average', 'Average', true),
    ], rows),
  };
}

function satisfactionView(summary) {
  const rows = summary.satisfaction.rows;
  const label = r => (r.agent ? `${r.teamName} · ${r.agentName}` : r.teamName);
  const datasets = [1, 2, 3, 4, 5].map((rating, i) => ({
    label: `${rating} star${rating === 1 ? '' : 's'}`,
    data: rows.map(r => r.ratings[i]),
    backgroundColor: ['#D55E00', '#E69F00', '#999999', '#56B4E9', '#0072B2'][i],
  }));
  const text = 'Stacked bar chart of ratings from 1 to 5, by team and agent. ' +
    rows.map(r => `${label(r)}: ${r.count} ratings${r.average === undefined ? '' : `, average ${r.average}`}.`).join(' ');
  return {
    ...chartFigure('satisfaction', text, {
      type: 'bar',
      data: { labels: rows.map(label), datasets },
      options: baseOptions({ indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Ratings' } }, y: { stacked: true } } }),
    }),
    table: table('satisfaction', 'Ratings by team and agent', [
      col('teamName', 'Team'), col('agentName', 'Agent'), col('count', 'Ratings', true), col('average', 'Average', true),
      ...[1, 2, 3, 4, 5].map(n => col(`rating_${n}`, `${n}★`, true, r => r.ratings[n - 1])),
    ], rows),
  };
}

function commentsView(summary) {
  const rows = summary.satisfaction.comments || [];
  return {
    note: 'Ratings of 1 or 2 that came with a comment, newest first. A confidential team\'s comments are withheld.',
    table: table('comments', 'Latest low-rating comments', [
      instantCol('answeredAt', 'Answered'), col('ticket', 'Request'), col('teamName', 'Team'), col('agentName', 'Agent'),
      col('rating', 'Rating', true),
      // Shown as the requester wrote it: set as text, never as markup.
      col('comment', 'Comment', false, r => (r.withheld ? 'Withheld (confidential team)' : r.comment)),
    ], rows),
  };
}

function kudosTeamsView(summary) {
  const rows = summary.kudos.rows.filter(r => r.dimension === 'team' && r.value === undefined);
  const text = 'Bar chart of kudos given and received, by team. ' + rows.map(r => `${r.teamName}: ${r.given} given, ${r.received} received.`).join(' ');
  return {
    ...chartFigure('kudos-teams', text, {
      type: 'bar',
      data: {
        labels: rows.map(r => r.teamName),
        datasets: [
          { label: 'Given', data: rows.map(r => r.given), backgroundColor: color(0) },
          { label: 'Received', data: rows.map(r => r.received), backgroundColor: color(1) },
        ],
      },
      options: baseOptions({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }),
    }),
    table: table('kudos-teams', 'Kudos given and received by team', [
      col('teamName', 'Team'), col('given', 'Given', true), col('received', 'Received', true),
    ], rows),
  };
}

function kudosValuesView(summary) {
  const rows = summary.kudos.rows.filter(r => r.value !== undefined && (r.dimension === 'total' || r.dimension === 'team'));
  const totals = rows.filter(r => r.dimension === 'total');
  const text = 'Bar chart of kudos received by company value. ' + totals.map(r => `#${r.value}: ${r.given} given, ${r.received} received.`).join(' ');
  return {
    ...chartFigure('kudos-values', text, {
      type: 'bar',
      data: { labels: totals.map(r => `#${r.value}`), datasets: [{ label: 'Received', data: totals.map(r => r.received), backgroundColor: color(2) }] },
      options: baseOptions({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }),
    }),
    table: table('kudos-values', 'Kudos by value, overall and by team', [
      col('value', 'Value', false, r => `#${r.value}`), col('teamName', 'Team', false, r => (r.dimension === 'total' ? 'All' : r.teamName)),
      col('given', 'Given', true), col('received', 'Received', true),
    ], rows),
  };
}

function chainView(summary) {
  const rows = summary.serviceChain.rows;
  const departments = [...new Set(rows.map(r => r.departmentName))];
  const teams = summary.teams.filter(t => rows.some(r => r.team === t.id));
  const most = Math.max(1, ...rows.map(r => r.requests));
  // The matrix: requesting departments down, serving teams across; a darker cell is more requests.
  const head = h('tr', null, h('th', { scope: 'col', text: 'Requesting department → serving team' }), ...teams.map(t => h('th', { scope: 'col', text: t.name })));
  const body = h('tbody');
  for (const department of departments) {
    const tr = h('tr', null, h('th', { scope: 'row', text: department }));
    for (const team of teams) {
      const row = rows.find(r => r.departmentName === department && r.team === team.id);
      if (!row) {
        tr.append(h('td', { class: 'cell cell-empty', text: EMPTY }));
        continue;
      }
      const level = Math.min(4, Math.ceil((row.requests / most) * 4));
      tr.append(h('td', { class: `cell level-${level}` },
        h('span', { class: 'cell-main', text: `${row.requests} requests` }),
        h('span', { class: 'cell-detail', text: row.averageRating === undefined ? 'no ratings' : `${row.averageRating} average of ${row.ratings}` }),
        h('span', { class: 'cell-detail', text: `${row.thanks} thanks back` })));
    }
    body.append(tr);
  }
  const matrix = h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Service chain matrix' },
    h('table', { class: 'matrix', 'data-testid': 'chain-matrix' },
      h('caption', { text: 'Requests from each department to each team, their average rating and the thanks sent back' }), h('thead', null, head), body));
  return {
    chart: matrix,
    table: table('chain', 'Service chain: requesting department and serving team', [
      col('departmentName', 'Department'), col('teamName', 'Team'), col('requests', 'Requests', true), col('ratings', 'Ratings', true),
      col('averageRating', 'Average rating', true), col('thanks', 'Thanks back', true),
    ], rows),
  };
}

function answersView(summary) {
  const { month, rows, totals } = summary.answers;
  // Long questions are cut in the chart's labels only; the table and the spoken summary have them whole.
  const short = text => (text.length > 48 ? `${text.slice(0, 47)}…` : text);
  const label = r => `${r.question} (${r.authorName})`;
  const text = `Bar chart of requests solved in ${month} by each answer, credited to its author. ` +
    totals.map(t => `${t.teamName}: ${t.solved} solved by ${t.answers} answer${t.answers === 1 ? '' : 's'}.`).join(' ') + ' ' +
    rows.map(r => `${label(r)}: ${r.solved}.`).join(' ');
  return {
    ...chartFigure('answers', text, {
      type: 'bar',
      data: { labels: rows.map(r => `${short(r.question)} (${r.authorName})`), datasets: [{ label: 'Requests solved', data: rows.map(r => r.solved), backgroundColor: color(2) }] },
      options: baseOptions({ indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Requests solved' } } } }),
    }),
    note: `Requests the requester marked "This solved it" on an offered answer, so nothing was filed; the calendar month (UTC) holding the period's end. ` +
      (totals.length ? `Per team: ${totals.map(t => `${t.teamName} ${t.solved}`).join(', ')}.` : ''),
    // The question is text an agent wrote: set as text, never as markup.
    table: table('answers', `Answers that solved requests in ${month}, per answer, with its author`, [
      col('teamName', 'Team'), col('question', 'Question'), col('authorName', 'Author'), col('solved', 'Solved', true),
    ], rows),
  };
}

function unsungView(summary) {
  const { span, rows } = summary.unsung;
  const names = new Map(state.access.teams.map(t => [t.id, t.name]));
  const teamName = r => names.get(r.team) ?? r.team;
  const label = r => `${r.agentName} (${teamName(r)})`;
  const when = SPAN_TEXT[span];
  const text = `Bar chart of requests resolved and thanked ${when} for the agents thanked least per request. ` +
    rows.map(r => `${label(r)}: ${r.resolutions} resolved, ${r.thanks} thanked.`).join(' ');
  return {
    ...chartFigure('unsung', text, {
      type: 'bar',
      data: {
        labels: rows.map(label),
        datasets: [
          { label: 'Resolved', data: rows.map(r => r.resolutions), backgroundColor: color(0) },
          { label: 'Thanked', data: rows.map(r => r.thanks), backgroundColor: color(1) },
        ],
      },
      options: baseOptions({ indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }),
    }),
    note: `Agents who resolve many requests and are rarely thanked (the kudos fair board). The board counts whole calendar periods up to now: shown is ${when === 'all time' ? 'all time' : `the current calendar ${span}`}, the span nearest the chosen period. A word of thanks goes a long way.`,
    table: table('unsung', `Unsung helpers: requests resolved and thanked ${when}`, [
      col('agentName', 'Agent'), col('teamName', 'Team', false, teamName), col('resolutions', 'Resolved', true), col('thanks', 'Thanked', true),
    ], rows),
  };
}

async function downloadCsv(report, extra) {
  showError(null);
  try {
    const blob = await api(`/api/reports/${report}`, [...queryParams(state.query), ...extra, ['format', 'csv']], 'text/csv');
    const link = h('a', { href: URL.createObjectURL(blob), download: `${report.replace('/', '-')}-${state.query.from}-${state.query.to}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  } catch (error) {
    showError(error.message);
  }
}

start();
