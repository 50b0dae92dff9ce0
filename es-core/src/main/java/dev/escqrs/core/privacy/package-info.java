/**
 * Personal data in an append-only store, erased by crypto-shredding: {@link dev.escqrs.core.privacy.PersonalData}
 * marks the properties, {@link dev.escqrs.core.privacy.DataKeys} keeps one key per data subject, and
 * {@code JsonCodec.withPersonalData} encrypts and decrypts them. See docs/privacy.md.
 */
package dev.escqrs.core.privacy;
