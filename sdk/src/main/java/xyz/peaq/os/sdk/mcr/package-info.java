/**
 * Client of the MCR API (machine credit ratings): {@link xyz.peaq.os.sdk.mcr.McrClient} with {@code
 * queryMcr}, {@code queryMachine}, {@code queryMetadata}, {@code queryOperatorMachines} and {@code
 * awaitMcr}, returning immutable records that mirror the official snake_case JSON ({@code
 * mcr_score} is {@link xyz.peaq.os.sdk.mcr.McrResponse#mcrScore()}, ids are {@link
 * java.math.BigInteger}). Failures are {@link xyz.peaq.os.sdk.errors.ApiException}s with the
 * official codes; bad input is a {@link xyz.peaq.os.sdk.errors.ValidationException} before any I/O.
 */
package xyz.peaq.os.sdk.mcr;
