package dev.escqrs.example.blogpost;

import dev.escqrs.example.blogpost.http.Authentication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Who may write to the service, from its flags ({@code --auth}, {@code --jwt-public-key}, {@code --jwt-issuer},
 * {@code --jwt-audience}, {@code --host}) and the environment ({@code ESCQRS_JWT_SECRET}).
 */
final class ServiceAuthentication {
    private ServiceAuthentication() {}

    /**
     * JWT when a key is given, else development auth, which is refused on any interface but loopback.
     *
     * @throws IllegalArgumentException flags that do not make one mode, or a key that cannot be read or used
     */
    static Authentication from(Options options, Map<String, String> env) {
        Optional<String> secret =
                Optional.ofNullable(env.get("ESCQRS_JWT_SECRET")).filter(v -> !v.isEmpty());
        boolean keyed = secret.isPresent() || options.jwtPublicKey().isPresent();
        String mode = options.auth().orElse(keyed ? "jwt" : "dev");
        if (mode.equals("dev")) {
            if (!isLoopback(options.host())) {
                throw new IllegalArgumentException(
                        ("development auth trusts any X-Actor-Id, so it serves loopback only, "
                                        + "not --host %s. Give a key (ESCQRS_JWT_SECRET, or --jwt-public-key FILE) for --auth jwt")
                                .formatted(options.host()));
            }
            return Authentication.development();
        }
        if (secret.isPresent() == options.jwtPublicKey().isPresent()) {
            throw new IllegalArgumentException(
                    secret.isPresent()
                            ? "give one key: ESCQRS_JWT_SECRET (HS256) or --jwt-public-key (RS256/ES256), not both"
                            : "--auth jwt needs a key: ESCQRS_JWT_SECRET (HS256, at least 32 bytes) or --jwt-public-key FILE (PEM)");
        }
        if (secret.isPresent()) {
            return Authentication.sharedSecret(
                    secret.get().getBytes(StandardCharsets.UTF_8), options.jwtIssuer(), options.jwtAudience());
        }
        Path file = options.jwtPublicKey().get();
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --jwt-public-key " + file + ": " + e.getMessage());
        }
        return Authentication.publicKey(Authentication.parsePublicKey(pem), options.jwtIssuer(), options.jwtAudience());
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + " is not an address of this machine");
        }
    }
}
