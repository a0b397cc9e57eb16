import type { RouteRecordRaw } from 'vue-router';

export const activityRoutes: RouteRecordRaw[] = [
  { path: '/mon-espace/activite', name: 'activity', component: () => import('./views/ActivityView.vue'), meta: { title: 'activity.heading' } },
  { path: '/mon-espace/notifications', name: 'notifications', component: () => import('./views/NotificationsView.vue'), meta: { title: 'activity.settingsHeading' } },
  { path: '/notifications/arreter', name: 'notifications-stop', component: () => import('./views/StopMailsView.vue'), meta: { title: 'activity.stop.heading' } },
];
