package dev.gatehouse.tenant.common;

import java.util.List;
import java.util.function.Function;

/** One page of a listing; {@code page} counts from 0. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public static final int MAX_SIZE = 200;

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }

    public static int checkedSize(int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.badRequest("size must be between 1 and " + MAX_SIZE);
        }
        return size;
    }

    public static int checkedPage(int page) {
        if (page < 0) {
            throw ApiException.badRequest("page must be 0 or more");
        }
        return page;
    }
}
