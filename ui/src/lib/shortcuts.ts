// The list page's keyboard shortcuts. Pure: an event in, the action's name out, so the rules (no shortcuts
// while typing, none with modifiers) are tested without a page.

export const SHORTCUTS = {
  n: 'new',
  '/': 'search',
  j: 'next',
  k: 'previous',
  x: 'toggle-done',
  o: 'open',
  Enter: 'open',
  u: 'undo',
  '?': 'help',
} as const;

export type ShortcutAction = (typeof SHORTCUTS)[keyof typeof SHORTCUTS];

/** What each shortcut does, in words, for the help line and the keyboard help. */
export const SHORTCUT_HELP: [keys: string, what: string][] = [
  ['n', 'new task'],
  ['/', 'search'],
  ['j / k', 'next / previous task'],
  ['x', 'done / not done'],
  ['o', 'open the task'],
  ['u', 'undo'],
  ['Esc', 'leave a field, close the task'],
];

interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
}

/** True while the user types into something: a key press there is text, not a command. */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as { tagName?: string; isContentEditable?: boolean } | null;
  if (!element?.tagName) return false;
  return element.isContentEditable === true || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

export function shortcutFor(event: KeyEventLike): ShortcutAction | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTyping(event.target)) return null;
  // Enter on a focused button or link is that control's own click.
  const tag = (event.target as { tagName?: string } | null)?.tagName;
  if (event.key === 'Enter' && (tag === 'BUTTON' || tag === 'A')) return null;
  return (SHORTCUTS as Record<string, ShortcutAction>)[event.key] ?? null;
}
