/**
 * What the check stage reads from a message. The message stage provides these lazily and
 * caches them, so rules that are never run never make their view be computed.
 */
export type { MessageViews } from '../message/message-views.js';
