/**
 * The notifier schedules and delivers reminders (DESIGN §2). Its behaviour arrives with the reminders
 * issue; until then the package holds only what is settled: its service name.
 */
export const NOTIFIER_SERVICE_NAME = 'todo-notifier';
