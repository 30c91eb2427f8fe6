'use strict';

// The dashboard reads the partsmith actuator endpoint and nothing else; its URL, relative to this page,
// is written into the page by the server.
const endpoint = document.body.dataset.endpoint;

// For scripts that drive the page: the promise of its latest reading or action, settled once the page shows its outcome.
window.partsmithDashboard = { settled: Promise.resolve() };

function track(promise) {
  window.partsmithDashboard.settled = promise.then(() => undefined, () => undefined);
  return promise;
}

const tablesElement = document.getElementById('tables');
const messageElement = document.getElementById('message');

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value === null || value === undefined || value === false) {
      return;
    }
    if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  });
  children.flat().forEach(child => {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  });
  return node;
}

function say(text, isError) {
  messageElement.textContent = text;
  messageElement.className = isError ? 'error' : '';
}

/** Seconds of an ISO-8601 duration as Java prints it (PT720H, PT-1H-30M, P2DT3H). */
function isoSeconds(text) {
  const match = /^P(?:(-?\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?\d+(?:\.\d+)?)S)?)?$/.exec(text || '');
  if (!match) {
    return null;
  }
  const [, days, hours, minutes, seconds] = match.map(part => Number(part || 0));
  return days * 86400 + hours * 3600 + minutes * 60 + seconds;
}

function humanDuration(seconds) {
  if (seconds === null || seconds === undefined) {
    return 'unbounded';
  }
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(Math.round(seconds));
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const parts = [];
  if (days) parts.push(days + 'd');
  if (hours) parts.push(hours + 'h');
  if (minutes && !days) parts.push(minutes + 'm');
  return sign + (parts.length ? parts.join(' ') : (rest ? rest + 's' : '0'));
}

function plural(count, noun) {
  return count + ' ' + noun + (count === 1 ? '' : 's');
}

async function call(path, body) {
  const response = await fetch(endpoint + path, body === undefined ? { headers: { Accept: 'application/json' } } : {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body)
  });
  if (!response.ok) {
    throw new Error(response.status + ' ' + response.statusText + ' from ' + response.url);
  }
  return response.json();
}

function partitionItem(partition, notManaged) {
  const classes = [partition.defaultPartition ? 'default' : partition.detachPending ? 'pending' : partition.position || 'past'];
  if (partition.defaultPartition && partition.rowEstimate > 0) {
    classes.push('has-rows');
  }
  if (notManaged.has(partition.name)) {
    classes.push('not-managed');
  }
  const range = partition.defaultPartition ? 'DEFAULT' : partition.from + ' → ' + partition.to;
  return element('li', {
    class: 'partition ' + classes.join(' '),
    dataset: { name: partition.name, position: partition.defaultPartition ? 'default' : (partition.position || '') },
    title: partition.name + '\n' + range + '\n~' + plural(partition.rowEstimate, 'row')
        + (partition.detachPending ? '\ndetach pending' : '') + (notManaged.has(partition.name) ? '\nnot managed: ' + notManaged.get(partition.name) : '')
  },
  element('span', { class: 'name' }, partition.name),
  element('span', { class: 'range' }, partition.defaultPartition ? 'DEFAULT' : shortBound(partition.from) + ' → ' + shortBound(partition.to)),
  element('span', { class: 'rows' }, '~' + plural(partition.rowEstimate, 'row')));
}

/** A bound without a midnight time and a UTC offset: 2024-03-01 00:00:00+00 reads 2024-03-01. */
function shortBound(text) {
  return (text || '').replace(/ 00:00:00(\+00)?$/, '').replace(/\+00$/, ' UTC');
}

function runwayElement(table) {
  const minimum = isoSeconds(table.minRunway);
  const runway = table.runwaySeconds;
  const below = table.runway !== null && table.runway !== 'unbounded' && runway !== null && minimum !== null && runway < minimum;
  const scale = Math.max(runway === null ? 0 : runway, (minimum || 0) * 2, 1);
  const fill = table.runway === 'unbounded' ? 100 : Math.max(0, Math.min(100, 100 * (runway || 0) / scale));
  return element('div', { class: 'runway' + (below ? ' below' : ''), dataset: { runway: table.runway === null ? '' : table.runway, minRunway: table.minRunway } },
    element('div', { class: 'gauge' },
      element('div', { class: 'fill', style: 'width: ' + fill + '%' }),
      element('div', { class: 'minimum', style: 'left: ' + (100 * (minimum || 0) / scale) + '%' })),
    element('span', { class: 'text' }, table.runway === null ? 'runway unknown'
        : 'runway ' + (table.runway === 'unbounded' ? 'unbounded' : humanDuration(runway)) + ' (min-runway ' + humanDuration(minimum) + ')'
          + (table.rowsInDefault === null ? '' : ', ~' + plural(table.rowsInDefault, 'row') + ' in DEFAULT')));
}

/** Scrolls a long timeline so that the current partition shows, with some of the past before it. */
function showNow(timeline) {
  const current = timeline.querySelector('.current') || timeline.querySelector('.ahead');
  if (current) {
    timeline.scrollLeft = Math.max(0, current.offsetLeft - timeline.clientWidth / 4);
  }
}

function runsElement(runs) {
  if (!runs || runs.length === 0) {
    return element('p', { class: 'none' }, 'No run in this application yet.');
  }
  return element('table', { class: 'runs' },
    element('thead', {}, element('tr', {}, ['started', 'outcome', 'created', 'detached', 'dropped', 'moved rows', 'took', ''].map(title => element('th', {}, title)))),
    element('tbody', {}, runs.map(run => element('tr', { class: run.outcome },
      element('td', {}, run.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')),
      element('td', { class: 'outcome' }, run.outcome),
      element('td', {}, run.created),
      element('td', {}, run.detached),
      element('td', {}, run.dropped),
      element('td', {}, run.movedRows),
      element('td', {}, humanMillis(isoSeconds(run.duration))),
      element('td', { class: 'error' }, run.error || run.skippedReason || '')))));
}

function humanMillis(seconds) {
  return seconds === null ? '' : seconds < 1 ? Math.round(seconds * 1000) + ' ms' : seconds.toFixed(1) + ' s';
}

function listElement(items, empty) {
  return items.length === 0 ? element('p', { class: 'none' }, empty) : element('ul', {}, items.map(item => element('li', {}, item)));
}

function tableSection(table, writable) {
  const notManaged = new Map(table.notManaged.map(other => [other.name, other.reason]));
  const buttons = writable ? element('div', { class: 'buttons' },
    element('button', { type: 'button', dataset: { action: 'dry-run', key: table.key } }, 'Dry run'),
    element('button', { type: 'button', class: 'primary', dataset: { action: 'run', key: table.key } }, 'Run now')) : null;
  const facts = [table.schema + '.' + table.table, table.granularity, 'create-ahead ' + table.createAhead,
    'retention ' + (table.retention === null ? 'forever' : table.retention), table.keyType].filter(Boolean).join(' · ');
  return element('section', { class: 'table' + (table.problems.length ? ' unhealthy' : ''), dataset: { key: table.key } },
    element('div', { class: 'table-head' }, element('h2', {}, table.key), element('span', { class: 'facts' }, facts), buttons),
    table.problems.length ? element('ul', { class: 'problems' }, table.problems.map(problem => element('li', {}, problem))) : null,
    runwayElement(table),
    element('ol', { class: 'timeline' }, table.partitions.map(partition => partitionItem(partition, notManaged))),
    element('div', { class: 'plan', dataset: { key: table.key } }),
    element('div', { class: 'details' },
      element('div', { class: 'recent-runs' }, element('h3', {}, 'Last runs'), runsElement(table.recentRuns)),
      element('div', { class: 'not-managed' }, element('h3', {}, 'Not managed'),
        listElement(table.notManaged.map(other => other.name + (other.from ? ' [' + shortBound(other.from) + ', ' + shortBound(other.to) + ')' : '') + ': ' + other.reason),
          'partsmith manages every partition.')),
      element('div', { class: 'detached' }, element('h3', {}, 'Detached, awaiting their drop'),
        listElement(table.detached.map(other => other.name), 'None.'))));
}

function planElement(key, plan) {
  if (plan.error) {
    return [element('h3', {}, 'Dry run of ' + key + ' failed'), element('p', { class: 'issue' }, plan.error)];
  }
  const items = plan.operations.map(operation => element('li', { class: 'operation', dataset: { type: operation.type } }, operation.description))
    .concat(plan.issues.map(issue => element('li', { class: 'issue' }, issue.severity + ' ' + issue.step + (issue.partition ? ' ' + issue.partition : '') + ': ' + issue.message)));
  return [element('h3', {}, 'Dry run of ' + key + ' at ' + plan.plannedAt + ': '
      + (plan.operations.length ? plural(plan.operations.length, 'operation') : 'nothing to do')),
    items.length ? element('ul', {}, items) : null];
}

function runSummary(key, run) {
  return key + ': ' + run.outcome + (run.skippedReason ? ' (' + run.skippedReason + ')' : ', created ' + run.created + ', detached '
      + run.detached + ', dropped ' + run.dropped) + (run.error ? ': ' + run.error : '');
}

async function dryRun(keys) {
  const plans = (await call(keys.length === 1 ? '/' + encodeURIComponent(keys[0]) : '', { dryRun: true })).plans;
  Object.entries(plans).forEach(([key, plan]) => {
    const target = tablesElement.querySelector('.plan[data-key="' + CSS.escape(key) + '"]');
    if (target) {
      target.replaceChildren(...planElement(key, plan).filter(Boolean));
    }
  });
  say('Dry run done: nothing was changed.');
}

async function run(keys) {
  const runs = (await call(keys.length === 1 ? '/' + encodeURIComponent(keys[0]) : '', {})).runs;
  await load();
  say(Object.entries(runs).map(([key, result]) => runSummary(key, result)).join('; '));
}

let allKeys = [];

async function load() {
  const data = await call('');
  allKeys = Object.keys(data.tables);
  const schedule = data.schedule;
  document.getElementById('schedule').textContent = schedule
    ? 'Scheduled: ' + schedule.cron + ' (' + schedule.zone + ')' + (schedule.nextRun ? ', next run ' + schedule.nextRun : '')
    : 'No scheduled runs.';
  const actions = document.getElementById('actions');
  actions.querySelectorAll('[data-action]').forEach(button => button.remove());
  if (data.writable) {
    actions.prepend(element('button', { type: 'button', dataset: { action: 'dry-run-all' } }, 'Dry run all'),
      element('button', { type: 'button', class: 'primary', dataset: { action: 'run-all' } }, 'Run all'));
  }
  tablesElement.replaceChildren(...Object.values(data.tables).map(table => tableSection(table, data.writable)));
  tablesElement.querySelectorAll('ol.timeline').forEach(showNow);
  if (allKeys.length === 0) {
    tablesElement.append(element('p', { class: 'none' }, 'No table is configured under partsmith.tables.'));
  }
  say('Read at ' + new Date().toLocaleTimeString() + (data.writable ? '' : ' · read-only: the endpoint allows no runs'));
}

document.addEventListener('click', event => {
  const button = event.target.closest('button');
  if (button) {
    track(act(button));
  }
});

async function act(button) {
  const action = button.id === 'refresh' ? 'refresh' : button.dataset.action;
  const keys = button.dataset.key ? [button.dataset.key] : allKeys;
  button.disabled = true;
  say(action === 'refresh' ? 'Reading…' : action.startsWith('dry-run') ? 'Planning…' : 'Running maintenance…');
  try {
    if (action === 'refresh') {
      await load();
    } else if (action.startsWith('dry-run')) {
      await dryRun(action === 'dry-run-all' ? [] : keys);
    } else if (action.startsWith('run')) {
      await run(action === 'run-all' ? [] : keys);
    }
  } catch (failure) {
    say(failure.message, true);
  } finally {
    button.disabled = false;
  }
}

track(load().catch(failure => say('Cannot read ' + endpoint + ': ' + failure.message, true)));
