import type { RouteRecordRaw } from 'vue-router';

export const groupRoutes: RouteRecordRaw[] = [
  { path: '/groupes', name: 'groups', component: () => import('./views/GroupListView.vue'), meta: { title: 'groups.list.title' } },
  { path: '/groupes/nouveau', name: 'group-new', component: () => import('./views/GroupFormView.vue'), meta: { title: 'groups.form.createTitle' } },
  { path: '/groupes/:slug/modifier', name: 'group-edit', component: () => import('./views/GroupFormView.vue'), meta: { title: 'groups.form.editTitle' } },
  { path: '/embed/groupes/:slug', name: 'embed-group', component: () => import('./views/EmbedGroupView.vue'), meta: { title: 'groups.page.title', embed: true } },
  { path: '/groupes/:slug/messages', name: 'group-messages', component: () => import('./views/GroupMessagesView.vue'), meta: { title: 'groups.messages.title' } },
  { path: '/groupes/:slug', name: 'group', component: () => import('./views/GroupPageView.vue'), meta: { title: 'groups.page.title' } },
];
