import { z } from 'zod';
import { TimeZone } from './time-zone.js';

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Must be an email address' }).max(254));

export const Password = z
  .string()
  .min(8, { message: 'Must be at least 8 characters' })
  .max(200, { message: 'Must be at most 200 characters' });

/** A display name as written, trimmed; at most 100 characters. */
const NameText = z.string().trim().max(100);

export const SignupInput = z
  .strictObject({
    email: Email,
    password: Password,
    name: NameText.min(1).optional(),
    timezone: TimeZone.optional(),
  })
  .meta({ id: 'SignupInput' });
export type SignupInput = z.input<typeof SignupInput>;

export const LoginInput = z
  .strictObject({ email: Email, password: z.string().min(1).max(200) })
  .meta({ id: 'LoginInput' });
export type LoginInput = z.input<typeof LoginInput>;

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    timezone: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

/**
 * A change to the caller's settings (`PATCH /me`): at least one field. `name: null` or a blank name clears
 * the name. A new time zone is the default of tasks made afterwards and how the chat reads dates; tasks
 * made before keep their own zone.
 */
export const UpdateUserInput = z
  .strictObject({
    timezone: TimeZone.optional(),
    name: NameText.transform((name) => name || null)
      .nullable()
      .optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'Name at least one field to change',
  })
  .meta({ id: 'UpdateUserInput', minProperties: 1 });
export type UpdateUserInput = z.input<typeof UpdateUserInput>;
export type UserSettings = z.output<typeof UpdateUserInput>;

export const AuthResult = z.object({ token: z.string(), user: User }).meta({ id: 'AuthResult' });
export type AuthResult = z.infer<typeof AuthResult>;

/** Who is calling: established by the gateway from a verified token, trusted by core. */
export interface Actor {
  userId: string;
}
