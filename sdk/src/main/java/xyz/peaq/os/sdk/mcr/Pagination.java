package xyz.peaq.os.sdk.mcr;

/** Paging of a list answer: {@code total} counts the whole list. */
public record Pagination(int offset, int limit, int total) {}
