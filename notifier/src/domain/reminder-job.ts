const PREFIX = 'reminder-';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The name of a reminder's job: one job per reminder row, so the callback knows which row to fire. */
export function reminderJobName(reminderId: string): string {
  return PREFIX + reminderId;
}

/** The reminder a job's name stands for; null for a name this notifier never gave. */
export function reminderIdOfJob(name: string): string | null {
  const id = name.startsWith(PREFIX) ? name.slice(PREFIX.length) : '';
  return UUID.test(id) ? id.toLowerCase() : null;
}
