/**
 * The operator CLI. {@link dev.escqrs.cli.EscqrsCli} builds the command tree ({@code runners},
 * {@code parked list|show|retry|skip}, {@code checkpoint get|set|reset}, {@code events}, {@code verify},
 * {@code repair}) for the aggregate types an application registers; everything else in
 * this package is the commands themselves and is not API.
 *
 * <p>Every command takes the connection options {@code --region}, {@code --table-prefix}, {@code --endpoint},
 * {@code --emulator} and {@code --layout} (see {@code ConnectionOptions}). Exit codes: 0 done and nothing to report,
 * 1 the command failed (a missing table, no credentials), 2 the command line was wrong, 3 the command ran and found
 * something an operator must act on (verify: rows that disagree with their events; repair: rows it could not fix;
 * checkpoint get: no checkpoint; runners and parked list: parked aggregates; parked show, retry and skip: the
 * aggregate is not parked).
 */
package dev.escqrs.cli;
