import { createApp } from 'vue';
import App from './app/App.vue';
import { router } from './app/router';
import { i18n, currentLocale } from './app/i18n';
import './shared/styles.css';
// The Base components every public page shows ship with the app's first script and stylesheet: the
// first paint the server writes into a page (web/FirstPaint) is then styled by that one file.
import './shared/components/BaseButton.vue';
import './shared/components/BaseCard.vue';
import './shared/components/BaseAlert.vue';

document.documentElement.lang = currentLocale();
createApp(App).use(i18n).use(router).mount('#app');
