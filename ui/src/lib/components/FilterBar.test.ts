import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_VIEW, type View } from '$lib/view';
import FilterBar from './FilterBar.svelte';

const tags = [
  { tag: 'home', count: 3 },
  { tag: 'shopping', count: 1 },
];

function setup(view: Partial<View> = {}) {
  const onChange = vi.fn();
  const result = render(FilterBar, { view: { ...DEFAULT_VIEW, ...view }, tags, onChange });
  return { onChange, ...result };
}

const sortOptions = () =>
  Array.from((screen.getByLabelText('Sort by') as HTMLSelectElement).options).map((o) => o.text);

describe('FilterBar', () => {
  it('toggles priorities on and off, in a stable order', async () => {
    const { onChange } = setup({ priorities: ['high'] });
    const high = screen.getByRole('button', { name: 'High' });
    expect(high.getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(screen.getByRole('button', { name: 'Low' }));
    expect(onChange).toHaveBeenLastCalledWith({ priorities: ['low', 'high'] });
    await fireEvent.click(high);
    expect(onChange).toHaveBeenLastCalledWith({ priorities: [] });
  });

  it('sets the status with radio buttons', async () => {
    const { onChange } = setup();
    expect((screen.getByRole('radio', { name: 'Open' }) as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByRole('radio', { name: 'Done' }));
    expect(onChange).toHaveBeenLastCalledWith({ status: 'done' });
  });

  it('offers relevance only while searching', async () => {
    const { rerender } = setup();
    expect(sortOptions()).toEqual(['Due date', 'Priority', 'Created', 'Updated', 'Title']);
    expect(screen.getByRole('button', { name: 'Order: Ascending' })).toBeTruthy();

    await rerender({ view: { ...DEFAULT_VIEW, q: 'milk' } });
    expect(sortOptions()).toEqual(['Relevance', 'Due date', 'Priority', 'Created', 'Updated', 'Title']);
    // Relevance has no direction.
    expect(screen.queryByRole('button', { name: /^Order:/ })).toBeNull();
  });

  it('adds a tag from the list, shows the match switch for two tags, and removes one', async () => {
    const { onChange, rerender } = setup();
    expect(screen.queryByRole('radio', { name: 'All of these tags' })).toBeNull();
    await fireEvent.change(screen.getByLabelText('Tag'), { target: { value: 'shopping' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(onChange).toHaveBeenLastCalledWith({ tags: ['shopping'] });

    await rerender({ view: { ...DEFAULT_VIEW, tags: ['home', 'shopping'] } });
    await fireEvent.click(screen.getByRole('radio', { name: 'All of these tags' }));
    expect(onChange).toHaveBeenLastCalledWith({ tagMode: 'all' });
    await fireEvent.click(screen.getByRole('button', { name: 'Remove tag filter home' }));
    expect(onChange).toHaveBeenLastCalledWith({ tags: ['shopping'] });
  });

  it('clears the filters but keeps the search and the sort', async () => {
    const view: View = {
      ...DEFAULT_VIEW,
      q: 'milk',
      status: 'all',
      priorities: ['high'],
      due: 'today',
      sort: 'title',
    };
    const { onChange } = setup(view);
    await fireEvent.click(screen.getByRole('button', { name: 'Clear filters (3)' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_VIEW, q: 'milk', sort: 'title' });
  });

  it('has a Filters disclosure for narrow screens', async () => {
    setup({ due: 'overdue' });
    const toggle = screen.getByRole('button', { name: /^Filters/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent).toContain('1 active');
  });
});
