import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { peopleRoutes } from '@/features/people/routes';
import { groupRoutes } from '@/features/groups/routes';
import { moderationRoutes } from '@/features/moderation/routes';
import { eventRoutes } from '@/features/events/routes';
import { adminRoutes } from '@/features/admin/routes';
import { activityRoutes } from '@/features/activity/routes';
import { i18n } from './i18n';
import { noteVisit } from '@/features/referrals/attribution';

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('@/features/counters/views/HomeView.vue'), meta: { title: 'home.title' } },
  ...peopleRoutes,
  ...groupRoutes,
  ...moderationRoutes,
  ...eventRoutes,
  ...adminRoutes,
  ...activityRoutes,
  { path: '/integrer', name: 'embed-builder', component: () => import('@/features/pages/views/EmbedBuilderView.vue'), meta: { title: 'embed.builder.heading' } },
  { path: '/credits', name: 'credits', component: () => import('@/features/pages/views/CreditsView.vue'), meta: { title: 'credits.title' } },
  { path: '/confidentialite', name: 'privacy', component: () => import('@/features/pages/views/PrivacyView.vue'), meta: { title: 'privacy.title' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/features/pages/views/NotFoundView.vue'), meta: { title: 'notFound.title' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

// A share link's ?ref= and campaign tags are noted for the sign-up, then taken out of the address.
router.beforeEach((to) => {
  const rest = noteVisit(to.query);
  return rest === null ? true : { path: to.path, query: rest, hash: to.hash, replace: true };
});

router.afterEach((to) => {
  const key = to.meta.title as string | undefined;
  const t = i18n.global.t;
  document.title = key ? `${t(key)} · Cortège` : 'Cortège';
});
