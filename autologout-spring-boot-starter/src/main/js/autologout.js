/*! autologout | Apache-2.0 | settings: the data-* attributes of this script's tag */
// The server owns the deadlines; this script asks it and shows them.
(() => {
	'use strict';
	const tag = document.currentScript;
	if (!tag || window.autologoutStarted) {
		return;
	}
	window.autologoutStarted = true;
	const d = tag.dataset;
	const SLACK = 999;
	const warnMs = (+d.warnSeconds || 0) * 1000;
	const idleTimeoutMs = (+d.idleTimeoutSeconds || 0) * 1000;
	const checkMs = (+d.checkSeconds || 0) * 1000;
	const redirect = d.redirect === 'true';
	const reloadable = d.pageReload === 'true';
	const loginUrl = d.loginUrl || '/login';
	const logoutUrl = d.logoutUrl || '/logout';
	const key = 'autologout:' + d.statusUrl;

	// deadlines in ms, rounded up to the server's second
	let idleEnd = 0;
	let sessionEnd = 0;
	// '', 'warn' or 'ended'
	let state = '';
	let dismissed = false;
	let timer = 0;
	let checking = false;
	let keeping = false;
	let checkedAt = 0;
	// when another tab last shared what the server said; a random delay, so that tabs take turns
	let heard = 0;
	let spread = Math.random() * checkMs / 5;
	let endedUrl = loginUrl;
	// where the page goes once its session ended: the login page, or the page itself (see end)
	let againUrl = loginUrl;
	let endedAt = 0;
	let loggedOut = 0;
	let dialog, title, body, note, clock, live, first, second, before, mode;

	const now = () => Date.now();
	const pad = (n) => (n < 10 ? '0' : '') + n;
	const format = (ms) => {
		const s = Math.max(0, Math.floor(ms / 1000));
		const h = Math.floor(s / 3600);
		return (h ? h + ':' + pad(Math.floor(s / 60) % 60) : Math.floor(s / 60)) + ':' + pad(s % 60);
	};
	const sameOrigin = (url) => {
		try {
			const u = new URL(url, location.href);
			if (u.origin === location.origin) {
				return u.href;
			}
		}
		catch (e) {
		}
		return loginUrl;
	};
	// the page's countdowns
	const showLeft = (ms) => {
		const all = document.querySelectorAll('[data-autologout-countdown]');
		all.forEach((e) => {
			e.textContent = format(ms);
		});
		return all;
	};
	const withParam = (url, param) => url + (url.includes('?') ? '&' : '?') + param;
	const go = (url) => location.replace(sameOrigin(url));

	// from when asked (on the wall clock of now): a slow answer makes it early, not late
	const apply = (status, t) => {
		idleEnd = t + status.secondsUntilIdleEnd * 1000 + SLACK;
		sessionEnd = t + status.secondsUntilSessionEnd * 1000 + SLACK;
	};
	// a wall clock that jumps: what was asked or heard before it is as old as unknown
	let base = 0;
	const jumped = () => {
		if (Math.abs(base - (base = now() - performance.now())) > 2000) {
			checkedAt = heard = 0;
			return true;
		}
		return false;
	};

	// tabs: BroadcastChannel, else storage
	let channel = null;
	const receive = (m) => {
		if (!m || state === 'ended') {
			return;
		}
		if (m.t === 'o') {
			// believed once the server agrees
			loggedOut = now() + 9000;
			[1500, 5000].forEach((ms) => setTimeout(check, ms));
		}
		else if (m.t === 'e') {
			end(m.u, m.m, true);
		}
		else if (m.t === 'd') {
			heard = now();
			if (m.i > idleEnd) {
				idleEnd = m.i;
				sessionEnd = m.s;
				tick();
			}
		}
	};
	try {
		channel = new BroadcastChannel(key);
		channel.onmessage = (e) => receive(e.data);
	}
	catch (e) {
		window.addEventListener('storage', (e) => {
			try {
				if (e.key === key && e.newValue) {
					receive(JSON.parse(e.newValue));
				}
			}
			catch (x) {
			}
		});
	}
	const send = (m) => {
		if (channel) {
			channel.postMessage(m);
			return;
		}
		try {
			window.localStorage.setItem(key, JSON.stringify(Object.assign({ n: Math.random() }, m)));
		}
		catch (e) {
		}
	};
	const share = () => send({ t: 'd', i: idleEnd, s: sessionEnd });

	const call = async (url, post) => {
		const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
		if (post && d.csrfHeader) {
			headers[d.csrfHeader] = d.csrfToken;
		}
		const sent = performance.now();
		const r = await fetch(url, { method: post ? 'POST' : 'GET', headers, credentials: 'same-origin',
			cache: 'no-store', redirect: 'manual', signal: AbortSignal.timeout && AbortSignal.timeout(10000) });
		const j = await r.json().catch(() => ({}));
		if (r.status === 401 || r.type === 'opaqueredirect' || j.authenticated === false) {
			if (!j.reason && loggedOut > now()) {
				state = 'ended';
				go(withParam(loginUrl, 'logout'));
				return;
			}
			end(j.reason ? withParam(j.loginUrl || loginUrl, 'autologout=' + encodeURIComponent(j.reason)) : loginUrl,
				j.detail, false, !!j.reason);
			return;
		}
		if (!r.ok || typeof j.secondsUntilIdleEnd !== 'number') {
			throw new Error('autologout: ' + r.status);
		}
		apply(j, now() - performance.now() + sent);
		checkedAt = now();
		share();
		tick();
	};
	const check = () => {
		if (checking || state === 'ended') {
			return;
		}
		checking = true;
		call(d.statusUrl)
			.catch(() => {
				checkedAt = now() + 4000;
				tick();
			})
			.finally(() => {
				checking = false;
			});
	};
	const keepAlive = (clicked) => {
		if (keeping || state === 'ended') {
			return;
		}
		keeping = true;
		say('');
		call(d.keepAliveUrl, true)
			.catch(() => {
				// the user asked, and is still asking: tell them
				if (clicked && state === 'warn') {
					say(d.failed);
				}
				check();
			})
			.finally(() => {
				keeping = false;
			});
	};

	const logout = () => {
		state = 'ended';
		clearTimeout(timer);
		send({ t: 'o' });
		if (d.logoutMethod === 'get') {
			go(logoutUrl);
			return;
		}
		const form = Object.assign(el('form', document.body), { method: 'post', action: logoutUrl, hidden: true });
		if (d.csrfParameter) {
			Object.assign(el('input', form), { type: 'hidden', name: d.csrfParameter, value: d.csrfToken });
		}
		form.submit();
	};

	// told why by the server, this tab goes back through its page (unless a POST showed it), which
	// the server answers with the login page and keeps for after the login; the other tabs go to
	// the login page
	function end(url, detail, fromOtherTab, told) {
		if (state === 'ended') {
			return;
		}
		state = 'ended';
		clearTimeout(timer);
		endedUrl = sameOrigin(url);
		againUrl = told && reloadable ? location.href.split('#')[0] : endedUrl;
		endedAt = now();
		if (!fromOtherTab) {
			send({ t: 'e', u: endedUrl, m: detail });
		}
		showLeft(0);
		if (redirect) {
			go(againUrl);
		}
		else if (warnMs) {
			open();
			render(0, detail);
		}
	}

	// the dialog: DOM and CSSOM only, for a strict CSP
	function el(name, parent, id, css) {
		const e = parent.appendChild(document.createElement(name));
		if (id) {
			e.id = 'autologout-' + id;
		}
		e.style.cssText = css || '';
		return e;
	}
	const attrs = (e, a) => Object.keys(a).forEach((k) => e.setAttribute(k, a[k]));
	const build = () => {
		dialog = el('dialog', document.body, 'dialog', 'max-width:26rem;padding:1.5rem;border:0;border-radius:.5rem;'
			+ 'color:#222;background:#fff;box-shadow:0 .5rem 2rem rgba(0,0,0,.35);font:inherit;line-height:1.5');
		dialog.className = 'autologout-dialog';
		attrs(dialog, { role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'autologout-title',
			'aria-describedby': 'autologout-body' });
		title = el('h2', dialog, 'title', 'margin:0 0 .5rem;font-size:1.25rem');
		body = el('p', dialog, 'body', 'margin:0');
		note = el('p', dialog, 'note', 'margin:.5rem 0 0;color:#a00');
		clock = el('strong', body, 'time');
		clock.setAttribute('role', 'timer');
		live = el('p', dialog, '', 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);margin:0');
		live.setAttribute('aria-live', 'polite');
		const bar = el('div', dialog, '', 'display:flex;flex-wrap:wrap;gap:.5rem;justify-content:flex-end;margin-top:1.25rem');
		first = el('button', bar, 'stay');
		first.autofocus = true;
		second = el('button', bar, 'logout');
		first.onclick = () => {
			if (mode === 'idle') {
				keepAlive(true);
				return;
			}
			dismissed = mode === 'absolute';
			close();
		};
		// back through the page while the server still tells it why (its reason cookie lasts 5 minutes)
		second.onclick = () => (state === 'ended' ? go(now() - endedAt < 270000 ? againUrl : endedUrl) : logout());
		dialog.addEventListener('cancel', (e) => {
			e.preventDefault();
			first.click();
		});
		// closed by the browser: shown again if due
		dialog.addEventListener('close', () => {
			if (state === 'warn') {
				state = '';
				tick();
			}
		});
	};
	function open() {
		if (!dialog) {
			build();
		}
		if (!dialog.open) {
			before = document.activeElement;
			mode = '';
			say('');
			dialog.showModal();
		}
		if (state !== 'ended') {
			state = 'warn';
		}
	}
	function close() {
		if (state === 'warn') {
			state = '';
		}
		if (dialog && dialog.open) {
			dialog.close();
			if (before && before.focus) {
				before.focus();
			}
		}
	}
	function say(text) {
		if (note) {
			note.textContent = text || '';
			note.hidden = !text;
			if (text) {
				live.textContent = text;
			}
		}
	}
	function render(left, detail) {
		const m = state === 'ended' ? 'ended' : sessionEnd <= idleEnd ? 'absolute' : 'idle';
		const text = m === 'ended' ? detail || d.endedBody : m === 'idle' ? d.body : d.bodyAbsolute;
		clock.textContent = format(left);
		// announced on change, then every 10 s
		if (m !== mode) {
			mode = m;
			const parts = text.split('{0}');
			body.replaceChildren(parts[0]);
			if (parts.length > 1) {
				body.append(clock, parts[1]);
			}
			title.textContent = m === 'ended' ? d.endedTitle : d.title;
			first.textContent = m === 'idle' ? d.stay : d.dismiss;
			second.textContent = m === 'ended' ? d.login : d.logout;
			live.textContent = body.textContent;
			if (m === 'ended') {
				say('');
				second.focus();
			}
		}
		const s = Math.floor(left / 1000);
		if (m !== 'ended' && s % 10 === 0 && s > 0) {
			live.textContent = body.textContent;
		}
	}

	function recheck() {
		check();
		timer = setTimeout(tick, 1000);
	}

	// one timer: wakes at the next thing to do
	function tick() {
		clearTimeout(timer);
		if (state === 'ended') {
			return;
		}
		if (jumped()) {
			check();
		}
		const t = now();
		const left = Math.min(idleEnd, sessionEnd) - t;
		const fresh = t - checkedAt < 1000;
		const watched = redirect || warnMs;
		let wait = Infinity;
		const countdowns = showLeft(left);
		if (left <= 0 && watched) {
			if (!fresh) {
				return recheck();
			}
			wait = checkedAt + 1000 - t;
		}
		if (warnMs && left <= warnMs && !(dismissed && sessionEnd <= idleEnd)) {
			if (state !== 'warn') {
				if (!fresh) {
					return recheck();
				}
				open();
			}
			render(left);
		}
		else {
			close();
			if (warnMs && left > warnMs) {
				wait = left - warnMs;
			}
		}
		if (left > 0) {
			wait = Math.min(wait, watched ? left : Infinity, state || countdowns.length ? left % 1000 || 1000 : Infinity);
		}
		// optional: ask now and then while shown, so that a force logout is seen; one tab's answer serves all
		if (checkMs && !document.hidden) {
			const due = Math.max(checkedAt, heard) + checkMs + spread - t;
			if (due <= 0) {
				spread = Math.random() * checkMs / 5;
				check();
			}
			else {
				wait = Math.min(wait, due);
			}
		}
		if (wait < Infinity) {
			timer = setTimeout(tick, Math.min(Math.max(wait, 0), 2147483647));
		}
	}

	// timers run late when hidden or asleep; a hidden page scheduled no check of its own
	const wake = () => {
		if (document.hidden) {
			return;
		}
		if (jumped() || now() - checkedAt > 5000) {
			check();
		}
		else {
			tick();
		}
	};
	document.addEventListener('visibilitychange', wake);
	window.addEventListener('focus', wake);
	window.addEventListener('pageshow', (e) => {
		if (e.persisted) {
			checkedAt = 0;
			wake();
		}
	});

	// the page's logout form logs every tab out
	const logoutPath = new URL(logoutUrl, location.href).pathname;
	document.addEventListener('submit', (e) => {
		const f = e.target;
		if (!e.defaultPrevented && f.method === 'post' && new URL(f.action, location.href).pathname === logoutPath) {
			send({ t: 'o' });
		}
	});

	// optional: typing, clicks, taps and the mouse wheel are activity
	if (d.clientActivity === 'true') {
		const throttle = Math.min(60000, Math.max(1000, (idleTimeoutMs - warnMs) / 2));
		const active = () => {
			if (!state && now() - (idleEnd - SLACK - idleTimeoutMs) >= throttle) {
				keepAlive();
			}
		};
		['keydown', 'pointerdown', 'wheel'].forEach((n) => window.addEventListener(n, active, { capture: true, passive: true }));
	}

	jumped();
	// the page's own settings are the server's word, just said
	heard = now();
	apply({ secondsUntilIdleEnd: +d.idleSeconds, secondsUntilSessionEnd: +d.sessionSeconds }, now());
	share();
	tick();
})();
