// Light/dark: follows the system until the user picks one; the choice is kept in localStorage and set as
// <html data-theme>. (No inline script may run before paint under the gateway's CSP, so a saved choice that
// differs from the system applies on start-up, after the first paint.)
const KEY = 'todo.theme';

class Theme {
  dark = $state(false);

  constructor() {
    if (typeof window === 'undefined') return;
    let saved: string | null = null;
    try {
      saved = localStorage.getItem(KEY);
    } catch {
      // no storage
    }
    this.dark = saved
      ? saved === 'dark'
      : window.matchMedia?.('(prefers-color-scheme: dark)').matches === true;
    this.apply();
  }

  toggle(): void {
    this.dark = !this.dark;
    try {
      localStorage.setItem(KEY, this.dark ? 'dark' : 'light');
    } catch {
      // no storage
    }
    this.apply();
  }

  private apply(): void {
    document.documentElement.dataset.theme = this.dark ? 'dark' : 'light';
  }
}

export const theme = new Theme();
