export { createNotifications, type Notifications, type NotificationInput, type NotificationKind, type Notification } from './notifications.service.ts';
export { registerNotifications, type NotificationsDeps } from './notifications.routes.tsx';
export { notificationsPath } from './views/my-notifications.tsx';
export * as notificationMessages from './notifications.messages.ts';
export type { Addressed } from './notifications.messages.ts';
export { registerNotificationsAdmin, type NotificationsAdminDeps } from './notifications.admin.tsx';
export { createNotificationMail, type NotificationMail } from './notifications.mail.ts';
