/** Browser entry: global styles, then the app. */
import 'virtual:uno.css';
import './theme/global.css';
import { render } from 'solid-js/web';
import { App } from './App';

render(() => <App />, document.getElementById('root')!);
