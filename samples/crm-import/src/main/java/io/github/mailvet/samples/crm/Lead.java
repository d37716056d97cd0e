package io.github.mailvet.samples.crm;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One input record.
 *
 * @param row     its number in the file (the header is row 1)
 * @param values  its cells, empty when it could not be read
 * @param email   the cell of the email column ("" when missing)
 * @param problem why it cannot be verified ({@code empty_email}, {@code multiple_addresses},
 *                {@code invalid_encoding}, {@code broken_csv_row}), or null
 * @param raw     the record's text as read, kept for rows that could not be parsed
 */
public record Lead(long row, List<String> values, String email, @Nullable String problem,
    String raw) {
}
