export { startNotifier, type Notifier, type NotifierConfig } from './compose.js';
