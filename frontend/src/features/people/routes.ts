import type { RouteRecordRaw } from 'vue-router';

export const peopleRoutes: RouteRecordRaw[] = [
  { path: '/je-soutiens', name: 'signup', component: () => import('./views/SignupView.vue'), meta: { title: 'signup.title' } },
  { path: '/inscription/confirmer', name: 'signup-confirm', component: () => import('./views/SignupConfirmView.vue'), meta: { title: 'signupConfirm.title' } },
  { path: '/connexion', name: 'login', component: () => import('./views/LoginView.vue'), meta: { title: 'login.title' } },
  { path: '/connexion/confirmer', name: 'login-confirm', component: () => import('./views/LoginConfirmView.vue'), meta: { title: 'login.title' } },
  { path: '/opposition', name: 'objection', component: () => import('./views/ObjectionView.vue'), meta: { title: 'objection.title' } },
  { path: '/desabonnement', name: 'unsubscribe', component: () => import('./views/UnsubscribeView.vue'), meta: { title: 'unsubscribe.title' } },
  { path: '/connexion/code', name: 'second-factor', component: () => import('./views/SecondFactorView.vue'), meta: { title: 'secondFactor.title' } },
  { path: '/mon-espace/securite', name: 'security', component: () => import('./views/SecurityView.vue'), meta: { title: 'security.title' } },
  { path: '/mon-espace', name: 'me', component: () => import('./views/MeView.vue'), meta: { title: 'me.title' } },
];
