// Entry point: checks the session once, then mounts the app.
import { render } from 'solid-js/web';
import { App } from './app';
import { loadSession } from './lib/session';
import './styles.css';

void loadSession();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
render(() => <App />, root);
