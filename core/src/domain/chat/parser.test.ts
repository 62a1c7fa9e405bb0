import { toFloating, wallTimeToInstant } from '@todo/time';
import { describe, expect, it } from 'vitest';
import { IntentSchema } from './intent-schema.js';
import { parseMessage } from './parser.js';

/** The intent with every Due shown as local time: 'YYYY-MM-DDTHH:mm', or 'YYYY-MM-DD' without a time. */
function view(value: unknown, timeZone: string): unknown {
  if (Array.isArray(value)) return value.map((v) => view(v, timeZone));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.at === 'string' && typeof o.hasTime === 'boolean') {
      const local = toFloating(new Date(o.at), timeZone).toISOString();
      return o.hasTime ? local.slice(0, 16) : local.slice(0, 10);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, view(v, timeZone)]));
  }
  return value;
}

function at(local: string, timeZone: string): Date {
  const [year, month, day, hour, minute] = local.split(/[-T:]/).map(Number);
  return wallTimeToInstant({ year: year!, month: month!, day: day!, hour: hour!, minute: minute! }, timeZone);
}

type Row = [say: string, expected: unknown];

interface Table {
  timeZone: string;
  now: string;
  rows: Row[];
}

const NEW_YORK: Table = {
  timeZone: 'America/New_York',
  now: '2026-11-24T10:00', // a Tuesday
  rows: [
    // adding: wording, casing, punctuation, order
    [
      'Add Buy Milk Tomorrow At 6PM #Shopping HIGH PRIORITY',
      {
        intent: 'add',
        task: { title: 'Buy Milk', priority: 'high', tags: ['shopping'], due: '2026-11-25T18:00' },
      },
    ],
    [
      'please add buy milk tomorrow at 6pm, high priority, #shopping',
      {
        intent: 'add',
        task: { title: 'buy milk', priority: 'high', tags: ['shopping'], due: '2026-11-25T18:00' },
      },
    ],
    ['ADD BUY MILK!!!', { intent: 'add', task: { title: 'BUY MILK' } }],
    [
      'can you add a task to call the bank on monday',
      { intent: 'add', task: { title: 'call the bank', due: '2026-11-30' } },
    ],
    [
      'create todo: pay electricity bill by friday',
      { intent: 'add', task: { title: 'pay electricity bill', due: '2026-11-27' } },
    ],
    ['todo: water plants', { intent: 'add', task: { title: 'water plants' } }],
    ['new todo - clean the fridge', { intent: 'add', task: { title: 'clean the fridge' } }],
    ['jot down call the vet', { intent: 'add', task: { title: 'call the vet' } }],
    [
      'i need to renew my passport next month',
      { intent: 'add', task: { title: 'renew my passport', due: '2026-12-24' } },
    ],
    ["i'd like to add buy milk", { intent: 'add', task: { title: 'buy milk' } }],
    ['add read book low priority', { intent: 'add', task: { title: 'read book', priority: 'low' } }],
    ['add read book priority: medium', { intent: 'add', task: { title: 'read book', priority: 'medium' } }],
    ['add read book !low', { intent: 'add', task: { title: 'read book', priority: 'low' } }],
    ['add finish slides asap', { intent: 'add', task: { title: 'finish slides', priority: 'high' } }],
    [
      'add submit report by end of month p1',
      { intent: 'add', task: { title: 'submit report', priority: 'high', due: '2026-11-30' } },
    ],
    ['add plan trip #travel #fun', { intent: 'add', task: { title: 'plan trip', tags: ['travel', 'fun'] } }],
    [
      'add laundry tagged home and chores',
      { intent: 'add', task: { title: 'laundry', tags: ['home', 'chores'] } },
    ],
    ['add buy a gift for jan', { intent: 'add', task: { title: 'buy a gift for jan' } }],
    [
      'add lunch with may tomorrow at 1pm',
      { intent: 'add', task: { title: 'lunch with may', due: '2026-11-25T13:00' } },
    ],
    ['add address the envelope', { intent: 'add', task: { title: 'address the envelope' } }],
    ['add fix bug #123 high priority', { intent: 'add', task: { title: 'fix bug #123', priority: 'high' } }],
    [
      'add buy milk (notes: semi-skimmed)',
      { intent: 'add', task: { title: 'buy milk', description: 'semi-skimmed' } },
    ],
    ['add call plumber at noon', { intent: 'add', task: { title: 'call plumber', due: '2026-11-24T12:00' } }],
    ['add clean garage this weekend', { intent: 'add', task: { title: 'clean garage', due: '2026-11-28' } }],
    ['add book dentist in 2 weeks', { intent: 'add', task: { title: 'book dentist', due: '2026-12-08' } }],
    [
      'add meeting with Sam on 12/5 at 10:30',
      { intent: 'add', task: { title: 'meeting with Sam', due: '2026-12-05T10:30' } },
    ],
    [
      'add dinner reservation for 2 at 8pm friday',
      { intent: 'add', task: { title: 'dinner reservation for 2', due: '2026-11-27T20:00' } },
    ],
    ['add read chapter 3 tonight', { intent: 'add', task: { title: 'read chapter 3', due: '2026-11-24' } }],
    [
      'add write quarterly report friday',
      { intent: 'add', task: { title: 'write quarterly report', due: '2026-11-27' } },
    ],
    ['add daily standup at 9', { intent: 'add', task: { title: 'daily standup', due: '2026-11-25T09:00' } }],
    [
      'important: call the insurance company tomorrow',
      { intent: 'add', task: { title: 'call the insurance company', priority: 'high', due: '2026-11-25' } },
    ],
    // reminders
    [
      'remind me to call mom at 5pm 10 minutes before',
      { intent: 'add', task: { title: 'call mom', due: '2026-11-24T17:00', reminders: [10] } },
    ],
    [
      'remind me about the game on saturday at 3pm',
      { intent: 'add', task: { title: 'the game', due: '2026-11-28T15:00', reminders: [0] } },
    ],
    ["don't forget to buy stamps", { intent: 'add', task: { title: 'buy stamps' } }],
    [
      'add meeting at 3pm and remind me',
      { intent: 'add', task: { title: 'meeting', due: '2026-11-24T15:00', reminders: [0] } },
    ],
    [
      'add flight on jan 10 at 8am with a reminder 3 hours before',
      { intent: 'add', task: { title: 'flight', due: '2027-01-10T08:00', reminders: [180] } },
    ],
    [
      'add dentist appointment dec 3 at 2:30pm, remind me 1 hour before and 15 minutes before',
      { intent: 'add', task: { title: 'dentist appointment', due: '2026-12-03T14:30', reminders: [60, 15] } },
    ],
    [
      'add exam on dec 10 at 9am remind me 1 day and 2 hours before',
      { intent: 'add', task: { title: 'exam', due: '2026-12-10T09:00', reminders: [1440, 120] } },
    ],
    [
      'add x tomorrow 9am remind me 1 hour and 30 minutes before',
      { intent: 'add', task: { title: 'x', due: '2026-11-25T09:00', reminders: [90] } },
    ],
    [
      'add call landlord tomorrow, remind me half an hour before',
      { intent: 'add', task: { title: 'call landlord', due: '2026-11-25', reminders: [30] } },
    ],
    // recurrence: the due is the rule's first occurrence from now
    [
      'remind me to take my pills every day at 8am',
      {
        intent: 'add',
        task: {
          title: 'take my pills',
          due: '2026-11-25T08:00',
          reminders: [0],
          recurrence: { rule: 'FREQ=DAILY', mode: 'schedule' },
        },
      },
    ],
    [
      'add weekly review every friday at 4pm',
      {
        intent: 'add',
        task: {
          title: 'weekly review',
          due: '2026-11-27T16:00',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=FR', mode: 'schedule' },
        },
      },
    ],
    [
      'add gym every monday, wednesday and friday at 7am',
      {
        intent: 'add',
        task: {
          title: 'gym',
          due: '2026-11-25T07:00',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', mode: 'schedule' },
        },
      },
    ],
    [
      'add team meeting every 2 weeks on thursday at 3pm',
      {
        intent: 'add',
        task: {
          title: 'team meeting',
          due: '2026-11-26T15:00',
          recurrence: { rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', mode: 'schedule' },
        },
      },
    ],
    [
      'add review budget on the last friday of every month',
      {
        intent: 'add',
        task: {
          title: 'review budget',
          due: '2026-11-27',
          recurrence: { rule: 'FREQ=MONTHLY;BYDAY=-1FR', mode: 'schedule' },
        },
      },
    ],
    [
      'add pay credit card on the 15th of each month',
      {
        intent: 'add',
        task: {
          title: 'pay credit card',
          due: '2026-12-15',
          recurrence: { rule: 'FREQ=MONTHLY;BYMONTHDAY=15', mode: 'schedule' },
        },
      },
    ],
    [
      'add backup server every sunday at 2am until march 1',
      {
        intent: 'add',
        task: {
          title: 'backup server',
          due: '2026-11-29T02:00',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=SU;UNTIL=20270302T045959Z', mode: 'schedule' },
        },
      },
    ],
    [
      'add take vitamins daily for 30 times',
      {
        intent: 'add',
        task: {
          title: 'take vitamins',
          due: '2026-11-24',
          recurrence: { rule: 'FREQ=DAILY;COUNT=30', mode: 'schedule' },
        },
      },
    ],
    [
      'add water plants every 3 days after i complete it',
      {
        intent: 'add',
        task: {
          title: 'water plants',
          due: '2026-11-24',
          recurrence: { rule: 'FREQ=DAILY;INTERVAL=3', mode: 'after_completion' },
        },
      },
    ],
    [
      'add renew car insurance every year on march 3',
      {
        intent: 'add',
        task: {
          title: 'renew car insurance',
          due: '2027-03-03',
          recurrence: { rule: 'FREQ=YEARLY', mode: 'schedule' },
        },
      },
    ],
    [
      'add jog every other day at 6am',
      {
        intent: 'add',
        task: {
          title: 'jog',
          due: '2026-11-25T06:00',
          recurrence: { rule: 'FREQ=DAILY;INTERVAL=2', mode: 'schedule' },
        },
      },
    ],
    [
      'add standup monday to friday at 9',
      {
        intent: 'add',
        task: {
          title: 'standup',
          due: '2026-11-25T09:00',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', mode: 'schedule' },
        },
      },
    ],
    [
      'add book club on the first monday of every month at 7pm',
      {
        intent: 'add',
        task: {
          title: 'book club',
          due: '2026-12-07T19:00',
          recurrence: { rule: 'FREQ=MONTHLY;BYDAY=1MO', mode: 'schedule' },
        },
      },
    ],
    [
      'add team sync every 2 weeks',
      {
        intent: 'add',
        task: {
          title: 'team sync',
          due: '2026-11-24',
          recurrence: { rule: 'FREQ=WEEKLY;INTERVAL=2', mode: 'schedule' },
        },
      },
    ],
    [
      'add pay rent on the 31st of every month',
      {
        intent: 'add',
        task: {
          title: 'pay rent',
          due: '2026-11-30',
          recurrence: { rule: 'FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1', mode: 'schedule' },
        },
      },
    ],
    [
      'add vacuum every saturday morning',
      {
        intent: 'add',
        task: {
          title: 'vacuum',
          due: '2026-11-28',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=SA', mode: 'schedule' },
        },
      },
    ],
    [
      'add call grandma every sunday at 11am for 10 weeks',
      {
        intent: 'add',
        task: {
          title: 'call grandma',
          due: '2026-11-29T11:00',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=SU;UNTIL=20270203T045959Z', mode: 'schedule' },
        },
      },
    ],
    [
      'add mow the lawn every weekend',
      {
        intent: 'add',
        task: {
          title: 'mow the lawn',
          due: '2026-11-28',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=SA,SU', mode: 'schedule' },
        },
      },
    ],
    [
      'add check smoke alarms quarterly',
      {
        intent: 'add',
        task: {
          title: 'check smoke alarms',
          due: '2026-11-24',
          recurrence: { rule: 'FREQ=MONTHLY;INTERVAL=3', mode: 'schedule' },
        },
      },
    ],
    [
      'add haircut every 6 weeks after completion',
      {
        intent: 'add',
        task: {
          title: 'haircut',
          due: '2026-11-24',
          recurrence: { rule: 'FREQ=WEEKLY;INTERVAL=6', mode: 'after_completion' },
        },
      },
    ],
    [
      'every weekday at 9:30am standup',
      {
        intent: 'add',
        task: {
          title: 'standup',
          due: '2026-11-25T09:30',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', mode: 'schedule' },
        },
      },
    ],
    [
      'daily at 7am meditate',
      {
        intent: 'add',
        task: {
          title: 'meditate',
          due: '2026-11-25T07:00',
          recurrence: { rule: 'FREQ=DAILY', mode: 'schedule' },
        },
      },
    ],
    [
      'every morning at 6:30 run',
      {
        intent: 'add',
        task: { title: 'run', due: '2026-11-25T06:30', recurrence: { rule: 'FREQ=DAILY', mode: 'schedule' } },
      },
    ],
    [
      'on mondays and thursdays at 6pm yoga',
      {
        intent: 'add',
        task: {
          title: 'yoga',
          due: '2026-11-26T18:00',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TH', mode: 'schedule' },
        },
      },
    ],
    // nothing to add
    ['add x every 5000 days', { intent: 'unknown' }],
    ['add', { intent: 'unknown' }],
    ['add #work', { intent: 'unknown' }],
    ['add tomorrow at 5', { intent: 'unknown' }],
    // lists
    [
      'show me everything due tomorrow',
      { intent: 'list', query: { dueFrom: '2026-11-25T05:00:00.000Z', dueTo: '2026-11-26T04:59:59.999Z' } },
    ],
    [
      "what's due next week",
      { intent: 'list', query: { dueFrom: '2026-11-30T05:00:00.000Z', dueTo: '2026-12-07T04:59:59.999Z' } },
    ],
    ['what is due before friday', { intent: 'list', query: { dueTo: '2026-11-27T04:59:59.999Z' } }],
    ['show tasks due after friday', { intent: 'list', query: { dueFrom: '2026-11-28T05:00:00.000Z' } }],
    ['show overdue high priority tasks', { intent: 'list', query: { priority: 'high', due: 'overdue' } }],
    [
      'list open tasks sorted by title',
      { intent: 'list', query: { sort: 'title', order: 'asc', status: 'open' } },
    ],
    ['show all tasks including completed', { intent: 'list', query: { status: 'all' } }],
    [
      'show tasks tagged work, sorted by due date descending',
      { intent: 'list', query: { sort: 'due', order: 'desc', tags: 'work' } },
    ],
    [
      'show tasks tagged work or personal sorted by priority ascending',
      { intent: 'list', query: { sort: 'priority', order: 'asc', tags: 'work,personal', tagMode: 'any' } },
    ],
    [
      'show high and medium priority work tasks',
      { intent: 'list', query: { priority: 'high,medium', tags: 'work' } },
    ],
    ['what are my most important tasks', { intent: 'list', query: { priority: 'high' } }],
    ['show urgent tasks', { intent: 'list', query: { priority: 'high' } }],
    ['show tasks oldest first', { intent: 'list', query: { sort: 'created', order: 'asc' } }],
    ['list tasks alphabetically', { intent: 'list', query: { sort: 'title', order: 'asc' } }],
    ['show recently updated tasks', { intent: 'list', query: { sort: 'updated', order: 'desc' } }],
    [
      'list done tasks newest first',
      { intent: 'list', query: { sort: 'created', order: 'desc', status: 'done' } },
    ],
    [
      'show me tasks due today sorted by priority',
      { intent: 'list', query: { sort: 'priority', order: 'desc', due: 'today' } },
    ],
    [
      "what's on my list for tomorrow?",
      { intent: 'list', query: { dueFrom: '2026-11-25T05:00:00.000Z', dueTo: '2026-11-26T04:59:59.999Z' } },
    ],
    ['search buy milk', { intent: 'list', query: { q: 'buy milk' } }],
    ['look for dentist', { intent: 'list', query: { q: 'dentist' } }],
    ['find invoice', { intent: 'list', query: { q: 'invoice' } }],
    ['find "tax return"', { intent: 'list', query: { q: 'tax return' } }],
    ['search invoices from acme', { intent: 'list', query: { q: 'invoices from acme' } }],
    ['show open tasks about taxes', { intent: 'list', query: { status: 'open', q: 'taxes' } }],
    ['list tasks that mention passport', { intent: 'list', query: { q: 'passport' } }],
    ['show tasks with high priority', { intent: 'list', query: { priority: 'high' } }],
    ['what should i do today?', { intent: 'list', query: { due: 'today' } }],
    ['Any overdue tasks?', { intent: 'list', query: { due: 'overdue' } }],
    ['overdue tasks', { intent: 'list', query: { due: 'overdue' } }],
    ["today's tasks", { intent: 'list', query: { due: 'today' } }],
    ['show #work tasks', { intent: 'list', query: { tags: 'work' } }],
    ['show tasks in work', { intent: 'list', query: { tags: 'work' } }],
    ['what have i finished', { intent: 'list', query: { status: 'done' } }],
    ['show me my todo list', { intent: 'list', query: { status: 'open' } }],
    ['how many tasks do i have', { intent: 'list', query: { status: 'open' } }],
    ['can you show my tasks please', { intent: 'list', query: { status: 'open' } }],
    ["what's due this week?", { intent: 'list', query: { due: 'week' } }],
    ['show tasks without a due date', { intent: 'list', query: { due: 'none' } }],
    ['show undated tasks', { intent: 'list', query: { due: 'none' } }],
    ['show tasks tagged home and garden', { intent: 'list', query: { tags: 'home,garden', tagMode: 'all' } }],
    [
      'show tasks tagged either home or garden',
      { intent: 'list', query: { tags: 'home,garden', tagMode: 'any' } },
    ],
    ['show low priority', { intent: 'list', query: { priority: 'low' } }],
    [
      'show tasks sorted by priority lowest first',
      { intent: 'list', query: { sort: 'priority', order: 'asc' } },
    ],
    // complete
    ['mark the 3rd one as complete', { intent: 'complete', target: { by: 'position', index: 3 } }],
    ['mark #2 done', { intent: 'complete', target: { by: 'position', index: 2 } }],
    ['complete number 2', { intent: 'complete', target: { by: 'position', index: 2 } }],
    ['done with buy milk', { intent: 'complete', target: { by: 'title', text: 'buy milk' } }],
    ['finish write report', { intent: 'complete', target: { by: 'title', text: 'write report' } }],
    ['Buy milk is done.', { intent: 'complete', target: { by: 'title', text: 'Buy milk' } }],
    ['buy milk done', { intent: 'complete', target: { by: 'title', text: 'buy milk' } }],
    ['slides done ✅', { intent: 'complete', target: { by: 'title', text: 'slides' } }],
    ['check off buy milk', { intent: 'complete', target: { by: 'title', text: 'buy milk' } }],
    ['tick off the first one', { intent: 'complete', target: { by: 'position', index: 1 } }],
    ['cross buy milk off my list', { intent: 'complete', target: { by: 'title', text: 'buy milk' } }],
    ['i did the laundry', { intent: 'complete', target: { by: 'title', text: 'laundry' } }],
    ['i bought milk', { intent: 'complete', target: { by: 'title', text: 'buy milk' } }],
    ["i've paid the rent", { intent: 'complete', target: { by: 'title', text: 'pay rent' } }],
    ['just emailed the landlord', { intent: 'complete', target: { by: 'title', text: 'email landlord' } }],
    ['i washed the car', { intent: 'complete', target: { by: 'title', text: 'wash car' } }],
    ['i took out the trash', { intent: 'complete', target: { by: 'title', text: 'take out the trash' } }],
    ['i finished the slides', { intent: 'complete', target: { by: 'title', text: 'slides' } }],
    ['the slides are done', { intent: 'complete', target: { by: 'title', text: 'slides' } }],
    ["it's done", { intent: 'complete', target: { by: 'last' } }],
    ['done', { intent: 'complete', target: { by: 'last' } }],
    ['done!', { intent: 'complete', target: { by: 'last' } }],
    ['mark them all done', { intent: 'complete', target: { by: 'shown' } }],
    ['mark both done', { intent: 'complete', target: { by: 'shown' } }],
    ['mark everything done', { intent: 'complete', target: { by: 'shown' } }],
    ['complete all of them', { intent: 'complete', target: { by: 'shown' } }],
    ['mark the last one done', { intent: 'complete', target: { by: 'last' } }],
    ['mark "buy milk" as done', { intent: 'complete', target: { by: 'title', text: 'buy milk' } }],
    // reopen
    ['mark buy milk as not done', { intent: 'reopen', target: { by: 'title', text: 'buy milk' } }],
    ["buy milk isn't done", { intent: 'reopen', target: { by: 'title', text: 'buy milk' } }],
    ['reopen it', { intent: 'reopen', target: { by: 'last' } }],
    ['uncheck the second one', { intent: 'reopen', target: { by: 'position', index: 2 } }],
    ["i didn't actually finish the report", { intent: 'reopen', target: { by: 'title', text: 'report' } }],
    ['undo complete buy milk', { intent: 'reopen', target: { by: 'title', text: 'buy milk' } }],
    // delete
    ['get rid of old idea', { intent: 'delete', target: { by: 'title', text: 'old idea' } }],
    ['remove buy milk from my list', { intent: 'delete', target: { by: 'title', text: 'buy milk' } }],
    [
      'cancel the dentist appointment',
      { intent: 'delete', target: { by: 'title', text: 'dentist appointment' } },
    ],
    ['delete it', { intent: 'delete', target: { by: 'last' } }],
    ['delete them', { intent: 'delete', target: { by: 'shown' } }],
    ['trash the 2nd one', { intent: 'delete', target: { by: 'position', index: 2 } }],
    ['please delete the buy milk task', { intent: 'delete', target: { by: 'title', text: 'buy milk' } }],
    ['i want to delete buy milk', { intent: 'delete', target: { by: 'title', text: 'buy milk' } }],
    // conversation
    ['undo', { intent: 'undo' }],
    ['undo that', { intent: 'undo' }],
    ['Revert.', { intent: 'undo' }],
    ['oops', { intent: 'undo' }],
    ['take that back', { intent: 'undo' }],
    ['what can you do', { intent: 'help' }],
    ['?', { intent: 'help' }],
    ['help me', { intent: 'help' }],
    ['how do i add a task', { intent: 'help' }],
    ['hi', { intent: 'help' }],
    ['2', { intent: 'choose', index: 2 }],
    ['#2', { intent: 'choose', index: 2 }],
    ['the second one', { intent: 'choose', index: 2 }],
    ['third', { intent: 'choose', index: 3 }],
    ['the first', { intent: 'choose', index: 1 }],
    ['number 3', { intent: 'choose', index: 3 }],
    // update: due
    [
      'move it to tomorrow at 3pm',
      { intent: 'update', target: { by: 'last' }, changes: { due: '2026-11-25T15:00' } },
    ],
    [
      'move the first one to next week',
      { intent: 'update', target: { by: 'position', index: 1 }, changes: { due: '2026-12-01' } },
    ],
    [
      'reschedule write report for next monday',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { due: '2026-11-30' } },
    ],
    [
      'push the dentist to friday',
      { intent: 'update', target: { by: 'title', text: 'dentist' }, changes: { due: '2026-11-27' } },
    ],
    [
      'change the due date of write report to dec 20',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { due: '2026-12-20' } },
    ],
    [
      'set write report due tomorrow',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { due: '2026-11-25' } },
    ],
    [
      'write report is due friday',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { due: '2026-11-27' } },
    ],
    ['postpone it to monday', { intent: 'update', target: { by: 'last' }, changes: { due: '2026-11-30' } }],
    [
      'move go to gym to saturday',
      { intent: 'update', target: { by: 'title', text: 'go to gym' }, changes: { due: '2026-11-28' } },
    ],
    ['no due date for it', { intent: 'update', target: { by: 'last' }, changes: { due: null } }],
    ['remove the due date', { intent: 'update', target: { by: 'last' }, changes: { due: null } }],
    [
      'remove the due date from write report',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { due: null } },
    ],
    [
      'clear the deadline of write report',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { due: null } },
    ],
    // update: priority
    ['make it urgent', { intent: 'update', target: { by: 'last' }, changes: { priority: 'high' } }],
    [
      'set the priority of write report to low',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { priority: 'low' } },
    ],
    [
      'change write report priority to medium',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { priority: 'medium' } },
    ],
    [
      'prioritize write report',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { priority: 'high' } },
    ],
    [
      'write report is high priority',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { priority: 'high' } },
    ],
    ['give it low priority', { intent: 'update', target: { by: 'last' }, changes: { priority: 'low' } }],
    [
      'make the second one high priority',
      { intent: 'update', target: { by: 'position', index: 2 }, changes: { priority: 'high' } },
    ],
    // update: tags
    ['tag it q4', { intent: 'update', target: { by: 'last' }, changes: { addTags: ['q4'] } }],
    [
      'tag write report as work and q4',
      {
        intent: 'update',
        target: { by: 'title', text: 'write report' },
        changes: { addTags: ['work', 'q4'] },
      },
    ],
    [
      'tag the first one with home',
      { intent: 'update', target: { by: 'position', index: 1 }, changes: { addTags: ['home'] } },
    ],
    [
      'add the q4 tag to write report',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { addTags: ['q4'] } },
    ],
    ['add tag urgent to it', { intent: 'update', target: { by: 'last' }, changes: { addTags: ['urgent'] } }],
    [
      'add #q4 to write report',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { addTags: ['q4'] } },
    ],
    [
      'remove tag q4 from write report',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { removeTags: ['q4'] } },
    ],
    [
      'untag q4 from write report',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { removeTags: ['q4'] } },
    ],
    ['remove the work tag', { intent: 'update', target: { by: 'last' }, changes: { removeTags: ['work'] } }],
    // update: title
    [
      'rename write report to write final report',
      {
        intent: 'update',
        target: { by: 'title', text: 'write report' },
        changes: { title: 'write final report' },
      },
    ],
    ['rename it to call dad', { intent: 'update', target: { by: 'last' }, changes: { title: 'call dad' } }],
    [
      'rename the 2nd one to buy oat milk',
      { intent: 'update', target: { by: 'position', index: 2 }, changes: { title: 'buy oat milk' } },
    ],
    [
      'change the title of it to buy oat milk',
      { intent: 'update', target: { by: 'last' }, changes: { title: 'buy oat milk' } },
    ],
    [
      'change the title to "buy oat milk"',
      { intent: 'update', target: { by: 'last' }, changes: { title: 'buy oat milk' } },
    ],
    // update: reminders
    [
      'remind me 30 minutes before',
      { intent: 'update', target: { by: 'last' }, changes: { reminders: [30] } },
    ],
    [
      'remind me about the dentist 1 hour before',
      { intent: 'update', target: { by: 'title', text: 'dentist' }, changes: { reminders: [60] } },
    ],
    [
      'set a reminder for write report 2 hours before',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { reminders: [120] } },
    ],
    [
      'no reminders for write report',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { reminders: [] } },
    ],
    // update: recurrence
    [
      'make it repeat every week',
      {
        intent: 'update',
        target: { by: 'last' },
        changes: { recurrence: { rule: 'FREQ=WEEKLY', mode: 'schedule' } },
      },
    ],
    [
      'make gym repeat every weekday',
      {
        intent: 'update',
        target: { by: 'title', text: 'gym' },
        changes: { recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', mode: 'schedule' } },
      },
    ],
    [
      'repeat it daily',
      {
        intent: 'update',
        target: { by: 'last' },
        changes: { recurrence: { rule: 'FREQ=DAILY', mode: 'schedule' } },
      },
    ],
    [
      'make write report weekly',
      {
        intent: 'update',
        target: { by: 'title', text: 'write report' },
        changes: { recurrence: { rule: 'FREQ=WEEKLY', mode: 'schedule' } },
      },
    ],
    [
      'gym should repeat every monday',
      {
        intent: 'update',
        target: { by: 'title', text: 'gym' },
        changes: { recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', mode: 'schedule' } },
      },
    ],
    [
      'make it repeat every month until june',
      {
        intent: 'update',
        target: { by: 'last' },
        changes: { recurrence: { rule: 'FREQ=MONTHLY;UNTIL=20270602T035959Z', mode: 'schedule' } },
      },
    ],
    ['stop repeating it', { intent: 'stop_repeating', target: { by: 'last' } }],
    ['stop repeating', { intent: 'stop_repeating', target: { by: 'last' } }],
    ['make gym a one-off', { intent: 'stop_repeating', target: { by: 'title', text: 'gym' } }],
    ["don't repeat gym", { intent: 'stop_repeating', target: { by: 'title', text: 'gym' } }],
    // snooze
    [
      'snooze call mom by 1 hour',
      { intent: 'snooze', target: { by: 'title', text: 'call mom' }, by: { minutes: 60 } },
    ],
    [
      'snooze it until tomorrow 9am',
      { intent: 'snooze', target: { by: 'last' }, by: { until: '2026-11-25T09:00' } },
    ],
    [
      'snooze call mom for 30 minutes',
      { intent: 'snooze', target: { by: 'title', text: 'call mom' }, by: { minutes: 30 } },
    ],
    ['snooze it 10 min', { intent: 'snooze', target: { by: 'last' }, by: { minutes: 10 } }],
    ['snooze it', { intent: 'snooze', target: { by: 'last' }, by: { minutes: 60 } }],
    [
      'snooze the first one by 15 minutes',
      { intent: 'snooze', target: { by: 'position', index: 1 }, by: { minutes: 15 } },
    ],
    [
      'postpone call mom by 2 days',
      { intent: 'snooze', target: { by: 'title', text: 'call mom' }, by: { minutes: 2880 } },
    ],
    ['push it back an hour', { intent: 'snooze', target: { by: 'last' }, by: { minutes: 60 } }],
    ['remind me again in 10 minutes', { intent: 'snooze', target: { by: 'last' }, by: { minutes: 10 } }],
    // not understood
    ['asdkjh qwe!!', { intent: 'unknown' }],
    ['🙂🙂🙂', { intent: 'unknown' }],
    ['lorem ipsum dolor', { intent: 'unknown' }],
    ['the', { intent: 'unknown' }],
    ['thanks', { intent: 'unknown' }],
    ["'; drop table tasks; --", { intent: 'unknown' }],
    ['<script>alert(1)</script>', { intent: 'unknown' }],
    ['', { intent: 'unknown' }],
    ['   ', { intent: 'unknown' }],
    // more ways to say the same things
    [
      'remind me on friday at 5pm to call mom',
      { intent: 'add', task: { title: 'call mom', due: '2026-11-27T17:00', reminders: [0] } },
    ],
    [
      'remind me tomorrow at 9 to call the bank',
      { intent: 'add', task: { title: 'call the bank', due: '2026-11-25T09:00', reminders: [0] } },
    ],
    [
      'set a reminder to call mom on friday at 5pm',
      { intent: 'add', task: { title: 'call mom', due: '2026-11-27T17:00', reminders: [0] } },
    ],
    [
      'new reminder: call mom friday 5pm',
      { intent: 'add', task: { title: 'call mom', due: '2026-11-27T17:00', reminders: [0] } },
    ],
    ['create a new task called buy milk', { intent: 'add', task: { title: 'buy milk' } }],
    ['add milk to my shopping list', { intent: 'add', task: { title: 'milk' } }],
    ['put eggs on my shopping list', { intent: 'add', task: { title: 'eggs' } }],
    [
      'dentist appointment dec 3 at 2:30pm',
      { intent: 'add', task: { title: 'dentist appointment', due: '2026-12-03T14:30' } },
    ],
    [
      'buy milk tomorrow #shopping',
      { intent: 'add', task: { title: 'buy milk', tags: ['shopping'], due: '2026-11-25' } },
    ],
    ['thanks for today', { intent: 'unknown' }],
    [
      'renew passport by dec 15, low priority',
      { intent: 'add', task: { title: 'renew passport', priority: 'low', due: '2026-12-15' } },
    ],
    ['i called my mom', { intent: 'complete', target: { by: 'title', text: 'call mom' } }],
    ['mark buy milk complete', { intent: 'complete', target: { by: 'title', text: 'buy milk' } }],
    ['set buy milk to done', { intent: 'complete', target: { by: 'title', text: 'buy milk' } }],
    ['buy milk: done', { intent: 'complete', target: { by: 'title', text: 'buy milk' } }],
    ['close buy milk', { intent: 'complete', target: { by: 'title', text: 'buy milk' } }],
    ['delete task old idea', { intent: 'delete', target: { by: 'title', text: 'old idea' } }],
    [
      'remove q4 from write report',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { removeTags: ['q4'] } },
    ],
    ['remove milk from my list', { intent: 'delete', target: { by: 'title', text: 'milk' } }],
    [
      'tag write report q4',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { addTags: ['q4'] } },
    ],
    [
      'set write report to high',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { priority: 'high' } },
    ],
    [
      'make write report a high priority',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { priority: 'high' } },
    ],
    [
      'raise the priority of write report',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { priority: 'high' } },
    ],
    ['lower the priority of it', { intent: 'update', target: { by: 'last' }, changes: { priority: 'low' } }],
    [
      'change write report to final report',
      { intent: 'update', target: { by: 'title', text: 'write report' }, changes: { title: 'final report' } },
    ],
    ['change it to friday', { intent: 'update', target: { by: 'last' }, changes: { due: '2026-11-27' } }],
    [
      'change it to high priority',
      { intent: 'update', target: { by: 'last' }, changes: { priority: 'high' } },
    ],
    [
      'snooze call mom 1 hour',
      { intent: 'snooze', target: { by: 'title', text: 'call mom' }, by: { minutes: 60 } },
    ],
    [
      'delay call mom by an hour',
      { intent: 'snooze', target: { by: 'title', text: 'call mom' }, by: { minutes: 60 } },
    ],
    [
      'snooze call mom till 3pm',
      { intent: 'snooze', target: { by: 'title', text: 'call mom' }, by: { until: '2026-11-24T15:00' } },
    ],
    ['stop gym from repeating', { intent: 'stop_repeating', target: { by: 'title', text: 'gym' } }],
    ['turn off repeat for gym', { intent: 'stop_repeating', target: { by: 'title', text: 'gym' } }],
    ['cancel the recurrence of gym', { intent: 'stop_repeating', target: { by: 'title', text: 'gym' } }],
    ["what's due this week for work", { intent: 'list', query: { due: 'week' } }],
    ['show #home or #garden', { intent: 'list', query: { tags: 'home,garden', tagMode: 'any' } }],
    ['show #home #garden', { intent: 'list', query: { tags: 'home,garden', tagMode: 'all' } }],
    ['search for tasks containing invoice', { intent: 'list', query: { q: 'invoice' } }],
    ['show tasks with tag work', { intent: 'list', query: { tags: 'work' } }],
    ['list tasks by priority', { intent: 'list', query: { sort: 'priority', order: 'desc' } }],
    ['show high-priority tasks', { intent: 'list', query: { priority: 'high' } }],
    ["what's on my plate today", { intent: 'list', query: { due: 'today' } }],
    ["show everything i've completed", { intent: 'list', query: { status: 'done' } }],
    ['undo my last change', { intent: 'undo' }],
    ['go back', { intent: 'undo' }],
    ['1', { intent: 'choose', index: 1 }],
    ['option 2', { intent: 'choose', index: 2 }],
    ['2nd', { intent: 'choose', index: 2 }],
    ['what can i do here?', { intent: 'help' }],
    ['i have to call mom tomorrow', { intent: 'add', task: { title: 'call mom', due: '2026-11-25' } }],
    ["show me what's overdue", { intent: 'list', query: { due: 'overdue' } }],
    ['anything overdue?', { intent: 'list', query: { due: 'overdue' } }],
    ['what tasks do i have tagged work', { intent: 'list', query: { tags: 'work' } }],
    ['list my work tasks', { intent: 'list', query: { tags: 'work' } }],
    ["what's left to do today", { intent: 'list', query: { due: 'today', status: 'open' } }],
  ],
};

const LONDON: Table = {
  timeZone: 'Europe/London',
  now: '2027-03-27T10:00', // Saturday; clocks go forward on Sunday at 01:00
  rows: [
    [
      'add call bank tomorrow at 9am',
      { intent: 'add', task: { title: 'call bank', due: '2027-03-28T09:00' } },
    ],
    [
      'every day at 8:30 walk the dog',
      {
        intent: 'add',
        task: {
          title: 'walk the dog',
          due: '2027-03-28T08:30',
          recurrence: { rule: 'FREQ=DAILY', mode: 'schedule' },
        },
      },
    ],
    [
      'add pay council tax on the 1st of every month',
      {
        intent: 'add',
        task: {
          title: 'pay council tax',
          due: '2027-04-01',
          recurrence: { rule: 'FREQ=MONTHLY;BYMONTHDAY=1', mode: 'schedule' },
        },
      },
    ],
    [
      'add standup every weekday at 9',
      {
        intent: 'add',
        task: {
          title: 'standup',
          due: '2027-03-29T09:00',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', mode: 'schedule' },
        },
      },
    ],
    ["what's due today", { intent: 'list', query: { due: 'today' } }],
    [
      'snooze it until monday 9am',
      { intent: 'snooze', target: { by: 'last' }, by: { until: '2027-03-29T09:00' } },
    ],
    ['add book flights in 3 days', { intent: 'add', task: { title: 'book flights', due: '2027-03-30' } }],
  ],
};

const SYDNEY: Table = {
  timeZone: 'Australia/Sydney',
  now: '2026-10-03T18:00', // Saturday; clocks go forward on Sunday 02:00 → 03:00
  rows: [
    ['add brunch tomorrow at 11am', { intent: 'add', task: { title: 'brunch', due: '2026-10-04T11:00' } }],
    // 02:30 does not exist that Sunday: moved forward by the gap.
    [
      'every sunday at 2:30am water the garden',
      {
        intent: 'add',
        task: {
          title: 'water the garden',
          due: '2026-10-04T03:30',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=SU', mode: 'schedule' },
        },
      },
    ],
    [
      'add pay rent every 2 weeks on friday',
      {
        intent: 'add',
        task: {
          title: 'pay rent',
          due: '2026-10-09',
          recurrence: { rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', mode: 'schedule' },
        },
      },
    ],
    [
      'remind me to call dad tonight at 8',
      { intent: 'add', task: { title: 'call dad', due: '2026-10-03T20:00', reminders: [0] } },
    ],
    ['show tasks due this week', { intent: 'list', query: { due: 'week' } }],
  ],
};

const NEW_YORK_FALL_BACK: Table = {
  timeZone: 'America/New_York',
  now: '2026-10-31T22:00', // Saturday; clocks go back on Sunday 02:00 → 01:00
  rows: [
    ['add feed cat tomorrow at 8am', { intent: 'add', task: { title: 'feed cat', due: '2026-11-01T08:00' } }],
    [
      'add backup daily at 1:30am',
      {
        intent: 'add',
        task: {
          title: 'backup',
          due: '2026-11-01T01:30',
          recurrence: { rule: 'FREQ=DAILY', mode: 'schedule' },
        },
      },
    ],
    [
      'add clocks back every year on nov 1',
      {
        intent: 'add',
        task: {
          title: 'clocks back',
          due: '2026-11-01',
          recurrence: { rule: 'FREQ=YEARLY', mode: 'schedule' },
        },
      },
    ],
  ],
};

describe.each([NEW_YORK, LONDON, SYDNEY, NEW_YORK_FALL_BACK])(
  'parseMessage in $timeZone at $now',
  (table) => {
    const context = { now: at(table.now, table.timeZone), timeZone: table.timeZone };
    it.each(table.rows)('%j', (say, expected) => {
      const intent = parseMessage(say, context);
      expect(IntentSchema.safeParse(intent).error).toBeUndefined();
      expect(view(intent, table.timeZone)).toEqual(expected);
    });
  },
);

describe('parseMessage edge cases', () => {
  const context = { now: at('2026-11-24T10:00', 'America/New_York'), timeZone: 'America/New_York' };

  it('reads the 1:30am that happens first when the clocks go back', () => {
    const context = { now: at('2026-10-31T22:00', 'America/New_York'), timeZone: 'America/New_York' };
    const intent = parseMessage('add backup daily at 1:30am', context);
    expect(intent.intent === 'add' && intent.task.due?.at).toBe('2026-11-01T05:30:00.000Z'); // EDT, -4
  });

  it('gives 10 KB of text up as unknown, quickly', () => {
    const started = performance.now();
    expect(parseMessage('add '.repeat(2500), context)).toEqual({ intent: 'unknown' });
    expect(parseMessage('x'.repeat(10_000), context)).toEqual({ intent: 'unknown' });
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('is deterministic: the same message and context give the same intent', () => {
    const say = 'add pay rent on the 1st of every month at 9am #home remind me a day before';
    expect(parseMessage(say, context)).toEqual(parseMessage(say, context));
  });

  it('does not read the clock: "tomorrow" follows context.now', () => {
    const later = { ...context, now: at('2030-01-01T10:00', context.timeZone) };
    const intent = parseMessage('add call mom tomorrow at 9am', later);
    expect(view(intent, context.timeZone)).toEqual({
      intent: 'add',
      task: { title: 'call mom', due: '2030-01-02T09:00' },
    });
  });
});
