import type { User, UserSettings } from '@todo/contracts';

/** What a settings change writes: only the fields it changes. */
export type UserChanges = Partial<Pick<User, 'name' | 'timezone'>>;

/**
 * The fields of validated `settings` that differ from `user` (empty when the change changes nothing). A
 * new zone only changes the user's default: each task keeps the zone it was made with.
 */
export function userChanges(user: User, settings: UserSettings): UserChanges {
  const changes: UserChanges = {};
  if (settings.timezone !== undefined && settings.timezone !== user.timezone)
    changes.timezone = settings.timezone;
  if (settings.name !== undefined && settings.name !== user.name) changes.name = settings.name;
  return changes;
}
