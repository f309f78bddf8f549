/**
 * Time-based one-time passwords (RFC 6238) and their {@code otpauth://} URIs: the Gas Station's 2FA
 * codes, computed the same way by the service that checks them and by a devnet client that answers
 * them.
 */
package xyz.peaq.os.sdk.otp;
