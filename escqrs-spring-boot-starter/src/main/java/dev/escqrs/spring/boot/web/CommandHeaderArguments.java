package dev.escqrs.spring.boot.web;

import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves controller parameters of type {@link ExpectedVersion} (from {@code If-Match}) and {@link IdempotencyKey}
 * (from {@code Idempotency-Key}), each also as an {@code Optional} that is empty when the header is missing.
 */
final class CommandHeaderArguments implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        Class<?> type = parameter.nestedIfOptional().getNestedParameterType();
        return type == ExpectedVersion.class || type == IdempotencyKey.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        boolean expectedVersion = parameter.nestedIfOptional().getNestedParameterType() == ExpectedVersion.class;
        String header = request.getHeader(expectedVersion ? HttpHeaders.IF_MATCH : IdempotencyKey.HEADER);
        if (parameter.isOptional()) {
            if (header == null) {
                return Optional.empty();
            }
            return Optional.of(
                    expectedVersion ? ExpectedVersion.fromIfMatch(header) : IdempotencyKey.fromHeader(header));
        }
        return expectedVersion ? ExpectedVersion.fromIfMatch(header) : IdempotencyKey.fromHeader(header);
    }
}
