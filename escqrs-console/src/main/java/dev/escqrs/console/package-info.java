/**
 * The operator console: a web page on an admin port to see and act on projection and reaction runners and the
 * aggregates they parked ({@link dev.escqrs.console.OperatorConsole}, with a
 * {@link dev.escqrs.console.ConsoleAuthenticator}).
 *
 * <p><b>Server-rendered, no script.</b> Every page is HTML built on the server with plain forms; there is no
 * front-end build and no JavaScript, so the Content-Security-Policy allows none ({@code default-src 'none'}), and
 * every value taken from data (event JSON, error messages, ids) is escaped.
 *
 * <p><b>Who.</b> Every request is authenticated: a bearer token from {@code Authorization: Bearer} or from the session
 * cookie, given to the application's {@link dev.escqrs.console.ConsoleAuthenticator} on every request (401 with the
 * login form when there is none or it does not verify, 403 for a valid caller who is not an operator). A browser
 * operator pastes the token into the login form once; the console keeps it in a cookie that is {@code HttpOnly} (no
 * script reads it) and {@code SameSite=Strict} (no other site's page makes the browser send it), and {@code Secure}
 * when served over HTTPS. The operator's name from the authenticator is recorded with each skip and logged with each
 * action.
 *
 * <p><b>Cross-site forgery: both defences, chosen deliberately.</b> State changes are {@code POST}s only, and each
 * must pass two checks: (1) a per-session form token, an HMAC-SHA256 of the session's token under a key made at start,
 * sent in a hidden field of every form and compared in constant time (a forged form from another site cannot know
 * it); (2) an origin check: a browser's {@code Sec-Fetch-Site} must be {@code same-origin} (or {@code none}) and an
 * {@code Origin} header, when sent, must name the host the request went to. {@code SameSite=Strict} alone would
 * already keep the cookie off cross-site requests in current browsers, but not in older ones, not for a "same-site"
 * attacker on a sibling subdomain or another port of the same host (an admin port on loopback sits beside other local
 * services, and SameSite ignores ports), and not against a proxy that rewrites cookies; the form token closes those.
 * The form token is stateless (nothing to store or expire beyond the session's own token) and worthless for any
 * other session; a console restart makes open forms stale, which the page says. The login form itself, which has no
 * session yet, is protected by the origin check.
 *
 * <p><b>Where.</b> It binds {@value dev.escqrs.console.OperatorConsole#DEFAULT_ADDRESS} unless told; an operator on
 * another machine reaches it through an SSH tunnel or a port forward. It serves plain HTTP: put TLS in front of it
 * before binding it to an interface other people can reach.
 *
 * <p><b>What it does not do.</b> It keeps no state of its own beyond the short-lived messages it shows after an
 * action; a replay and a checkpoint change are offered only for runners in this process (a Lambda's position is its
 * event source mapping's); "retry all" asks each parked aggregate once and the runner works through them
 * {@code ParkingRetries.batch()} at a time, never all at once.
 */
package dev.escqrs.console;
