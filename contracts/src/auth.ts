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

export const SignupInput = z
  .strictObject({
    email: Email,
    password: Password,
    name: z.string().trim().min(1).max(100).optional(),
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

export const AuthResult = z.object({ token: z.string(), user: User }).meta({ id: 'AuthResult' });
export type AuthResult = z.infer<typeof AuthResult>;

/** Who is calling: established by the gateway from a verified token, trusted by core. */
export interface Actor {
  userId: string;
}
