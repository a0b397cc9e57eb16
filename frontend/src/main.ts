import { createApp } from 'vue';
import App from './app/App.vue';
import { router } from './app/router';
import { i18n, currentLocale } from './app/i18n';
import './shared/styles.css';

document.documentElement.lang = currentLocale();
createApp(App).use(i18n).use(router).mount('#app');
