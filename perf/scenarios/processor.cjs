'use strict';
// Artillery processor for tasks.yml: unique users, varied task bodies and list
// queries, a start barrier, and the measurement window for throughput.
// CommonJS because Artillery 2.0.21 loads processors with require().

const { randomUUID } = require('node:crypto');
const { writeFileSync } = require('node:fs');
const { threadId } = require('node:worker_threads');

const posInt = (value, fallback) => {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

const LOOPS = posInt(process.env.BENCH_LOOPS, 40);
const VUS = posInt(process.env.BENCH_VUS, 50);
// With more than 2 cores Artillery splits the VUs over several worker threads,
// so a worker may never see all VUS signups: the barrier then gives up after this.
const BARRIER_TIMEOUT_MS = 10_000;
const WINDOW_FILE = process.env.BENCH_WINDOW_FILE;

const WORDS = [
  'invoice',
  'groceries',
  'dentist',
  'report',
  'garden',
  'taxes',
  'birthday',
  'laundry',
  'meeting',
  'backup',
];
const VERBS = ['Buy', 'Call about', 'Finish', 'Plan', 'Review', 'Pay', 'Book', 'Clean up'];
const TAGS = ['work', 'home', 'errand', 'urgent', 'reading', 'health', 'money', 'family'];
const PRIORITIES = ['none', 'low', 'medium', 'high'];
const OFFSETS = [0, 60, 120, -300, 330, -480]; // minutes east of UTC

const pick = (list) => list[Math.floor(Math.random() * list.length)];

/** An ISO 8601 instant written with the given UTC offset, e.g. 2026-01-02T09:30:00+05:30. */
function isoWithOffset(epochMs, offsetMinutes) {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

let arrived = 0;
let firstArrivalAt = 0;
const window = { start: Infinity, end: 0, vusDone: 0, threadId };

function setupUser(context, _events, done) {
  context.vars.email = `bench-${randomUUID()}@example.com`;
  context.vars.password = `pw-${randomUUID()}`;
  context.vars.loops = LOOPS;
  context.vars.taskNo = 0;
  return done();
}

/** Hold every VU until all have signed up, so the measured loop runs at full concurrency. */
function waitForAllSignups(_context, _events, done) {
  arrived += 1;
  if (arrived === 1) firstArrivalAt = Date.now();
  const check = () => {
    if (arrived >= VUS || Date.now() - firstArrivalAt > BARRIER_TIMEOUT_MS) {
      window.start = Math.min(window.start, Date.now());
      return done();
    }
    return setTimeout(check, 5);
  };
  check();
}

function nextTask(context, _events, done) {
  const n = ++context.vars.taskNo;
  const body = {
    title: `${pick(VERBS)} ${pick(WORDS)} ${n}`,
    priority: pick(PRIORITIES),
    tags: [...new Set(Array.from({ length: Math.floor(Math.random() * 4) }, () => pick(TAGS)))],
  };
  if (Math.random() < 0.7) {
    const inDays = Math.random() * 30 - 5; // some overdue, most in the next month
    body.dueAt = isoWithOffset(Date.now() + inDays * 86_400_000, pick(OFFSETS));
  }
  context.vars.taskBody = body;
  return done();
}

function attachTaskBody(requestParams, context, _events, next) {
  requestParams.json = context.vars.taskBody;
  return next();
}

const QUERIES = [
  () => ({ limit: '50' }),
  () => ({ priority: 'high,medium', sort: 'due', order: 'asc', limit: '50' }),
  () => ({ q: pick(WORDS), limit: '20' }),
  () => ({ tags: pick(TAGS), limit: '50' }),
  () => ({ sort: 'created', order: 'desc', limit: '50' }),
  () => ({ due: 'week', sort: 'priority', order: 'desc', limit: '50' }),
  () => ({ status: 'all', sort: 'title', limit: '100' }),
];

function nextListQuery(context, _events, done) {
  context.vars.listQuery = new URLSearchParams(pick(QUERIES)()).toString();
  return done();
}

function finishUser(_context, _events, done) {
  window.end = Math.max(window.end, Date.now());
  window.vusDone += 1;
  if (WINDOW_FILE) {
    try {
      writeFileSync(`${WINDOW_FILE}.${threadId}.json`, JSON.stringify(window));
    } catch {
      // Throughput falls back to Artillery's own timestamps.
    }
  }
  return done();
}

module.exports = { setupUser, waitForAllSignups, nextTask, attachTaskBody, nextListQuery, finishUser };
