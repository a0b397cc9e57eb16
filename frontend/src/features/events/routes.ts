import type { RouteRecordRaw } from 'vue-router';

export const eventRoutes: RouteRecordRaw[] = [
  { path: '/agir', name: 'events', component: () => import('./views/EventListView.vue'), meta: { title: 'events.list.title' } },
  { path: '/carte', name: 'map', component: () => import('@/features/map/views/MapView.vue'), meta: { title: 'map.title' } },
  { path: '/groupes/:slug/actions/nouvelle', name: 'event-new', component: () => import('./views/EventFormView.vue'), meta: { title: 'events.form.createHeading' } },
  { path: '/actions/:slug/modifier', name: 'event-edit', component: () => import('./views/EventFormView.vue'), meta: { title: 'events.form.editHeading' } },
  { path: '/actions/:slug', name: 'event', component: () => import('./views/EventPageView.vue'), meta: { title: 'events.page.title' } },
  { path: '/participation', name: 'participation', component: () => import('./views/ParticipationView.vue'), meta: { title: 'events.participation.heading' } },
  { path: '/participation/rappel', name: 'participation-reply', component: () => import('./views/ReplyView.vue'), meta: { title: 'events.reply.heading' } },
  { path: '/participation/bilan', name: 'participation-followup', component: () => import('./views/ReplyView.vue'), meta: { title: 'events.reply.followupHeading' } },
  { path: '/participation/confirmer', name: 'participation-confirm', component: () => import('./views/ParticipationView.vue'), meta: { title: 'events.participation.heading' } },
  { path: '/embed/map', name: 'embed-map', component: () => import('@/features/map/views/MapView.vue'), meta: { title: 'map.title', embed: true } },
  { path: '/embed/counters', name: 'embed-counters', component: () => import('@/features/counters/views/EmbedCountersView.vue'), meta: { title: 'home.title', embed: true } },
];
