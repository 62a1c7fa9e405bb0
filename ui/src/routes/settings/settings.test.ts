import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '@todo/contracts';
import { ApiError } from '$lib/api';
import type * as ApiModule from '$lib/api';
import Settings from './+page.svelte';

const mocks = vi.hoisted(() => ({
  token: 'token' as string | null,
  me: vi.fn(),
  updateMe: vi.fn(),
  save: vi.fn(),
}));

vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));
vi.mock('$lib/app.svelte', () => ({ app: { user: null } }));
vi.mock('$lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof ApiModule>()),
  api: { me: mocks.me, updateMe: mocks.updateMe },
  browserTimeZone: () => 'Asia/Tokyo',
  session: {
    get token() {
      return mocks.token;
    },
    save: mocks.save,
  },
}));

const user: User = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'ann@example.com',
  name: 'Ann',
  timezone: 'Europe/Berlin',
  createdAt: '2026-11-24T07:00:00.000Z',
};

beforeEach(() => {
  vi.clearAllMocks();
  mocks.token = 'token';
  mocks.me.mockResolvedValue(user);
});

describe('settings page', () => {
  it('saves the browser zone and the name, then says so', async () => {
    mocks.updateMe.mockResolvedValue({ ...user, name: 'Annie', timezone: 'Asia/Tokyo' });
    render(Settings);
    const name = (await screen.findByLabelText('Display name')) as HTMLInputElement;
    expect(name.value).toBe('Ann');
    expect((screen.getByLabelText('Time zone') as HTMLSelectElement).value).toBe('Europe/Berlin');

    await fireEvent.input(name, { target: { value: 'Annie' } });
    await fireEvent.click(screen.getByRole('button', { name: "Use this browser's zone (Asia/Tokyo)" }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(mocks.updateMe).toHaveBeenCalledWith({ timezone: 'Asia/Tokyo', name: 'Annie' });
    expect((await screen.findByText('Saved')).getAttribute('role')).toBe('status');
    expect(mocks.save).toHaveBeenCalledWith({
      token: 'token',
      user: expect.objectContaining({ name: 'Annie' }),
    });
  });

  it('filters the zones and shows the errors of the API', async () => {
    mocks.updateMe.mockRejectedValue(
      new ApiError(400, 'validation', 'Invalid settings', { timezone: 'Unknown time zone' }),
    );
    render(Settings);
    await fireEvent.input(await screen.findByLabelText('Find a time zone'), {
      target: { value: 'new york' },
    });
    const options = Array.from((screen.getByLabelText('Time zone') as HTMLSelectElement).options);
    expect(options.map((o) => o.value)).toEqual(['Europe/Berlin', 'America/New_York']);

    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Invalid settings');
    expect(screen.getByText('Unknown time zone').id).toBe('timezone-error');
  });

  it('asks the API nothing without a session (its load sends the visitor to /login)', () => {
    mocks.token = null;
    render(Settings);
    expect(mocks.me).not.toHaveBeenCalled();
  });
});
