import { describe, expect, it } from 'vitest';
import { decodeNotificationMessage } from './notification-message.js';
import { NOTIFICATION_MESSAGES } from './kafka-notification-feed.js';
import { notificationEventFixture } from '../../../testing/fixtures.js';

const USER = '00000000-0000-4000-8000-0000000000a1';
const event = notificationEventFixture(USER);
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('decodeNotificationMessage', () => {
  it('reads a bare event and the CloudEvent shapes Dapr publishes', () => {
    expect(decodeNotificationMessage(bytes(event))).toEqual(event);
    const cloudEvent = { specversion: '1.0', type: 'notification.created', source: 'notifier', id: event.id };
    expect(decodeNotificationMessage(bytes({ ...cloudEvent, data: event }))).toEqual(event);
    expect(decodeNotificationMessage(bytes({ ...cloudEvent, data: JSON.stringify(event) }))).toEqual(event);
    const base64 = Buffer.from(JSON.stringify(event)).toString('base64');
    expect(decodeNotificationMessage(bytes({ ...cloudEvent, data_base64: base64 }))).toEqual(event);
  });

  it('gives null for anything else instead of throwing', () => {
    const { notification } = event;
    for (const value of [
      null,
      bytes('not json'),
      bytes({ specversion: '1.0', data: 'nope' }),
      bytes({ ...event, type: 'notification.deleted' }),
      bytes({ ...event, notification: { ...notification, id: 'not-a-uuid' } }),
      // A task event on the wrong topic is not a notification.
      bytes({ ...event, notification: undefined, task: notification }),
    ]) {
      expect(decodeNotificationMessage(value)).toBeNull();
    }
  });
});

describe('NOTIFICATION_MESSAGES', () => {
  it('passes each notification once, by notification id, whatever the event id', () => {
    const isNew = NOTIFICATION_MESSAGES.newFilter();
    expect(isNew(event)).toBe(true);
    expect(isNew(event)).toBe(false);
    // Republished (e.g. the outbox relay sent it again under a new event id): still the same notification.
    expect(isNew({ ...event, id: '00000000-0000-4000-8000-0000000000e2' })).toBe(false);
    expect(isNew(notificationEventFixture(USER))).toBe(true);
  });

  it('gives each feed its own memory', () => {
    NOTIFICATION_MESSAGES.newFilter()(event);
    expect(NOTIFICATION_MESSAGES.newFilter()(event)).toBe(true);
  });
});
