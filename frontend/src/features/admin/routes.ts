import type { RouteRecordRaw } from 'vue-router';

export const adminRoutes: RouteRecordRaw[] = [
  { path: '/admin/contacts', name: 'admin-contacts', component: () => import('./views/ContactsView.vue'), meta: { title: 'admin.contacts.heading' } },
  { path: '/admin/contacts/:id', name: 'admin-contact', component: () => import('./views/ContactView.vue'), meta: { title: 'admin.person.title' } },
  { path: '/admin/etiquettes', name: 'admin-tags', component: () => import('./views/TagsView.vue'), meta: { title: 'admin.tags.heading' } },
  { path: '/admin/envois', name: 'admin-campaigns', component: () => import('./views/CampaignsView.vue'), meta: { title: 'admin.campaigns.heading' } },
  { path: '/admin/envois/:id', name: 'admin-campaign', component: () => import('./views/CampaignView.vue'), meta: { title: 'admin.campaigns.heading' } },
  { path: '/admin/imports', name: 'admin-imports', component: () => import('./views/ImportsView.vue'), meta: { title: 'admin.imports.heading' } },
  { path: '/admin/journal-des-acces', name: 'admin-access-log', component: () => import('./views/AccessLogView.vue'), meta: { title: 'admin.accessLog.heading' } },
  { path: '/admin/registre-des-traitements', name: 'admin-record', component: () => import('./views/RecordView.vue'), meta: { title: 'admin.record.heading' } },
  { path: '/admin/tableau-de-bord', name: 'admin-dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: 'admin.dashboard.heading' } },
];
