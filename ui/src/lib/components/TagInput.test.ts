import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import TagInput from './TagInput.svelte';

const suggestions = [
  { tag: 'shopping', count: 5 },
  { tag: 'shop-errands', count: 9 },
  { tag: 'work', count: 12 },
  { tag: 'home', count: 1 },
];

function setup(tags: string[] = []) {
  render(TagInput, { tags, suggestions });
  const input = screen.getByRole('combobox', { name: 'Tags' }) as HTMLInputElement;
  const chips = () => {
    const list = screen.queryByRole('list', { name: /^Tags:/ });
    return list
      ? within(list)
          .getAllByRole('listitem')
          .map((li) => li.firstElementChild?.textContent)
      : [];
  };
  return { input, chips };
}

async function type(input: HTMLInputElement, value: string) {
  await fireEvent.focus(input);
  await fireEvent.input(input, { target: { value } });
}

describe('TagInput', () => {
  it('suggests matching tags and picks one with the arrow keys and Enter', async () => {
    const { input, chips } = setup(['work']);
    await type(input, 'sho');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    const listbox = screen.getByRole('listbox', { name: 'Suggested tags' });
    // Tags already on the task are not offered; the more used one comes first.
    expect(
      within(listbox)
        .getAllByRole('option')
        .map((o) => o.textContent?.trim()),
    ).toEqual(['#shop-errands (9)', '#shopping (5)']);
    expect(input.getAttribute('aria-controls')).toBe(listbox.id);

    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    const active = screen.getByRole('option', { name: '#shopping (5)' });
    expect(input.getAttribute('aria-activedescendant')).toBe(active.id);
    expect(active.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(input, { key: 'ArrowUp' });
    await fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.getAttribute('aria-activedescendant')).toBe(active.id); // wraps around

    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(chips()).toEqual(['#work', '#shopping']);
    expect(input.value).toBe('');
  });

  it('adds typed text with Enter or comma, lower-cased and trimmed, and ignores repeats', async () => {
    const { input, chips } = setup();
    await type(input, '  Groceries ');
    await fireEvent.keyDown(input, { key: 'Enter' });
    await type(input, '#Urgent');
    await fireEvent.keyDown(input, { key: ',' });
    await type(input, 'a,b,groceries,c');
    expect(chips()).toEqual(['#groceries', '#urgent', '#a', '#b']);
    expect(input.value).toBe('c');
  });

  it('Escape closes the suggestions without closing anything around it', async () => {
    const { input } = setup();
    await type(input, 'h');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    input.dispatchEvent(event);
    await Promise.resolve();
    expect(event.defaultPrevented).toBe(true);
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('removes tags with their buttons and with Backspace in the empty field', async () => {
    const { input, chips } = setup(['a', 'b', 'c']);
    await fireEvent.click(screen.getByRole('button', { name: 'Remove tag b' }));
    expect(chips()).toEqual(['#a', '#c']);
    expect(document.activeElement).toBe(input);
    await fireEvent.keyDown(input, { key: 'Backspace' });
    expect(chips()).toEqual(['#a']);
  });

  it('says why a tag cannot be added', async () => {
    const { input, chips } = setup(Array.from({ length: 20 }, (_, i) => `t${i}`));
    await type(input, 'one-too-many');
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByText('A task can have at most 20 tags.')).toBeTruthy();
    expect(chips()).toHaveLength(20);
    expect(input.value).toBe('one-too-many');

    await fireEvent.click(screen.getByRole('button', { name: 'Remove tag t0' }));
    await type(input, 'x'.repeat(41));
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByText('A tag can be at most 40 characters.')).toBeTruthy();
    await type(input, 'two words');
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByText('A tag cannot contain spaces or #.')).toBeTruthy();
  });
});
