package dev.escqrs.spring.boot.web;

import dev.escqrs.core.command.CommandRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version a client saw, as its {@code If-Match} header gives it back: the {@code ETag} escqrs sends is the
 * aggregate's version in quotes ({@code "3"}), so {@code If-Match: "3"} is {@code ExpectedVersion(3)}, and the command
 * runs only if the aggregate is still at version 3 (a stale one is answered 412 by {@link EscqrsProblems}).
 *
 * <p>A controller parameter of this type is read from {@code If-Match} (no annotation needed): missing, the request is
 * answered 428 (Precondition Required: changes need the version the client saw); a weak tag ({@code W/"3"}), 412, as
 * RFC 9110 compares {@code If-Match} strongly; anything but a quoted number, 400. A parameter of type
 * {@code Optional<ExpectedVersion>} is empty when the header is missing, for changes that may go without it.
 *
 * <pre>{@code
 * @PutMapping("/posts/{id}/title")
 * ResponseEntity<PostView> retitle(@PathVariable String id, ExpectedVersion expected, @RequestBody Retitle body) {
 *     var result = posts.handle(expected.applyTo(CommandRequest.update(id, actor, new ChangeTitle(body.title()))));
 * }</pre>
 *
 * @param value the version the client saw; 0 or more
 */
public record ExpectedVersion(long value) {
    private static final Pattern ETAG = Pattern.compile("\"(\\d{1,18})\"");
    private static final Pattern WEAK_ETAG = Pattern.compile("W/\".*\"");

    public ExpectedVersion {
        if (value < 0) {
            throw new IllegalArgumentException("an expected version is 0 or more, got " + value);
        }
    }

    /**
     * The version an {@code If-Match} header names.
     *
     * @throws CommandHeaderException 428 when the header is missing or blank, 412 for a weak tag, 400 for anything
     *         but a version in quotes
     */
    public static ExpectedVersion fromIfMatch(String header) {
        if (header == null || header.isBlank()) {
            throw new CommandHeaderException(
                    ProblemType.PRECONDITION_REQUIRED,
                    "changes need If-Match with the version you saw, as the ETag gave it (e.g. If-Match: \"1\")");
        }
        String tag = header.strip();
        if (WEAK_ETAG.matcher(tag).matches()) {
            // RFC 9110 13.1.1: If-Match compares entity tags strongly, and a weak tag never matches
            throw new CommandHeaderException(
                    ProblemType.WEAK_ETAG,
                    ("If-Match compares entity tags "
                                    + "strongly; the weak tag %s never matches. Send the ETag as given, like \"%s\"")
                            .formatted(abbreviate(tag), abbreviate(tag.replaceAll("[^0-9]", ""))));
        }
        Matcher m = ETAG.matcher(tag);
        if (!m.matches()) {
            throw new CommandHeaderException(
                    ProblemType.INVALID_IF_MATCH,
                    "If-Match must be a version in quotes, like \"3\"; got " + abbreviate(tag));
        }
        return new ExpectedVersion(Long.parseLong(m.group(1)));
    }

    /** {@code request}, run only if the aggregate is still at this version ({@link CommandRequest#expectingVersion}). */
    public <C> CommandRequest<C> applyTo(CommandRequest<C> request) {
        return request.expectingVersion(value);
    }

    static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }
}
