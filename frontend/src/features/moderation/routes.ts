import type { RouteRecordRaw } from 'vue-router';

export const moderationRoutes: RouteRecordRaw[] = [
  { path: '/admin/moderation', name: 'moderation', component: () => import('./views/ModerationView.vue'), meta: { title: 'moderation.title' } },
  { path: '/signaler', name: 'report', component: () => import('./views/ReportView.vue'), meta: { title: 'moderation.report.title' } },
];
