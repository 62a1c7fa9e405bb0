import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

const key = (k: string, target: object | null = { tagName: 'BODY' }, extra: object = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  target: target as EventTarget,
  ...extra,
});

describe('shortcutFor', () => {
  it('maps the keys of the list page', () => {
    expect(['n', '/', 'j', 'k', 'x', 'o', 'u', '?'].map((k) => shortcutFor(key(k)))).toEqual([
      'new',
      'search',
      'next',
      'previous',
      'toggle-done',
      'open',
      'undo',
      'help',
    ]);
    expect(shortcutFor(key('q'))).toBeNull();
  });

  it('is silent while the user types in a field, or a key comes with a modifier', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT'])
      expect(shortcutFor(key('x', { tagName }))).toBeNull();
    expect(shortcutFor(key('x', { tagName: 'DIV', isContentEditable: true }))).toBeNull();
    expect(shortcutFor(key('n', undefined, { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('n', undefined, { metaKey: true }))).toBeNull();
    expect(shortcutFor(key('n', undefined, { defaultPrevented: true }))).toBeNull();
  });

  it('leaves Enter to a focused button or link', () => {
    expect(shortcutFor(key('Enter', { tagName: 'BUTTON' }))).toBeNull();
    expect(shortcutFor(key('Enter', { tagName: 'A' }))).toBeNull();
    expect(shortcutFor(key('Enter', { tagName: 'LI' }))).toBe('open');
  });
});
