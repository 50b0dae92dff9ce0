package dev.escqrs.example.blogpost.http;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** The public keys that verify tokens: read from PEM, and the one algorithm each is taken for. */
final class PublicKeys {
    private PublicKeys() {}

    /** Parses a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA or EC. */
    static PublicKey parse(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        if (!pem.contains("-----BEGIN PUBLIC KEY-----") || body.isEmpty()) {
            throw new IllegalArgumentException("the key must be a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM public key is not valid base64");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException("the PEM public key is neither an RSA nor an EC key");
    }

    /** RS256 for an RSA key of 2048 bits or more, ES256 for an EC P-256 key; any other key is refused. */
    static JWSAlgorithm algorithm(PublicKey key) {
        return switch (key) {
            case RSAPublicKey rsa when rsa.getModulus().bitLength() >= 2048 -> JWSAlgorithm.RS256;
            case RSAPublicKey rsa ->
                throw new IllegalArgumentException("an RSA key must have at least 2048 bits, got "
                        + rsa.getModulus().bitLength());
            case ECPublicKey ec when Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams())) -> JWSAlgorithm.ES256;
            case ECPublicKey ec -> throw new IllegalArgumentException("an EC key must be on P-256 (for ES256)");
            default -> throw new IllegalArgumentException("the key must be RSA or EC, got " + key.getAlgorithm());
        };
    }
}
